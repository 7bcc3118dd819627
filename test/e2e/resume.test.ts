/**
 * Reruns resume instead of duplicating: after SIGKILL at random points, right after a
 * creation was accepted, after Ctrl-C and after --timeout, the same `create` converges to
 * exactly one cluster, every pool once, every listed instance joined; then changes nothing.
 * Kill points are counted in API calls and the emulator's clock stands still where a test
 * needs the run to be mid-flight, so no test depends on how fast the machine is.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/emulator/index.js';
import { assertNoSecrets, jsonOf, mutating, seededRandom, spawnCli, startCloud, STEP_MS, type TestCloud } from './harness.js';

const PROFILE = 'profiles/web.yaml';
const NAME = 'web-shop';
const ARGS = ['create', '-f', PROFILE, '--yes', '--output', 'json'];

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

/** The emulator's view: clusters named web-shop, their pools by name, and who joined web. */
function converged(c: TestCloud) {
  const state = c.emulator.state();
  const clusters = Object.values(state.clusters).filter((x) => x.name === NAME);
  const clusterId = clusters[0]?.id;
  const pools = Object.values(state.nodePools).filter((p) => p.clusterId === clusterId);
  const web = pools.find((p) => p.name === 'web');
  const joined = Object.values(state.nodes)
    .filter((n) => n.nodepoolId === web?.id && n.instanceId.startsWith('i-bp1spare'))
    .map((n) => n.instanceId)
    .sort();
  const osParameters = Object.fromEntries(pools.map((p) => [p.name, (p.spec.node_config as { node_os_config?: { sysctl?: unknown } } | undefined)?.node_os_config?.sysctl]));
  return { clusters: clusters.map((x) => x.state), pools: pools.map((p) => `${p.name}:${p.state}`).sort(), joined, osParameters };
}

const EXPECTED = {
  clusters: ['running'],
  pools: ['ingress:active', 'web:active'],
  joined: ['i-bp1spare000001', 'i-bp1spare000002'],
  // The pools' sysctls ACK takes, set as node-pool OS parameters (ModifyNodePoolNodeConfig) after each pool.
  osParameters: {
    web: { 'net.core.somaxconn': '32768', 'net.ipv4.ip_local_port_range': '1024 65000', 'net.ipv4.tcp_tw_reuse': '1' },
    ingress: { 'net.core.somaxconn': '65535' },
  },
};

async function waitForCall(c: TestCloud, found: (calls: CallRecord[]) => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!found(c.emulator.calls())) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const accepted = (action: string) => (calls: CallRecord[]) => calls.some((call) => call.action === action && call.status < 300);

/**
 * The rerun that must converge, then one more that must change nothing. The converging rerun is
 * the subject of a test and runs as a process, unless the test has already run its rerun
 * (`rerun: 'in-process'`: this one only checks the world); the no-op check reads the result
 * back and runs in-process (test/helpers/cli.ts).
 */
async function finishAndCheckNoop(c: TestCloud, rerun: 'process' | 'in-process' = 'process'): Promise<void> {
  const final = rerun === 'process' ? await c.run(ARGS) : await c.inProcess(ARGS);
  expect(final.code, final.stderr).toBe(0);
  expect(jsonOf(final).ok).toBe(true);
  expect(converged(c)).toEqual(EXPECTED);
  // since the last clearCalls: never a second cluster or pool
  const accepted = (action: string) => calls.filter((call) => call.action === action && call.status < 300).length;
  const calls = await c.calls();
  expect(accepted('CreateCluster')).toBeLessThanOrEqual(1);
  expect(accepted('CreateClusterNodePool')).toBeLessThanOrEqual(2);
  await c.clearCalls();
  const again = await c.inProcess(ARGS);
  expect(again.code, again.stderr).toBe(0);
  expect(jsonOf(again).changed).toBe(false);
  expect(mutating(await c.calls())).toEqual([]);
}

// One scenario in two steps on one cloud (tests of a file run in order), so a slow machine
// stretches steps, not one test past its timeout.
describe('create resumes after SIGKILL at random points', () => {
  let killedCloud: TestCloud;
  beforeAll(async () => {
    killedCloud = await startCloud();
  });
  afterAll(async () => {
    await killedCloud?.close();
  });

  it('runs killed mid-flight never duplicate a cluster', async () => {
    const c = killedCloud;
    const random = seededRandom(4242);
    const kills: number[] = [];
    let killed = 0;
    for (let i = 0; i < 5; i++) {
      // each run dies after 1..25 more API calls (a whole create of web.yaml makes more)
      const after = 1 + Math.floor(random() * 25);
      kills.push(after);
      const seen = c.emulator.calls().length;
      const { child, done } = spawnCli(ARGS, c.env);
      let exited = false;
      void done.then(() => (exited = true));
      await waitForCall(c, (calls) => exited || calls.length >= seen + after, `${after} calls`);
      child.kill('SIGKILL');
      const result = await done;
      assertNoSecrets(result, c.secrets);
      if (result.code === 0) break;
      expect(result.signal, `kill after ${after} calls, run ${i + 1}`).toBe('SIGKILL');
      killed++;
    }
    expect(killed, 'at least one run must die mid-flight').toBeGreaterThan(0);
    const creations = (await c.calls()).filter((call) => call.action === 'CreateCluster' && call.status < 300);
    expect(creations.length, `kills after ${kills.join(', ')} calls`).toBeLessThanOrEqual(1);
  });

  it('then a rerun converges, and one more sends nothing', async () => {
    await finishAndCheckNoop(killedCloud);
  });
});

