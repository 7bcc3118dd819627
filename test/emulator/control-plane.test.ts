/**
 * The emulator guards itself (Host header, control token), resets to a fresh or a given
 * seed, and runs on a virtual clock when asked: tasks move only when time is advanced or
 * by a fixed step per API call, so every state is observable whatever the machine's load.
 */

import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { clients, clusterRequest, control, fastEmulator, steppedEmulator } from './helpers.js';

/** A raw request with a chosen Host header (fetch does not let a caller set it). */
function rawRequest(emulator: RunningEmulator, options: { method?: string; path: string; host: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: emulator.port, method: options.method ?? 'GET', path: options.path, headers: { host: options.host, ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the emulator guards itself', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('refuses a Host header that is not a loopback name (DNS rebinding), API and control alike', async () => {
    emulator = await fastEmulator();
    const token = { authorization: `Bearer ${emulator.token}` };
    for (const host of ['evil.example', `evil.example:${emulator.port}`, `127.0.0.1.evil.example:${emulator.port}`, '[::1]:80']) {
      const reset = await rawRequest(emulator, { method: 'POST', path: '/_emulator/reset', host, headers: token });
      expect(reset.status, host).toBe(403);
      expect(JSON.parse(reset.body).error).toContain('the Host header must name the emulator as 127.0.0.1 or localhost');
      expect((await rawRequest(emulator, { path: '/?Action=DescribeRegions', host })).status, host).toBe(403);
    }
    // refused requests reached nothing: no call was logged
    expect(emulator.calls()).toEqual([]);
    for (const host of [`127.0.0.1:${emulator.port}`, `localhost:${emulator.port}`, 'LOCALHOST', '127.0.0.1']) {
      expect((await rawRequest(emulator, { path: '/_emulator/health', host })).status, host).toBe(200);
    }
  });

  it('control calls that change the emulator need the token; reads do not', async () => {
    emulator = await fastEmulator();
    const host = `127.0.0.1:${emulator.port}`;
    const changes: [string, string, string?][] = [
      ['POST', '/_emulator/reset'],
      ['POST', '/_emulator/faults', '{"spec":"throttle=1"}'],
      ['POST', '/_emulator/clock', '{"advanceMs":1000}'],
      ['DELETE', '/_emulator/calls'],
    ];
    for (const [method, path, body] of changes) {
      const refused: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token' }, { authorization: emulator.token }];
      for (const headers of refused) {
        const answer = await rawRequest(emulator, { method, path, host, headers, body });
        expect(answer.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(JSON.parse(answer.body).error).toContain('send the token of its ready line as "Authorization: Bearer TOKEN"');
      }
    }
    // nothing changed: no fault was armed
    expect((await control(emulator, 'GET', '/_emulator/faults')).probabilities).toEqual({});
    for (const path of ['/_emulator/state', '/_emulator/calls', '/_emulator/faults', '/_emulator/clock', '/_emulator/health']) {
      expect((await rawRequest(emulator, { path, host })).status, path).toBe(200);
    }
    const armed = await rawRequest(emulator, { method: 'POST', path: '/_emulator/faults', host, headers: { authorization: `Bearer ${emulator.token}` }, body: '{"spec":"throttle=1"}' });
    expect(armed.status).toBe(200);
    expect(JSON.parse(armed.body).probabilities).toEqual({ throttle: 1 });
  });

  it('a given token is the one required', async () => {
    emulator = await startEmulator({ token: 'my-control-token' });
    expect(emulator.token).toBe('my-control-token');
    const host = `127.0.0.1:${emulator.port}`;
    expect((await rawRequest(emulator, { method: 'DELETE', path: '/_emulator/calls', host, headers: { authorization: 'Bearer my-control-token' } })).status).toBe(200);
  });
});

