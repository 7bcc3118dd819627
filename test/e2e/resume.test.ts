/**
 * Reruns resume instead of duplicating: after SIGKILL at random points, right after a
 * creation was accepted, after Ctrl-C and after --timeout, the same `create` converges to
 * exactly one cluster, every pool once, every listed instance joined; then changes nothing.
 */

import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/emulator/index.js';
import { assertNoSecrets, jsonOf, mutating, seededRandom, spawnCli, startCloud, type TestCloud } from './harness.js';

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
  return { clusters: clusters.map((x) => x.state), pools: pools.map((p) => `${p.name}:${p.state}`).sort(), joined };
}

const EXPECTED = { clusters: ['running'], pools: ['ingress:active', 'web:active'], joined: ['i-bp1spare000001', 'i-bp1spare000002'] };

async function waitForCall(c: TestCloud, action: string, timeoutMs = 20_000): Promise<CallRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await c.calls()).find((call) => call.action === action && call.status < 300);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${action} call within ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function finishAndCheckNoop(c: TestCloud): Promise<void> {
  const final = await c.run(ARGS);
  expect(final.code, final.stderr).toBe(0);
  expect(jsonOf(final).ok).toBe(true);
  expect(converged(c)).toEqual(EXPECTED);
  // since the last clearCalls: never a second cluster or pool
  const accepted = (action: string) => calls.filter((call) => call.action === action && call.status < 300).length;
  const calls = await c.calls();
  expect(accepted('CreateCluster')).toBeLessThanOrEqual(1);
  expect(accepted('CreateClusterNodePool')).toBeLessThanOrEqual(2);
  await c.clearCalls();
  const again = await c.run(ARGS);
  expect(again.code, again.stderr).toBe(0);
  expect(jsonOf(again).changed).toBe(false);
  expect(mutating(await c.calls())).toEqual([]);
}

describe('create resumes', () => {
  it('converges after SIGKILL at random points, never duplicating', async () => {
    cloud = await startCloud({ speed: 5 });
    const random = seededRandom(4242);
    const kills: number[] = [];
    let killed = 0;
    for (let i = 0; i < 5; i++) {
      const delay = 250 + Math.floor(random() * 1800);
      kills.push(delay);
      const { child, done } = spawnCli(ARGS, cloud.env);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const result = await done;
      clearTimeout(timer);
      assertNoSecrets(result, cloud.secrets);
      if (result.code === 0) break;
      expect(result.signal, `kill after ${delay}ms`).toBe('SIGKILL');
      killed++;
    }
    expect(killed, 'at least one run must die mid-flight').toBeGreaterThan(0);
    const creations = (await cloud.calls()).filter((c) => c.action === 'CreateCluster' && c.status < 300);
    expect(creations.length, `kills at ${kills.join(', ')}ms`).toBeLessThanOrEqual(1);
    await finishAndCheckNoop(cloud);
  });

  it('a kill right after CreateCluster was accepted: the rerun waits for that cluster', async () => {
    cloud = await startCloud({ speed: 10 });
    const { child, done } = spawnCli(ARGS, cloud.env);
    await waitForCall(cloud, 'CreateCluster');
    child.kill('SIGKILL');
    await done;
    await cloud.clearCalls();
    const rerun = await cloud.run(ARGS);
    expect(rerun.code, rerun.stderr).toBe(0);
    const calls = await cloud.calls();
    expect(calls.filter((c) => c.action === 'CreateCluster')).toEqual([]);
    expect(jsonOf(rerun).cluster.action).toMatch(/^(found|waited)$/);
    await finishAndCheckNoop(cloud);
  });

  it('a kill right after the first CreateClusterNodePool: the rerun creates only the other pool', async () => {
    cloud = await startCloud({ speed: 10 });
    const { child, done } = spawnCli(ARGS, cloud.env);
    const first = await waitForCall(cloud, 'CreateClusterNodePool');
    child.kill('SIGKILL');
    await done;
    const before = (await cloud.calls()).filter((c) => c.action === 'CreateClusterNodePool' && c.status < 300).length;
    expect(first).toBeTruthy();
    await finishAndCheckNoop(cloud);
    const after = (await cloud.calls()).filter((c) => c.action === 'CreateClusterNodePool' && c.status < 300).length;
    expect(before + after).toBeLessThanOrEqual(2);
    expect(converged(cloud).pools).toEqual(EXPECTED.pools);
  });

  it('Ctrl-C stops cleanly with exit 130, one JSON document and the resume command', async () => {
    // slow enough that the interrupt lands mid-flight even on a busy machine
    cloud = await startCloud({ speed: 4 });
    const { child, done } = spawnCli(ARGS, cloud.env);
    await waitForCall(cloud, 'CreateCluster');
    child.kill('SIGINT');
    const result = await done;
    assertNoSecrets(result, cloud.secrets);
    expect(result.code).toBe(130);
    const doc = jsonOf(result);
    expect(doc).toMatchObject({ ok: false, error: { type: 'Interrupted', exitCode: 130 } });
    expect(doc.cluster.id).toBeTruthy();
    expect(result.stderr).toContain(`Resume with: ackl2 create -f ${PROFILE} --yes`);
    expect(result.stderr).toContain('ackl2 delete cluster web-shop');
    await finishAndCheckNoop(cloud);
  });

  it('--timeout gives up with exit 5 and the resume command; the rerun finishes', async () => {
    cloud = await startCloud({ speed: 10 });
    const result = await cloud.run(['create', '-f', PROFILE, '--yes', '--timeout', '250ms']);
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toContain('gave up waiting after 250ms (--timeout)');
    expect(result.stderr).toContain(`Resume with: ackl2 create -f ${PROFILE} --yes`);
    expect(result.stdout).toBe('');
    await finishAndCheckNoop(cloud);
    expect((await cloud.calls()).filter((c) => c.action === 'CreateCluster')).toEqual([]);
  });

  it('--no-wait submits and returns; the rerun waits and finishes the rest', async () => {
    cloud = await startCloud({ speed: 10 });
    const result = await cloud.run([...ARGS, '--no-wait']);
    expect(result.code, result.stderr).toBe(0);
    const doc = jsonOf(result);
    expect(doc.cluster.action).toBe('submitted');
    expect(doc.pending).toEqual(['nodepool/web', 'nodepool/ingress', 'join/web']);
    expect(doc.joined.map((j: { result: string }) => j.result)).toEqual(['pending', 'pending']);
    await finishAndCheckNoop(cloud);
  });
});
