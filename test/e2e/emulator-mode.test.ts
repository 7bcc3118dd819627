/**
 * `--emulator`: no account, no endpoint, no credentials. The CLI starts the emulator in
 * process with its state under XDG_CACHE_HOME, says so, and a rerun sees the same world.
 */

import { existsSync, mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { jsonOf, spawnCli } from './harness.js';

describe('create --emulator', () => {
  it('plays today\'s catalogue by default: the AliyunLinux2 quickstart is refused before anything is created; an unknown catalogue is named', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ackl2-e2e-cache-'));
    const refused = await runCli(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes'], { env: { XDG_CACHE_HOME: cache, CI: 'true' } });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('playing catalogue 2026-11');
    const state = JSON.parse(readFileSync(join(cache, 'ackl2', 'emulator-state.json'), 'utf8'));
    expect(state.world.catalogue).toBe('2026-11');
    expect(state.clusters).toEqual({});
    const unknown = await runCli(['get', 'clusters', '--emulator'], { env: { XDG_CACHE_HOME: cache, ACKL2_EMULATOR_CATALOG: '2019-01' } });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown catalogue "2019-01"');
  });

  it('creates against a built-in emulator, remembers it in the state file, and resumes from it', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ackl2-e2e-cache-'));
    const env = { XDG_CACHE_HOME: cache, ACKL2_EMULATOR_SPEED: '20', CI: 'true' };
    // The quickstart is an AliyunLinux2 profile: catalogue 2024-03, with its own state file.
    const statePath = join(cache, 'ackl2', 'emulator-state-2024-03.json');
    const first = await runCli(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--emulator-catalog', '2024-03', '--yes', '--output', 'json'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`using the local ackl2 emulator at http://127.0.0.1:`);
    expect(first.stderr).toContain('playing catalogue 2024-03');
    expect(first.stderr).toContain(`(state: ${statePath})`);
    const doc = jsonOf(first);
    expect(doc).toMatchObject({ ok: true, changed: true, cluster: { state: 'running', action: 'created' } });
    expect(doc.emulator.stateFile).toBe(statePath);
    expect(doc.emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const again = await runCli(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes'], { env: { ...env, ACKL2_EMULATOR_CATALOG: '2024-03' } });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('exists and matches the profile: nothing to do');
    expect(again.stdout).toContain(`the cluster lives in ${statePath}`);
    expect(again.stdout).toContain('see it with `ackl2 get nodes --cluster ackl2-quickstart --emulator --emulator-catalog 2024-03`');
    expect(again.stdout).toContain(doc.cluster.id);
    expect(doc.emulator.catalogue).toBe('2024-03');
    // The hinted command finds the cluster: it names the catalogue whose world holds it.
    const hinted = await runCli(['get', 'nodes', '--cluster', 'ackl2-quickstart', '--emulator', '--emulator-catalog', '2024-03'], { env });
    expect(hinted.code, hinted.stderr).toBe(0);
    expect(hinted.stdout).toContain('default');
  });

  it('a kill -9 leaves the lock behind: the next run takes it over and resumes; a live holder is waited for, with a progress line', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ackl2-e2e-cache-'));
    const env = { XDG_CACHE_HOME: cache, ACKL2_EMULATOR_SPEED: '5', CI: 'true', ACKL2_EMULATOR_CATALOG: '2024-03' };
    const lock = join(cache, 'ackl2', 'emulator-state-2024-03.json.lock');
    const { child, done } = spawnCli(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes'], env);
    while (!existsSync(lock)) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 600));
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(existsSync(lock)).toBe(true);

    const resumed = await runCli(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes', '--output', 'json'], { env: { ...env, ACKL2_EMULATOR_SPEED: '20' } });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(jsonOf(resumed)).toMatchObject({ ok: true, cluster: { state: 'running' } });
    const clusters = JSON.parse(readFileSync(join(cache, 'ackl2', 'emulator-state-2024-03.json'), 'utf8')).clusters;
    expect(Object.values(clusters).map((c: any) => c.name)).toEqual(['ackl2-quickstart']);

    // a live process holds it (this test process stands in for a running `create --emulator`)
    writeFileSync(lock, `${process.pid}\n`);
    const waiting = spawnCli(['get', 'clusters', '--emulator', '--output', 'json'], env);
    let stderr = '';
    waiting.child.stderr!.on('data', (d: string) => (stderr += d));
    while (!stderr.includes('waiting for another ackl2 command')) await new Promise((r) => setTimeout(r, 20));
    expect(stderr).toContain(`waiting for another ackl2 command with --emulator (pid ${process.pid}) to finish with the local emulator's world (${join(cache, 'ackl2', 'emulator-state-2024-03.json')})`);
    expect(stderr).toContain('ackl2 emulator --state');
    unlinkSync(lock); // the holder finishes
    const served = await waiting.done;
    expect(served.code, served.stderr).toBe(0);
    expect(jsonOf(served).clusters.map((c: { name: string }) => c.name)).toEqual(['ackl2-quickstart']);
    expect(existsSync(lock)).toBe(false);
  });

  it('cannot be combined with --endpoint', async () => {
    const result = await runCli(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes', '--endpoint', 'http://127.0.0.1:9'], { env: { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'ackl2-e2e-cache-')) } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--emulator and --endpoint (or ACKL2_ENDPOINT) cannot be combined');
  });
});