describe('reset seeds', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  /** The ids of a cluster created after a reset, and which of 12 calls the dice throttled. */
  async function afterReset(body: unknown): Promise<{ seed: number; clusterId: string; throttled: boolean[] }> {
    const reset = await control(emulator!, 'POST', '/_emulator/reset', body);
    const { cs: ack } = clients(emulator!);
    const throttled: boolean[] = [];
    let clusterId = '';
    for (let i = 0; i < 12; i++) {
      try {
        const created = await ack.createCluster(clusterRequest({ name: `c${i}` }));
        clusterId ||= created.body!.clusterId!;
        throttled.push(false);
      } catch {
        throttled.push(true);
      }
    }
    return { seed: reset.seed, clusterId, throttled };
  }

  it('without a seed draws a fresh fault sequence and ids; with the seed it reports, replays them', async () => {
    emulator = await fastEmulator({ qps: 0, faults: 'throttle=0.5', seed: 9 });
    const first = await afterReset(undefined);
    const second = await afterReset({});
    expect(first.seed).not.toBe(second.seed);
    expect([first.clusterId, first.throttled]).not.toEqual([second.clusterId, second.throttled]);
    const replayed = await afterReset({ seed: first.seed });
    expect(replayed).toEqual(first);
  });

  it('refuses a seed that is not a 32-bit whole number', async () => {
    emulator = await fastEmulator();
    for (const seed of [-1, 1.5, 2 ** 32, 'seven']) {
      const answer = await fetch(`${emulator.endpoint}/_emulator/reset`, { method: 'POST', headers: { authorization: `Bearer ${emulator.token}` }, body: JSON.stringify({ seed }) });
      expect(answer.status, String(seed)).toBe(400);
      expect(((await answer.json()) as { error: string }).error).toMatch(/seed must be a whole number from 0 to 4294967295/);
    }
  });
});

describe('the virtual clock', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('stands still on wall time and moves by POST /_emulator/clock', async () => {
    ({ emulator } = await steppedEmulator());
    const { cs: ack } = clients(emulator);
    const created = await ack.createCluster(clusterRequest({ name: 'waits' }));
    const taskId = created.body!.taskId!;
    const state = async () => (await ack.describeTaskInfo(taskId)).body!.state;
    const before = emulator.clock().now;
    await new Promise((r) => setTimeout(r, 250));
    expect(await state()).toBe('running');
    expect(emulator.clock()).toEqual({ kind: 'virtual', now: before, stepMs: 0 });
    const moved = await control(emulator, 'POST', '/_emulator/clock', { advanceMs: 3000 });
    expect(moved).toEqual({ kind: 'virtual', now: before + 3000, stepMs: 0 });
    expect(await state()).toBe('running');
    await control(emulator, 'POST', '/_emulator/clock', { advanceMs: 3000 });
    expect(await state()).toBe('success');
  });

  it('with a step, a task finishes after duration / step API calls, through every stage', async () => {
    ({ emulator } = await steppedEmulator({ clock: { virtual: { stepMs: 1000 } } }));
    const { cs: ack } = clients(emulator);
    const created = await ack.createCluster(clusterRequest({ name: 'counted' }));
    const seen: string[] = [];
    let polls = 0;
    for (;;) {
      const body = (await ack.describeTaskInfo(created.body!.taskId!)).body!;
      polls++;
      seen.push(`${body.state}:${body.currentStage}`);
      if (body.state !== 'running') break;
    }
    // the cluster task takes 6 s and every call moves time 1 s on: polls 1..5 see it running, poll 6 done
    expect(polls).toBe(6);
    expect(seen.at(-1)).toBe('success:InstallAddons');
    expect(new Set(seen.slice(0, -1).map((s) => s.split(':')[1])).size).toBeGreaterThan(1);
  });

  it('refuses to move backwards, and a wall clock refuses to move at all', async () => {
    ({ emulator } = await steppedEmulator());
    for (const body of [{ advanceMs: -5 }, { stepMs: 1.5 }, { advanceMs: '1s' }, {}]) {
      const answer = await fetch(`${emulator.endpoint}/_emulator/clock`, { method: 'POST', headers: { authorization: `Bearer ${emulator.token}` }, body: JSON.stringify(body) });
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    await emulator.close();
    emulator = await fastEmulator();
    const wall = await fetch(`${emulator.endpoint}/_emulator/clock`, { method: 'POST', headers: { authorization: `Bearer ${emulator.token}` }, body: '{"advanceMs":1000}' });
    expect(wall.status).toBe(400);
    expect(((await wall.json()) as { error: string }).error).toContain('the emulator runs on the wall clock, which cannot be moved');
    expect(emulator.clock().kind).toBe('wall');
  });
});