describe('create resumes', () => {
  it('a kill right after CreateCluster was accepted: the rerun waits for that cluster', async () => {
    cloud = await startCloud();
    cloud.step(0); // the cluster stays initial until the rerun
    const { child, done } = spawnCli(ARGS, cloud.env);
    await waitForCall(cloud, accepted('CreateCluster'), 'accepted CreateCluster');
    child.kill('SIGKILL');
    await done;
    expect(Object.values(cloud.emulator.state().clusters).map((c) => c.state)).toEqual(['initial']);
    cloud.step(STEP_MS);
    await cloud.clearCalls();
    const rerun = await cloud.run(ARGS);
    expect(rerun.code, rerun.stderr).toBe(0);
    const calls = await cloud.calls();
    expect(calls.filter((c) => c.action === 'CreateCluster')).toEqual([]);
    expect(jsonOf(rerun).cluster.action).toMatch(/^(found|waited)$/);
    await finishAndCheckNoop(cloud, 'in-process');
  });

  it('a kill right after the first CreateClusterNodePool: the rerun creates only the other pool', async () => {
    cloud = await startCloud();
    const { child, done } = spawnCli(ARGS, cloud.env);
    await waitForCall(cloud, accepted('CreateClusterNodePool'), 'accepted CreateClusterNodePool');
    child.kill('SIGKILL');
    await done;
    const before = (await cloud.calls()).filter((c) => c.action === 'CreateClusterNodePool' && c.status < 300).length;
    expect(before).toBeGreaterThanOrEqual(1);
    await finishAndCheckNoop(cloud);
    const after = (await cloud.calls()).filter((c) => c.action === 'CreateClusterNodePool' && c.status < 300).length;
    expect(before + after).toBeLessThanOrEqual(2);
    expect(converged(cloud).pools).toEqual(EXPECTED.pools);
  });

  it('Ctrl-C stops cleanly with exit 130, one JSON document and the resume command', async () => {
    // the clock stands still: the interrupt lands mid-flight however busy the machine is
    cloud = await startCloud();
    cloud.step(0);
    const { child, done } = spawnCli(ARGS, cloud.env);
    await waitForCall(cloud, accepted('CreateCluster'), 'accepted CreateCluster');
    child.kill('SIGINT');
    const result = await done;
    cloud.step(STEP_MS);
    assertNoSecrets(result, cloud.secrets);
    expect(result.code).toBe(130);
    const doc = jsonOf(result);
    expect(doc).toMatchObject({ ok: false, error: { type: 'Interrupted', exitCode: 130 } });
    expect(doc.cluster.id).toBe(Object.values(cloud.emulator.state().clusters)[0]?.id);
    expect(result.stderr).toContain(`Resume with: ackl2 create -f ${PROFILE} --yes`);
    expect(result.stderr).toContain('ackl2 delete cluster web-shop');
    await finishAndCheckNoop(cloud);
  });

  it('--timeout gives up with exit 5 and the resume command; the rerun finishes', async () => {
    cloud = await startCloud();
    cloud.step(0); // nothing finishes: the timeout surely comes first
    const result = await cloud.run(['create', '-f', PROFILE, '--yes', '--timeout', '250ms']);
    cloud.step(STEP_MS);
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toContain('gave up waiting after 250ms (--timeout)');
    expect(result.stderr).toContain(`Resume with: ackl2 create -f ${PROFILE} --yes`);
    expect(result.stdout).toBe('');
    await finishAndCheckNoop(cloud);
    expect((await cloud.calls()).filter((c) => c.action === 'CreateCluster')).toEqual([]);
  });

  it('--no-wait submits and returns; the rerun waits and finishes the rest', async () => {
    cloud = await startCloud();
    const result = await cloud.run([...ARGS, '--no-wait']);
    expect(result.code, result.stderr).toBe(0);
    const doc = jsonOf(result);
    expect(doc.cluster.action).toBe('submitted');
    // The kube steps (CoreDNS prefer_udp, the injection label) wait for the running cluster too.
    expect(doc.pending).toEqual(['nodepool/web', 'nodepool/ingress', 'join/web', 'os-parameters/web', 'os-parameters/ingress', 'coredns', 'dns-injection/default']);
    expect(doc.joined.map((j: { result: string }) => j.result)).toEqual(['pending', 'pending']);
    await finishAndCheckNoop(cloud);
  });
});
