/**
 * Scripted expansion through the built CLI: `nodepool add`, `nodepool scale`, `join`.
 * Each is idempotent (a rerun makes zero mutating calls) and refuses bad input for free.
 * The cluster `grow` (BASE) is created once; every test starts from its own copy of that
 * world, so no test depends on what another did before it. Steps that only set a test's world
 * up (the cluster, a pool to refuse or to collide with) run the built CLI in-process
 * (test/helpers/cli.ts); the commands the tests are about run as processes.
 */

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, mutating, startCloud, writeProfile, type TestCloud } from './harness.js';
import { joinResult, nodepoolScaleResult } from '../../src/results/schemas.js';

const BASE = `apiVersion: ackl2/v1
kind: ClusterProfile
extends: [builtin:base]
metadata:
  name: grow
cluster:
  deletionProtection: false
nodePools:
  - name: default
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 2
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
`;

const GROWN = `${BASE}  - name: extra
    instanceTypes: [ecs.c7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
    join:
      instanceIds: [i-bp1spare000003]
  - name: auto
    instanceTypes: [ecs.g7.xlarge]
    autoscaling: { min: 0, max: 3 }
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
`;

/** The world every test starts from: `grow` created from BASE (pool default, 2 nodes). */
let seed: TestCloud;
let cloud: TestCloud;
let grown: string;
const R = ['--region', 'cn-hangzhou', '--yes'];

beforeAll(async () => {
  seed = await startCloud();
  grown = writeProfile(GROWN, 'grow.yaml');
  const created = await seed.inProcess(['create', '-f', writeProfile(BASE, 'grow.yaml'), '--yes']);
  expect(created.code, created.stderr).toBe(0);
});
afterAll(async () => {
  await seed?.close();
});
beforeEach(async () => {
  cloud = await startCloud({ from: seed });
});
afterEach(async () => {
  await cloud?.close();
});

function pool(name: string) {
  const state = cloud.emulator.state();
  const cluster = Object.values(state.clusters).find((c) => c.name === 'grow');
  return Object.values(state.nodePools).find((p) => p.clusterId === cluster?.id && p.name === name);
}

