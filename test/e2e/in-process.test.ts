/**
 * The in-process runner (runCliInProcess): the built bundle gives the same result as the built
 * CLI as a process, and two runs in one worker share nothing that depends on their
 * environment: not the cloud, the credentials, the settings, HOME or the directory; and no run
 * touches the process's environment, directory or signal handlers.
 */

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, runCliInProcess } from '../helpers/cli.js';
import { jsonOf, onePoolProfile, startCloud, writeProfile, type TestCloud } from './harness.js';

let one: TestCloud;
let other: TestCloud;
beforeAll(async () => {
  [one, other] = await Promise.all([startCloud(), startCloud()]);
});
afterAll(async () => {
  await Promise.all([one?.close(), other?.close()]);
});

it('prints what the built CLI prints as a process, exit code included', async () => {
  for (const args of [['validate', '-f', 'profiles/quickstart.yaml', '-o', 'json'], ['get', 'nodes', '-o', 'json'], ['--help']]) {
    const [spawned, inProcess] = [await runCli(args), await runCliInProcess(args)];
    expect(inProcess, args.join(' ')).toEqual(spawned);
  }
});

it('runs of one worker go one at a time: started together, each has its own output', async () => {
  const [valid, usage] = await Promise.all([runCliInProcess(['validate', '-f', 'profiles/quickstart.yaml', '-o', 'json']), runCliInProcess(['get', 'nodes', '-o', 'json'])]);
  expect([valid.code, jsonOf(valid).ok]).toEqual([0, true]);
  expect([usage.code, jsonOf(usage).ok]).toEqual([2, false]);
});

it('two runs share no cloud, credentials, settings, HOME or directory, and leave the process as it was', async () => {
  const before = { env: { ...process.env }, cwd: process.cwd(), sigint: process.listenerCount('SIGINT'), sigterm: process.listenerCount('SIGTERM'), stdoutErrors: process.stdout.listenerCount('error') };
  const dir = mkdtempSync(join(tmpdir(), 'ackl2-in-process-'));
  writeFileSync(join(dir, 'cluster.yaml'), onePoolProfile('in-process'));

  // a relative -f is read from the run's directory, and the cluster lands in that run's cloud only
  const made = await one.inProcess(['create', '-f', 'cluster.yaml', '--yes', '-o', 'json'], { cwd: dir });
  expect(made.code, made.stderr).toBe(0);
  const names = async (cloud: TestCloud) => jsonOf(await cloud.inProcess(['get', 'clusters', '--region', 'cn-hangzhou', '-o', 'json'])).clusters.map((c: { name: string }) => c.name);
  expect(await names(one)).toEqual(['in-process']);
  expect(await names(other)).toEqual([]);

  // the other cloud's key pair is refused by this one: each run signs with its own environment's
  const crossed = await one.inProcess(['get', 'clusters', '--region', 'cn-hangzhou', '-o', 'json'], { env: { ALIBABA_CLOUD_ACCESS_KEY_ID: other.emulator.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: other.emulator.accessKeySecret } });
  expect(crossed.code, crossed.stderr).not.toBe(0);

  // a bad setting fails its own run only
  const badRate = await one.inProcess(['get', 'clusters', '--region', 'cn-hangzhou'], { env: { ACKL2_MAX_RPS: 'fast' } });
  expect([badRate.code, badRate.stderr]).toEqual([2, expect.stringContaining('ACKL2_MAX_RPS="fast" is not a request rate')]);
  expect((await one.inProcess(['get', 'clusters', '--region', 'cn-hangzhou'])).code).toBe(0);

  // kubeconfig merges into the run's HOME, not the worker's
  const merged = await one.inProcess(['kubeconfig', '--cluster', 'in-process', '--private', '--region', 'cn-hangzhou']);
  expect(merged.code, merged.stderr).toBe(0);
  expect(readFileSync(join(one.env.HOME!, '.kube', 'config'), 'utf8')).toContain('in-process');
  expect(existsSync(join(other.env.HOME!, '.kube', 'config'))).toBe(false);

  expect({ env: { ...process.env }, cwd: process.cwd(), sigint: process.listenerCount('SIGINT'), sigterm: process.listenerCount('SIGTERM'), stdoutErrors: process.stdout.listenerCount('error') }).toEqual(before);
});

it('the directory is the run\'s: a relative -f is read from it, and the next run without it does not inherit it', async () => {
  const file = writeProfile(onePoolProfile('elsewhere'));
  const there = await runCliInProcess(['validate', '-f', 'profile.yaml'], { cwd: dirname(file) });
  expect(there.code, there.stderr).toBe(0);
  const here = await runCliInProcess(['validate', '-f', 'profile.yaml']);
  expect(here.code).toBe(2);
  expect(here.stderr).toContain('profile.yaml');
});
