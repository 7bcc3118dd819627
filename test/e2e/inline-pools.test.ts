/**
 * Node pools sent inside CreateCluster (`nodepools[]`): the pools CreateCluster can carry come
 * up with the cluster and cost no CreateClusterNodePool; a pool with a pre-join script is still
 * created on its own. A rerun after SIGKILL finds the inline pools by name (never a second
 * one), and an inline pool whose nodes failed fails the run and is repaired by the rerun.
 */

import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/emulator/index.js';
import { jsonOf, mutating, spawnCli, startCloud, STEP_MS, writeProfile, type TestCloud } from './harness.js';

const POOL = (name: string, extra = '') => `  - name: ${name}
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 2
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
${extra}`;

const PROFILE = `apiVersion: ackl2/v1
kind: ClusterProfile
extends: [builtin:base]
metadata: { name: inline-e2e, region: cn-hangzhou }
cluster: { deletionProtection: false }
nodePools:
${POOL('web', '    labels: { tier: web }\n    taints: [{ key: dedicated, value: web, effect: NoSchedule }]\n')}${POOL('batch', '    join: { instanceIds: [i-bp1spare000001] }\n')}${POOL('tuned', "    sysctls: { 'net.ipv4.tcp_slow_start_after_idle': 0 }\n")}`;

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

const accepted = (calls: readonly CallRecord[], action: string) => calls.filter((c) => c.action === action && c.status < 300).length;

/** Pools of the one cluster named inline-e2e: name, state, and the states of their own nodes. */
function world(c: TestCloud) {
  const state = c.emulator.state();
  const clusters = Object.values(state.clusters).filter((x) => x.name === 'inline-e2e');
  const pools = Object.values(state.nodePools).filter((p) => p.clusterId === clusters[0]?.id);
  return {
    clusters: clusters.map((x) => x.state),
    pools: pools
      .map((p) => `${p.name}:${p.state}:${Object.values(state.nodes).filter((n) => n.nodepoolId === p.id).map((n) => n.state).sort().join('+')}`)
      .sort(),
  };
}

const CONVERGED = {
  clusters: ['running'],
  pools: ['batch:active:running+running+running', 'tuned:active:running+running', 'web:active:running+running'],
};

async function waitForCall(c: TestCloud, action: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (accepted(c.emulator.calls(), action) === 0) {
    if (Date.now() > deadline) throw new Error(`no accepted ${action} within 30 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('node pools inside CreateCluster', () => {
  it('the dry run names the pools that go inline; create sends them inside CreateCluster and only the tuned pool on its own; a rerun sends nothing', async () => {
    cloud = await startCloud();
    const file = writeProfile(PROFILE);
    // the plan's rendering (create --dry-run as a process: test/e2e/faults.test.ts)
    const dry = await cloud.inProcess(['create', '-f', file, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/nodepool\/web +inside CreateCluster \(nodepools\[\]\)/);
    expect(dry.stdout).toMatch(/nodepool\/batch +inside CreateCluster \(nodepools\[\]\)/);
    expect(dry.stdout).toContain("CreateClusterNodePool once the cluster runs: CreateCluster's nodepools[] has no kubernetes_config.pre_user_data");

    const created = await cloud.run(['create', '-f', file, '--yes', '--output', 'json']);
    expect(created.code, created.stderr).toBe(0);
    const calls = await cloud.calls();
    expect(accepted(calls, 'CreateCluster')).toBe(1);
    expect(accepted(calls, 'CreateClusterNodePool')).toBe(1);
    expect(accepted(calls, 'AttachInstancesToNodePool')).toBe(1);
    expect(world(cloud)).toEqual(CONVERGED);
    const web = Object.values(cloud.emulator.state().nodePools).find((p) => p.name === 'web')!;
    expect(web.spec.kubernetes_config).toMatchObject({ labels: [{ key: 'tier', value: 'web' }], taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }] });
    expect((web.spec.scaling_group as { tags: unknown }).tags).toContainEqual({ key: 'ackl2.io/profile', value: 'inline-e2e' });

    await cloud.clearCalls();
    const again = await cloud.run(['create', '-f', file, '--yes', '--output', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(jsonOf(again).changed).toBe(false);
    expect(mutating(await cloud.calls())).toEqual([]);
  });

  it('a kill right after CreateCluster was accepted: the rerun finds the inline pools and creates no second one', async () => {
    cloud = await startCloud();
    const file = writeProfile(PROFILE);
    cloud.step(0); // the cluster and its pools stay initial until the rerun
    const { child, done } = spawnCli(['create', '-f', file, '--yes', '--output', 'json'], cloud.env);
    await waitForCall(cloud, 'CreateCluster');
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(world(cloud).pools.map((p) => p.split(':').slice(0, 2).join(':'))).toEqual(['batch:initial', 'web:initial']);

    cloud.step(STEP_MS);
    await cloud.clearCalls();
    const rerun = await cloud.run(['create', '-f', file, '--yes', '--output', 'json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const calls = await cloud.calls();
    expect(accepted(calls, 'CreateCluster')).toBe(0);
    // Only the tuned pool, which was never sent inline.
    expect(accepted(calls, 'CreateClusterNodePool')).toBe(1);
    expect(world(cloud)).toEqual(CONVERGED);
  });

  it('an inline pool whose nodes failed fails the run (never done); the rerun repairs it like a failed separate pool', async () => {
    cloud = await startCloud();
    const file = writeProfile(PROFILE);
    // The first node pool task is web's, started by CreateCluster.
    await cloud.faults('taskFail@CreateClusterNodePool');
    const failed = await cloud.run(['create', '-f', file, '--yes', '--output', 'json']);
    expect(failed.code, failed.stderr).toBe(4);
    expect(jsonOf(failed).ok).toBe(false);
    expect(failed.stderr).toMatch(/node pool web \(np[0-9a-f]+\), created with the cluster, has 2 node\(s\) that did not come up/);
    expect(failed.stderr).toContain('rerun the same command: it repairs the failed nodes');
    expect(world(cloud).pools).toContain('web:active:failed+failed');
    expect(world(cloud).clusters).toEqual(['running']);

    await cloud.clearCalls();
    const rerun = await cloud.run(['create', '-f', file, '--yes', '--output', 'json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const calls = await cloud.calls();
    expect(accepted(calls, 'RepairClusterNodePool')).toBe(1);
    expect(accepted(calls, 'CreateCluster') + accepted(calls, 'CreateClusterNodePool')).toBe(0);
    expect(world(cloud)).toEqual(CONVERGED);
  });
});
