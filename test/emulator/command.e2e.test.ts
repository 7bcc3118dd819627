/** `ackl2 emulator` through the built CLI: one ready line, SDK calls, clean exit on SIGTERM/SIGINT, bad flags. */

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { CLI_PATH, cleanEnv, REPO_ROOT, runCli } from '../helpers/cli.js';
import { clients, clusterRequest, ecs, waitTask, WORLD } from './helpers.js';

interface Started {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startCli(args: string[]): Started {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: REPO_ROOT, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function firstLine(started: Started, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!started.stdout().includes('\n')) {
    if (Date.now() > deadline) throw new Error(`no ready line; stderr: ${started.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return started.stdout().split('\n')[0]!;
}

describe('ackl2 emulator', () => {
  it('--output json prints exactly one line once ready, serves the SDKs, and exits 0 on SIGTERM with state flushed', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'ackl2-cli-')), 'state.json');
    const started = startCli(['emulator', '--output', 'json', '--speed', '50', '--seed', '3', '--state', statePath, '--access-key-id', 'LTAI5tMyKey', '--catalog', '2024-03']);
    try {
      const ready = JSON.parse(await firstLine(started)) as Record<string, string>;
      expect(Object.keys(ready)).toEqual(['ok', 'endpoint', 'host', 'accessKeyId', 'accessKeySecret', 'region', 'token', 'catalogue']);
      expect(ready.catalogue).toBe('2024-03');
      expect(ready.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // the official SDKs take a host as Config.endpoint: the ready line gives it ready to use
      expect(ready.endpoint).toBe(`http://${ready.host}`);
      expect(ready).toMatchObject({ accessKeyId: 'LTAI5tMyKey', region: 'cn-hangzhou' });
      expect(ready.accessKeySecret!.length).toBeGreaterThanOrEqual(20);
      const emulator = { host: ready.host!, accessKeyId: ready.accessKeyId!, accessKeySecret: ready.accessKeySecret!, region: ready.region! } as RunningEmulator;
      const { cs: ack, ecs: ec } = clients(emulator);
      expect((await ec.describeVpcs(new ecs.DescribeVpcsRequest({ regionId: WORLD.region }))).body?.totalCount).toBe(2);
      const created = await ack.createCluster(clusterRequest({ name: 'from-cli' }));
      expect((await waitTask(ack, created.body!.taskId!)).state).toBe('success');
      expect(existsSync(`${statePath}.lock`)).toBe(true);
      // the token of the ready line opens the control calls that change the emulator
      const clear = (headers: Record<string, string>) => fetch(`${ready.endpoint}/_emulator/calls`, { method: 'DELETE', headers });
      expect((await clear({})).status).toBe(401);
      expect((await clear({ authorization: `Bearer ${ready.token}` })).status).toBe(200);
      // a long-running emulator collects its own garbage (memory-housekeeping.ts): on by default
      const stats = (await (await fetch(`${ready.endpoint}/_emulator/stats`)).json()) as { housekeeping: { everyMs: number } };
      expect(stats.housekeeping.everyMs).toBe(20_000);
    } finally {
      started.child.kill('SIGTERM');
    }
    expect(await started.exited).toBe(0);
    expect(started.stdout().split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(existsSync(`${statePath}.lock`)).toBe(false);
    const saved = JSON.parse(readFileSync(statePath, 'utf8'));
    expect(Object.values(saved.clusters).map((c: any) => [c.name, c.state])).toEqual([['from-cli', 'running']]);
  });

  it('--clock virtual: tasks wait for POST /_emulator/clock, whatever the wall clock does', async () => {
    const started = startCli(['emulator', '--output', 'json', '--clock', 'virtual', '--catalog', '2024-03']);
    try {
      const ready = JSON.parse(await firstLine(started)) as Record<string, string>;
      const { cs: ack } = clients({ host: ready.host!, accessKeyId: ready.accessKeyId!, accessKeySecret: ready.accessKeySecret!, region: ready.region! } as RunningEmulator);
      const created = await ack.createCluster(clusterRequest({ name: 'on-virtual-time' }));
      const state = async () => (await ack.describeTaskInfo(created.body!.taskId!)).body!.state;
      await new Promise((r) => setTimeout(r, 300));
      expect(await state()).toBe('running');
      const advance = await fetch(`${ready.endpoint}/_emulator/clock`, { method: 'POST', headers: { authorization: `Bearer ${ready.token}` }, body: '{"advanceMs": 60000}' });
      expect(await advance.json()).toMatchObject({ kind: 'virtual', stepMs: 0 });
      expect(await state()).toBe('success');
    } finally {
      started.child.kill('SIGTERM');
    }
    expect(await started.exited).toBe(0);
  });

  it('table output names the endpoint and the variables to export; SIGINT stops it cleanly', async () => {
    const started = startCli(['emulator', '--access-key-secret', 'my-own-secret']);
    try {
      await firstLine(started);
      const deadline = Date.now() + 5000;
      while (!started.stdout().includes('ACKL2_ENDPOINT') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      started.child.kill('SIGINT');
    }
    expect(await started.exited).toBe(0);
    const out = started.stdout();
    expect(out).toMatch(/^ackl2 emulator listening on http:\/\/127\.0\.0\.1:\d+ \(region cn-hangzhou, catalogue 2026-11\)\n/);
    expect(out).toContain('export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tEmulatorAckl2\n');
    expect(out).toContain('export ALIBABA_CLOUD_ACCESS_KEY_SECRET=my-own-secret\n');
    expect(out).toMatch(/export ACKL2_ENDPOINT=http:\/\/127\.0\.0\.1:\d+\n/);
    // ackl2 needs a region with ACKL2_ENDPOINT: the lines to export include the emulator's
    expect(out).toContain('export ALIBABA_CLOUD_REGION_ID=cn-hangzhou\n');
    expect(out).toMatch(/endpoint: '127\.0\.0\.1:\d+', protocol: 'http'/);
    expect(started.stderr()).toContain('Ctrl-C to stop');
    expect(started.stderr()).toContain('emulator stopped');
  });

  // every refused flag: test/emulator/command-options.test.ts; here one the option parser
  // refuses and one the command does, through the built CLI
  it.each([
    [['--port', '70000'], /--port must be a whole number from 0 to 65535, not "70000"/],
    [['--world', 'no/such/world.yaml'], /cannot read world file .*no\/such\/world\.yaml: ENOENT/],
  ])('refuses %j with exit 2 before listening', async (flags, message) => {
    const result = await runCli(['emulator', ...flags], { timeoutMs: 15_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('a located world-file error names FILE:LINE:COL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ackl2-cli-world-'));
    const file = join(dir, 'world.yaml');
    writeFileSync(file, 'regions:\n  - id: cn-hangzhou\n    zones: []\nkubernetesVersions: []\n');
    const result = await runCli(['emulator', '--world', file, '--output', 'json'], { timeoutMs: 15_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3:12 regions[0].zones:`);
    expect(result.stderr).toContain(`${file}:4:21 kubernetesVersions:`);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ ok: false, error: { type: 'ValidationFailed', exitCode: 2 } });
  });
});
