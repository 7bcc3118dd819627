/** The state file: restarts continue where the last run stopped; locks; corrupt files are errors. */

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultStatePath, startEmulator } from '../../src/emulator/index.js';
import { UserError } from '../../src/errors.js';
import { clients, clusterRequest, LEGACY_CATALOGUE, poolRequest, steppedClock, waitFor, waitTask } from './helpers.js';

const tempState = () => join(mkdtempSync(join(tmpdir(), 'ackl2-emu-')), 'state.json');
const options = (statePath: string) => ({ statePath, speed: 5, accessKeySecret: 'test-secret', seed: 11, catalogue: LEGACY_CATALOGUE });

describe('persistence', () => {
  it('a restarted emulator continues the tasks of the previous one, and ids stay unique', async () => {
    const statePath = tempState();
    const clock = steppedClock();
    const first = await startEmulator({ ...options(statePath), now: clock.now });
    const created = await clients(first).cs.createCluster(clusterRequest({ name: 'survivor' }));
    const clusterId = created.body!.clusterId!;
    await first.close();

    const second = await startEmulator({ ...options(statePath), now: clock.now });
    try {
      const ack = clients(second).cs;
      expect((await ack.describeClusterDetail(clusterId)).body?.state).toBe('initial');
      expect((await waitTask(ack, created.body!.taskId!, clock)).state).toBe('success');
      expect((await ack.describeClusterDetail(clusterId)).body?.state).toBe('running');
      const another = await ack.createCluster(clusterRequest({ name: 'newcomer' }));
      expect(another.body?.clusterId).not.toBe(clusterId);
      expect(another.body?.taskId).not.toBe(created.body?.taskId);
    } finally {
      await second.close();
    }
    const saved = JSON.parse(readFileSync(statePath, 'utf8'));
    expect(Object.values(saved.clusters).map((c: any) => [c.name, c.state]).sort()).toEqual([
      ['newcomer', 'initial'],
      ['survivor', 'running'],
    ]);
  });

  it('writes atomically (no temp files left), mode 0600, and never stores passwords', async () => {
    const statePath = tempState();
    const emulator = await startEmulator({ ...options(statePath), speed: 100 });
    try {
      const ack = clients(emulator).cs;
      const created = await ack.createCluster(clusterRequest({ name: 'secretive', loginPassword: 'Hunter2-cluster!' }));
      await waitTask(ack, created.body!.taskId!);
      const pool = poolRequest('web', 1);
      pool.scalingGroup!.loginPassword = 'Hunter2-pool!';
      await ack.createClusterNodePool(created.body!.clusterId!, pool);
    } finally {
      await emulator.close();
    }
    expect(readdirSync(join(statePath, '..')).sort()).toEqual(['state.json']);
    expect(statSync(statePath).mode & 0o777).toBe(0o600);
    const text = readFileSync(statePath, 'utf8');
    expect(text).not.toContain('Hunter2');
    expect(text).not.toContain('test-secret');
  });

  it('a second emulator on the same state file fails clearly; the lock is released on close', async () => {
    const statePath = tempState();
    const first = await startEmulator(options(statePath));
    const error = await startEmulator(options(statePath)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(`the emulator state file ${statePath} is in use by another emulator (pid ${process.pid})`);
    expect(existsSync(`${statePath}.lock`)).toBe(true);
    await first.close();
    expect(existsSync(`${statePath}.lock`)).toBe(false);
    const again = await startEmulator(options(statePath));
    await again.close();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const statePath = tempState();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(`${statePath}.lock`, `${dead}\n`);
    const emulator = await startEmulator(options(statePath));
    expect(readFileSync(`${statePath}.lock`, 'utf8').trim()).toBe(String(process.pid));
    await emulator.close();
  });

  it('takes over a lock whose process is a zombie nobody reaps (a kill -9 in a container without init)', async () => {
    const statePath = tempState();
    // the child exits once its parent has become `sleep`, which never waits for it: a zombie
    const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const [line] = (await once(parent.stdout!, 'data')) as [Buffer];
      const zombie = Number(line.toString().trim());
      const state = () => (existsSync(`/proc/${zombie}/stat`) ? readFileSync(`/proc/${zombie}/stat`, 'utf8') : '');
      await waitFor(async () => (state().includes(') Z') ? true : undefined), 'the zombie', 3000, 20);
      writeFileSync(`${statePath}.lock`, `${zombie}\n`);
      const emulator = await startEmulator(options(statePath));
      expect(readFileSync(`${statePath}.lock`, 'utf8').trim()).toBe(String(process.pid));
      await emulator.close();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it.each([
    ['not JSON', '{"version": 1, "clus', /is corrupt: not valid JSON/],
    ['of another shape', '{"version": 2}', /is corrupt: version: /],
    ['missing its world', JSON.stringify({ version: 1, created: 1, clusters: {} }), /is corrupt: world: /],
  ])('a state file %s is an error, never a reset', async (_what, content, message) => {
    const statePath = tempState();
    writeFileSync(statePath, content);
    const error = await startEmulator(options(statePath)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(message);
    expect((error as UserError).hint).toMatch(/move it away/);
    expect(readFileSync(statePath, 'utf8')).toBe(content);
    expect(existsSync(`${statePath}.lock`)).toBe(false);
  });

  it('the in-process API reports state and calls', async () => {
    const emulator = await startEmulator({ speed: 100, accessKeySecret: 'test-secret', catalogue: LEGACY_CATALOGUE });
    try {
      const ack = clients(emulator).cs;
      const created = await ack.createCluster(clusterRequest({ name: 'observed' }));
      await waitFor(async () => (emulator.state().clusters[created.body!.clusterId!]?.state === 'running' ? true : undefined), 'running');
      expect(emulator.calls().map((c) => c.action)).toEqual(['CreateCluster']);
      expect(emulator.calls()[0]).toMatchObject({ service: 'ack', method: 'POST', path: '/clusters', status: 200, mutating: true });
    } finally {
      await emulator.close();
    }
  });

  it('defaultStatePath follows XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultStatePath({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe('/x/cache/ackl2/emulator-state.json');
    expect(defaultStatePath({ HOME: '/home/u' })).toBe('/home/u/.cache/ackl2/emulator-state.json');
    expect(defaultStatePath({ XDG_CACHE_HOME: '', HOME: '/home/u' })).toBe('/home/u/.cache/ackl2/emulator-state.json');
  });
});