describe('nodepool add', () => {
  it('needs the cluster to exist, and says how to create it', async () => {
    const empty = await startCloud();
    try {
      const result = await empty.run(['nodepool', 'add', '-f', grown, '--pool', 'extra', '--yes']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('cluster grow does not exist');
      expect(result.stderr).toContain(`ackl2 create -f ${grown}`);
      expect(mutating(await empty.calls())).toEqual([]);
    } finally {
      await empty.close();
    }
  });

  it('adds one pool of the profile to the existing cluster, with its joined instances; a rerun reports it', async () => {
    const result = await cloud.run(['nodepool', 'add', '-f', grown, '--pool', 'extra', '--yes', '--output', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = jsonOf(result);
    expect(doc.nodePools).toEqual([expect.objectContaining({ name: 'extra', state: 'active', action: 'created' })]);
    expect(doc.joined).toEqual([{ pool: 'extra', instanceId: 'i-bp1spare000003', result: 'attached' }]);
    expect(doc.cluster).toMatchObject({ name: 'grow', action: 'exists' });
    const actions = mutating(await cloud.calls()).map((c) => c.action);
    expect(actions.sort()).toEqual(['AttachInstancesToNodePool', 'CreateClusterNodePool']);
    expect(pool('extra')?.state).toBe('active');
    expect(pool('auto')).toBeUndefined();

    await cloud.clearCalls();
    const again = await cloud.run(['nodepool', 'add', '-f', grown, '--pool', 'extra', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('nothing to do');
    expect(again.stdout).toMatch(/extra\s+np\S+\s+active/);
    expect(mutating(await cloud.calls())).toEqual([]);
  });

  it('an unknown pool name lists the profile pools', async () => {
    const result = await cloud.run(['nodepool', 'add', '-f', grown, '--pool', 'nope', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('its pools: default, extra, auto');
  });
});

describe('nodepool scale', () => {
  it('sets the desired size and waits until the pool has that many nodes', async () => {
    const result = await cloud.run(['nodepool', 'scale', '--cluster', 'grow', '--pool', 'default', '--size', '3', ...R, '--output', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = jsonOf(result);
    expect(doc).toMatchObject({ ok: true, changed: true, previousSize: 2, nodePool: { name: 'default', state: 'active', nodes: { desired: 3, total: 3 } } });
    expect(nodepoolScaleResult.safeParse(doc).success).toBe(true);
    expect(pool('default')?.desiredSize).toBe(3);
  });

  it('the same size again is a no-op', async () => {
    const result = await cloud.run(['nodepool', 'scale', '--cluster', 'grow', '--pool', 'default', '--size', '2', ...R]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('already has 2 nodes');
    expect(mutating(await cloud.calls())).toEqual([]);
  });

  it('after a failed scale the same size again brings the pool to it (no endless wait)', async () => {
    await cloud.faults('taskFail@ModifyClusterNodePool');
    const failed = await cloud.run(['nodepool', 'scale', '--cluster', 'grow', '--pool', 'default', '--size', '3', ...R]);
    expect(failed.code, failed.stderr).toBe(4);
    expect(failed.stderr).toContain('left in place: node pool default of cluster grow as the task left it (it had 2 node(s), 3 asked');
    expect(pool('default')).toMatchObject({ state: 'active', desiredSize: 3 });
    const again = await cloud.run(['nodepool', 'scale', '--cluster', 'grow', '--pool', 'default', '--size', '3', ...R, '--output', 'json', '--timeout', '20s']);
    expect(again.code, again.stderr).toBe(0);
    expect(jsonOf(again)).toMatchObject({ ok: true, nodePool: { state: 'active', nodes: { total: 3 } } });
    const back = await cloud.inProcess(['nodepool', 'scale', '--cluster', 'grow', '--pool', 'default', '--size', '2', ...R]);
    expect(back.code, back.stderr).toBe(0);
  });

  it('a pool whose creation failed is repaired by the rerun, as create does (never 0 with a failed node)', async () => {
    const flaky = writeProfile(`${BASE}  - name: flaky
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
`, 'grow.yaml');
    await cloud.faults('taskFail@CreateClusterNodePool');
    const added = await cloud.run(['nodepool', 'add', '-f', flaky, '--pool', 'flaky', '--yes']);
    expect(added.code, added.stderr).toBe(4);
    expect(added.stderr).toContain('failed nodes: ');
    const id = pool('flaky')!.id;
    const nodesOf = () => Object.values(cloud.emulator.state().nodes).filter((n) => n.nodepoolId === id).map((n) => n.state);
    expect(nodesOf()).toEqual(['failed']);
    const again = await cloud.run(['nodepool', 'add', '-f', flaky, '--pool', 'flaky', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('repaired 1 node(s)');
    expect(nodesOf()).toEqual(['running']);
    expect(pool('flaky')?.state).toBe('active');
  });

  it('refuses sizes outside 0..2000 before any call', async () => {
    // (every refused size: test/commands/nodepool-scale-size.test.ts)
    const result = await cloud.run(['nodepool', 'scale', '--cluster', 'grow', '--pool', 'default', '--size', '2001', ...R]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--size 2001 is above the 2000 nodes');
    expect(await cloud.calls()).toEqual([]);
  });

  it('refuses an autoscaling pool, saying where its size is set', async () => {
    const added = await cloud.inProcess(['nodepool', 'add', '-f', grown, '--pool', 'auto', '--yes']);
    expect(added.code, added.stderr).toBe(0);
    await cloud.clearCalls();
    const result = await cloud.run(['nodepool', 'scale', '--cluster', 'grow', '--pool', 'auto', '--size', '2', ...R]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('autoscales (0..3 nodes)');
    expect(result.stderr).toContain('autoscaling.min');
    expect(mutating(await cloud.calls())).toEqual([]);
  });

  it('an unknown cluster or pool is a clear error', async () => {
    const noCluster = await cloud.run(['nodepool', 'scale', '--cluster', 'nope', '--pool', 'default', '--size', '1', ...R]);
    expect(noCluster.code).toBe(2);
    expect(noCluster.stderr).toContain('no cluster named "nope" in cn-hangzhou');
    const noPool = await cloud.run(['nodepool', 'scale', '--cluster', 'grow', '--pool', 'nope', '--size', '1', ...R]);
    expect(noPool.code).toBe(2);
    expect(noPool.stderr).toMatch(/node pools: default \(np\w+\)(?!,)/);
  });
});

describe('join', () => {
  it('attaches instances and reports each; a rerun skips them', async () => {
    const result = await cloud.run(['join', '--cluster', 'grow', '--pool', 'default', '--instances', 'i-bp1spare000004, i-bp1spare000005', ...R, '--output', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = jsonOf(result);
    expect(joinResult.safeParse(doc).success).toBe(true);
    expect(doc.instances).toEqual([
      { pool: 'default', instanceId: 'i-bp1spare000004', result: 'attached' },
      { pool: 'default', instanceId: 'i-bp1spare000005', result: 'attached' },
    ]);
    await cloud.clearCalls();
    const again = await cloud.run(['join', '--cluster', 'grow', '--pool', 'default', '--instances', 'i-bp1spare000004,i-bp1spare000005', ...R, '--output', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(jsonOf(again).alreadyAttached).toBe(2);
    expect(mutating(await cloud.calls())).toEqual([]);
  });

  it('instances that cannot join are all reported and nothing is attached', async () => {
    // i-bp1spare000003 joins another pool of the cluster first
    const added = await cloud.inProcess(['nodepool', 'add', '-f', grown, '--pool', 'extra', '--yes']);
    expect(added.code, added.stderr).toBe(0);
    await cloud.clearCalls();
    // For people on stderr; for machines one structured entry per rejected instance on stdout.
    const result = await cloud.run(['join', '--cluster', 'grow', '--pool', 'default', '--instances', 'i-bp1taken000001,i-bp1stopped00001,i-bp1spare000006,i-bp1spare000003', ...R, '-o', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('3 of 4 instance(s) cannot join node pool default; nothing was attached');
    expect(result.stderr).toContain('i-bp1taken000001 already belongs to cluster');
    expect(result.stderr).toContain('i-bp1stopped00001 is Stopped');
    expect(result.stderr).toMatch(/i-bp1spare000003 is already a node of pool np\S+ of this cluster/);
    expect(mutating(await cloud.calls())).toEqual([]);
    const doc = jsonOf(result);
    expect(doc.ok).toBe(false);
    expect(doc.error.rejected.map((r: { instanceId: string }) => r.instanceId).sort()).toEqual(['i-bp1spare000003', 'i-bp1stopped00001', 'i-bp1taken000001']);
    expect(doc.error.rejected.find((r: { instanceId: string }) => r.instanceId === 'i-bp1stopped00001').reason).toContain('is Stopped');
  });

  it('ids that are not instance ids are refused before any call', async () => {
    const result = await cloud.run(['join', '--cluster', 'grow', '--pool', 'default', '--instances', 'i-bp1spare000006,vm-7', ...R]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not ECS instance ids: vm-7');
    expect(await cloud.calls()).toEqual([]);
  });
});
