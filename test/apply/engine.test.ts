import { describe, expect, it } from 'vitest';
import { applySteps, ATTACH_BATCH_SIZE, type ApplyOptions } from '../../src/apply/engine.js';
import { discoverExisting } from '../../src/apply/discover.js';
import { decideIntents, osParameterPoolsOf } from '../../src/apply/intents.js';
import { ConnectionFailed, OperationFailed, UserError } from '../../src/errors.js';
import { PROFILE_TAG_KEY, type Operation, type Plan } from '../../src/plan/types.js';
import type { ProgressEvent } from '../../src/ui/reporter.js';
import { cloudFailure, connectionFailure, FakeAck } from './fake-cloud.js';

const NAME = 'shop';
const FAST = { initialMs: 1, factor: 1, maxMs: 1 };

function pool(name: string): Operation {
  return {
    id: `nodepool/${name}`,
    api: 'CreateClusterNodePool',
    method: 'POST',
    path: '/clusters/{cluster_id}/nodepools',
    body: { nodepool_info: { name, type: 'ess' }, scaling_group: { desired_size: 1, login_password: '${env:NODE_PW}', tags: [{ key: PROFILE_TAG_KEY, value: NAME }] } },
    dependsOn: ['cluster'],
  };
}

function makePlan(options: { pools?: string[]; join?: { pool: string; instances: string[] }; autoscaler?: boolean; osParameters?: { pool: string; sysctl: Record<string, string> } } = {}): Plan {
  const pools = options.pools ?? ['web', 'api', 'gpu'];
  const operations: Operation[] = [
    { id: 'cluster', api: 'CreateCluster', method: 'POST', path: '/clusters', body: { name: NAME, kubernetes_version: '1.30', tags: [{ key: PROFILE_TAG_KEY, value: NAME }] }, dependsOn: [] },
  ];
  if (options.autoscaler) operations.push({ id: 'autoscaler', api: 'CreateAutoscalingConfig', method: 'POST', path: '/cluster/{cluster_id}/autoscale/config/', body: { expander: 'least-waste' }, dependsOn: ['cluster'] });
  for (const p of pools) operations.push(pool(p));
  if (options.join) {
    operations.push({
      id: `join/${options.join.pool}`,
      api: 'AttachInstancesToNodePool',
      method: 'POST',
      path: `/clusters/{cluster_id}/nodepools/{nodepool_id:${options.join.pool}}/attach`,
      body: { instances: options.join.instances, format_disk: false, keep_instance_name: true },
      dependsOn: [`nodepool/${options.join.pool}`],
    });
  }
  if (options.osParameters) {
    const { pool: name, sysctl } = options.osParameters;
    operations.push({
      id: `os-parameters/${name}`,
      api: 'ModifyNodePoolNodeConfig',
      method: 'PUT',
      path: `/clusters/{cluster_id}/nodepools/{nodepool_id:${name}}/node_config`,
      body: { os_config: { sysctl }, rolling_policy: { max_parallelism: 1 } },
      dependsOn: [`nodepool/${name}`],
    });
  }
  return { profile: NAME, region: 'cn-hangzhou', operations };
}

async function apply(ack: FakeAck, plan: Plan, extra: Partial<ApplyOptions> = {}) {
  const existing = await discoverExisting(ack, { name: NAME, profile: NAME, deleteCommand: 'ackl2 delete cluster shop', needNodes: true, osParameterPools: osParameterPoolsOf(plan) });
  const steps = decideIntents(plan, existing);
  const events: ProgressEvent[] = [];
  const secrets: string[] = [];
  const report = await applySteps({
    ack,
    steps,
    profile: NAME,
    existingCluster: existing.cluster,
    existingPools: existing.pools,
    env: { NODE_PW: 'Sup3r-Secret!' },
    signal: new AbortController().signal,
    poll: FAST,
    progress: (e) => events.push(e),
    onSecret: (s) => secrets.push(s),
    deleteCommand: 'ackl2 delete cluster shop',
    kubernetesVersion: '1.30.7-aliyun.1',
    ...extra,
  });
  return { report, events, steps, secrets };
}

describe('applySteps: node-pool OS parameters', () => {
  const plan = () => makePlan({ pools: ['web'], osParameters: { pool: 'web', sysctl: { 'net.core.somaxconn': '32768' } } });

  it('sets them after the pool is created; a rerun reads them back and skips the step', async () => {
    const ack = new FakeAck();
    const first = await apply(ack, plan());
    expect(first.report.steps.find((s) => s.id === 'os-parameters/web')).toMatchObject({ outcome: 'done', action: 'configured', kind: 'osParameters' });
    const calls = ack.calls.map((c) => c.action);
    expect(calls.indexOf('ModifyNodePoolNodeConfig')).toBeGreaterThan(calls.indexOf('CreateClusterNodePool'));
    ack.calls.length = 0;
    const again = await apply(ack, plan());
    expect(again.steps.find((s) => s.op.id === 'os-parameters/web')?.intent).toEqual({ kind: 'done', reason: 'the pool already has these OS parameters' });
    expect(ack.calls.filter((c) => c.action === 'ModifyNodePoolNodeConfig')).toEqual([]);
  });

  it('sets them again when the live pool holds another value, "1024  65000" and "1024 65000" being the same', async () => {
    const ack = new FakeAck();
    await apply(ack, plan());
    const poolId = [...ack.poolSysctls.keys()][0]!;
    ack.poolSysctls.set(poolId, { 'net.core.somaxconn': '4096' });
    const drifted = await apply(ack, plan());
    expect(drifted.steps.find((s) => s.op.id === 'os-parameters/web')?.intent.kind).toBe('configure');
    expect(ack.poolSysctls.get(poolId)).toEqual({ 'net.core.somaxconn': '32768' });
    const spaced = makePlan({ pools: ['web'], osParameters: { pool: 'web', sysctl: { 'net.ipv4.ip_local_port_range': '1024 65000' } } });
    ack.poolSysctls.set(poolId, { 'net.ipv4.ip_local_port_range': '1024  65000' });
    expect((await apply(ack, spaced)).steps.find((s) => s.op.id === 'os-parameters/web')?.intent.kind).toBe('done');
  });
});

describe('applySteps', () => {
  it('creates the cluster, then every pool at once, with the resolved version and the env password', async () => {
    const ack = new FakeAck();
    const { report, secrets } = await apply(ack, makePlan());
    expect(ack.count('CreateCluster')).toBe(1);
    expect(ack.count('CreateClusterNodePool')).toBe(3);
    // all three pools were in CreateClusterNodePool at the same time
    expect(ack.maxConcurrentCreates).toBe(3);
    const create = ack.calls.find((c) => c.action === 'CreateCluster')!;
    expect((create.args[0] as { kubernetes_version: string }).kubernetes_version).toBe('1.30.7-aliyun.1');
    const poolCall = ack.calls.find((c) => c.action === 'CreateClusterNodePool')!;
    expect(JSON.stringify(poolCall.args[1])).toContain('Sup3r-Secret!');
    expect(secrets).toContain('Sup3r-Secret!');
    expect(report.steps.map((s) => [s.id, s.outcome, s.action])).toEqual([
      ['cluster', 'done', 'created'],
      ['nodepool/web', 'done', 'created'],
      ['nodepool/api', 'done', 'created'],
      ['nodepool/gpu', 'done', 'created'],
    ]);
    expect([...ack.pools.values()].every((p) => p.state === 'active')).toBe(true);
    // the pools share one DescribeClusterNodePools poll; only the cluster's task is polled, and
    // each pool's task is read once when the pool is active (a failed task can leave it active)
    const taskReads = ack.calls.filter((c) => c.action === 'DescribeTaskInfo').map((c) => c.args[0] as string);
    expect(taskReads.filter((t) => t !== 'T-1').sort()).toEqual(['T-2', 'T-3', 'T-4']);
    expect(ack.count('DescribeClusterNodePools')).toBeLessThanOrEqual(3);
    // the three pools the same tick found active share one listing of the cluster's nodes
    expect(ack.calls.filter((c) => c.action === 'DescribeClusterNodes').map((c) => c.args[1])).toEqual([{ nodepoolId: undefined, pageNumber: 1, pageSize: 100 }]);
  });

  it('a rerun after success makes no mutating call', async () => {
    const ack = new FakeAck();
    await apply(ack, makePlan({ join: { pool: 'web', instances: ['i-a1', 'i-a2'] }, autoscaler: true }));
    const before = ack.calls.length;
    const { report, steps } = await apply(ack, makePlan({ join: { pool: 'web', instances: ['i-a1', 'i-a2'] }, autoscaler: true }));
    const mutating = ack.calls.slice(before).filter((c) => /^(Create|Attach|Modify|Delete)/.test(c.action));
    expect(mutating).toEqual([]);
    expect(steps.map((s) => s.intent.kind)).toEqual(['exists', 'done', 'exists', 'exists', 'exists', 'done']);
    expect(report.joins).toEqual([
      { pool: 'web', instanceId: 'i-a1', result: 'already-attached' },
      { pool: 'web', instanceId: 'i-a2', result: 'already-attached' },
    ]);
  });

  it('resumes a cluster still initial: waits for it, creates nothing twice', async () => {
    const ack = new FakeAck();
    const cluster = ack.addCluster(NAME, [{ key: PROFILE_TAG_KEY, value: NAME }], 'initial');
    const web = ack.addPool(cluster.clusterId, 'web', 'scaling');
    let polls = 0;
    const original = ack.describeClusterDetail.bind(ack);
    ack.describeClusterDetail = async (id) => {
      if (++polls === 3) cluster.state = 'running';
      return original(id);
    };
    const originalPools = ack.describeClusterNodePools.bind(ack);
    let listings = 0;
    ack.describeClusterNodePools = async (clusterId, query) => {
      // discovery sees it scaling; a later poll sees it active
      if (++listings === 3) ack.pools.get(web.nodepoolId)!.state = 'active';
      return originalPools(clusterId, query);
    };
    const { report } = await apply(ack, makePlan());
    expect(ack.count('CreateCluster')).toBe(0);
    expect(ack.count('CreateClusterNodePool')).toBe(2);
    expect(report.steps.find((s) => s.id === 'cluster')).toMatchObject({ outcome: 'done', action: 'waited' });
    expect(report.steps.find((s) => s.id === 'nodepool/web')).toMatchObject({ outcome: 'done', action: 'waited' });
  });

  it('a lost CreateCluster answer is reconciled by lookup, never a second cluster', async () => {
    const ack = new FakeAck();
    ack.failAfter.set('CreateCluster', [cloudFailure('network', 'ConnectionReset')]);
    const { report } = await apply(ack, makePlan({ pools: ['web'] }));
    expect(ack.count('CreateCluster')).toBe(1);
    expect(ack.clusters.size).toBe(1);
    expect(report.steps[0]).toMatchObject({ outcome: 'done', action: 'found' });
  });

  it('a reset on every CreateClusterNodePool: each resend comes after a lookup by name, and the end is an unknown outcome, not a refusal', async () => {
    const ack = new FakeAck();
    ack.failBefore.set('CreateClusterNodePool', [connectionFailure('CreateClusterNodePool'), connectionFailure('CreateClusterNodePool'), connectionFailure('CreateClusterNodePool')]);
    const { report } = await apply(ack, makePlan({ pools: ['web'] }));
    const sequence = ack.calls.map((c) => c.action).filter((a) => a === 'CreateClusterNodePool' || a === 'DescribeClusterNodePools');
    const firstCreate = sequence.indexOf('CreateClusterNodePool');
    expect(sequence.slice(firstCreate)).toEqual(['CreateClusterNodePool', 'DescribeClusterNodePools', 'CreateClusterNodePool', 'DescribeClusterNodePools', 'CreateClusterNodePool', 'DescribeClusterNodePools']);
    const web = report.steps.find((s) => s.id === 'nodepool/web')!;
    expect(web.outcome).toBe('failed');
    expect(web.error).toBeInstanceOf(ConnectionFailed);
    expect(web.error).toMatchObject({ outcome: 'unknown' });
    expect([...ack.pools.values()].filter((p) => p.name === 'web')).toHaveLength(0);
  });

  it('a CreateClusterNodePool that failed before acting is retried after the lookup finds nothing', async () => {
    const ack = new FakeAck();
    ack.failBefore.set('CreateClusterNodePool', [cloudFailure('unavailable', 'ServiceUnavailable')]);
    const { report } = await apply(ack, makePlan({ pools: ['web'] }));
    expect(ack.count('CreateClusterNodePool')).toBe(2);
    expect([...ack.pools.values()].filter((p) => p.name === 'web')).toHaveLength(1);
    expect(report.steps[1]).toMatchObject({ outcome: 'done', action: 'created' });
  });

  it('a cluster and a pool another run of the profile made meanwhile ("already exists") are adopted, never an error or a second one', async () => {
    const ack = new FakeAck();
    const createCluster = ack.createCluster.bind(ack);
    const createPool = ack.createClusterNodePool.bind(ack);
    let clusterRaced = false;
    let poolRaced = false;
    ack.createCluster = async (body) => {
      if (clusterRaced) return createCluster(body);
      clusterRaced = true;
      ack.calls.push({ action: 'CreateCluster', args: [body], at: -1 });
      ack.addCluster(NAME, [{ key: PROFILE_TAG_KEY, value: NAME }], 'running');
      throw cloudFailure('client', 'ErrorClusterNameAlreadyExist');
    };
    ack.createClusterNodePool = async (clusterId, body) => {
      if (poolRaced) return createPool(clusterId, body);
      poolRaced = true;
      ack.calls.push({ action: 'CreateClusterNodePool', args: [clusterId, body], at: -1 });
      ack.addPool(clusterId, 'web', 'initial');
      throw cloudFailure('client', 'ErrorNodePoolNameAlreadyExist');
    };
    const web = () => [...ack.pools.values()].find((p) => p.name === 'web')!;
    const listPools = ack.describeClusterNodePools.bind(ack);
    let listings = 0;
    ack.describeClusterNodePools = async (clusterId, query) => {
      if (++listings === 3) web().state = 'active';
      return listPools(clusterId, query);
    };
    const { report } = await apply(ack, makePlan({ pools: ['web'] }));
    expect(ack.count('CreateCluster')).toBe(1);
    expect(ack.count('CreateClusterNodePool')).toBe(1);
    expect(ack.clusters.size).toBe(1);
    expect([...ack.pools.values()].filter((p) => p.name === 'web')).toHaveLength(1);
    expect(report.steps.map((s) => [s.id, s.outcome, s.action])).toEqual([
      ['cluster', 'done', 'found'],
      ['nodepool/web', 'done', 'found'],
    ]);
  });

  it('"already exists" for a cluster ackl2 did not make from this profile is the user\'s to resolve', async () => {
    const ack = new FakeAck();
    ack.createCluster = async () => {
      ack.addCluster(NAME, [], 'running');
      throw cloudFailure('client', 'ErrorClusterNameAlreadyExist');
    };
    const { report } = await apply(ack, makePlan({ pools: ['web'] }));
    expect(report.steps[0]).toMatchObject({ outcome: 'failed' });
    expect(report.steps[0]!.error).toBeInstanceOf(UserError);
    expect(String((report.steps[0]!.error as Error).message)).toMatch(/already exists .* but ackl2 did not create it/);
  });

  it('a 4xx on create is not retried', async () => {
    const ack = new FakeAck();
    ack.failBefore.set('CreateCluster', [cloudFailure('client', 'ErrorVSwitchNotFound')]);
    const { report } = await apply(ack, makePlan({ pools: ['web'] }));
    expect(ack.count('CreateCluster')).toBe(1);
    expect(report.steps[0]).toMatchObject({ outcome: 'failed' });
    expect(report.steps[1]).toMatchObject({ outcome: 'blocked', blockedBy: 'cluster' });
  });

  it('a failed pool task fails that pool with task and stage, the others finish, its join is blocked', async () => {
    const ack = new FakeAck();
    ack.failingPools.add('gpu');
    const { report } = await apply(ack, makePlan({ join: { pool: 'gpu', instances: ['i-g1'] } }));
    const gpu = report.steps.find((s) => s.id === 'nodepool/gpu')!;
    expect(gpu.outcome).toBe('failed');
    expect(gpu.error).toBeInstanceOf(OperationFailed);
    const error = gpu.error as OperationFailed;
    expect(error.taskId).toMatch(/^T-/);
    expect(error.stage).toBe('ScaleOutNodes');
    expect(error.message).toContain('NodePoolScaleFailed: no stock');
    expect(error.message).toContain('RequestId req-np');
    expect(report.steps.find((s) => s.id === 'nodepool/web')!.outcome).toBe('done');
    expect(report.steps.find((s) => s.id === 'join/gpu')).toMatchObject({ outcome: 'blocked', blockedBy: 'nodepool/gpu' });
    expect(report.joins).toEqual([{ pool: 'gpu', instanceId: 'i-g1', result: 'pending' }]);
  });

  it(`attaches in batches of ${ATTACH_BATCH_SIZE} and skips what is already attached`, async () => {
    const ack = new FakeAck();
    const instances = Array.from({ length: 230 }, (_, i) => `i-n${String(i).padStart(4, '0')}`);
    const cluster = ack.addCluster(NAME, [{ key: PROFILE_TAG_KEY, value: NAME }]);
    const web = ack.addPool(cluster.clusterId, 'web');
    for (const id of instances.slice(0, 25)) ack.addNode(cluster.clusterId, web.nodepoolId, id);
    const { report } = await apply(ack, makePlan({ pools: ['web'], join: { pool: 'web', instances } }));
    const attachCalls = ack.calls.filter((c) => c.action === 'AttachInstancesToNodePool').map((c) => (c.args[2] as { instances: string[] }).instances.length);
    expect(attachCalls).toEqual([100, 100, 5]);
    expect(report.joins.filter((j) => j.result === 'already-attached')).toHaveLength(25);
    expect(report.joins.filter((j) => j.result === 'attached')).toHaveLength(205);
  });

  it('refuses instances that are nodes of another pool of the cluster', async () => {
    const ack = new FakeAck();
    const cluster = ack.addCluster(NAME, [{ key: PROFILE_TAG_KEY, value: NAME }]);
    const api = ack.addPool(cluster.clusterId, 'api');
    ack.addNode(cluster.clusterId, api.nodepoolId, 'i-x1');
    await expect(apply(ack, makePlan({ pools: ['web', 'api'], join: { pool: 'web', instances: ['i-x1'] } }))).rejects.toThrow(UserError);
  });

  it('with --no-wait submits the cluster and leaves the pools pending', async () => {
    const ack = new FakeAck();
    const { report } = await apply(ack, makePlan(), { noWait: true });
    expect(ack.count('CreateCluster')).toBe(1);
    expect(ack.count('DescribeTaskInfo')).toBe(0);
    expect(report.steps.map((s) => s.outcome)).toEqual(['deferred', 'pending', 'pending', 'pending']);
  });

  it('creates pools only after the autoscaler config, so an existing pool proves it was applied', async () => {
    const ack = new FakeAck();
    await apply(ack, makePlan({ autoscaler: true }));
    const order = ack.calls.map((c) => c.action).filter((a) => a === 'CreateAutoscalingConfig' || a === 'CreateClusterNodePool');
    expect(order[0]).toBe('CreateAutoscalingConfig');
    expect(order.slice(1)).toEqual(['CreateClusterNodePool', 'CreateClusterNodePool', 'CreateClusterNodePool']);
  });

  it('stops starting work when aborted and reports the rest as pending', async () => {
    const ack = new FakeAck();
    const controller = new AbortController();
    const events: string[] = [];
    const { report } = await apply(ack, makePlan(), {
      signal: controller.signal,
      progress: (e) => {
        events.push(`${e.id}:${e.status}`);
        if (e.id === 'cluster' && e.message.includes('submitted')) controller.abort(new Error('interrupted'));
      },
    });
    expect(ack.count('CreateClusterNodePool')).toBe(0);
    expect(report.steps[0]!.outcome).toBe('failed');
    expect(report.steps.slice(1).map((s) => s.outcome)).toEqual(['blocked', 'blocked', 'blocked']);
  });

  it('a pool an earlier run left failed is asked for its nodes again', async () => {
    const ack = new FakeAck();
    const cluster = ack.addCluster(NAME, [{ key: PROFILE_TAG_KEY, value: NAME }]);
    const web = ack.addPool(cluster.clusterId, 'web', 'failed');
    const { report } = await apply(ack, makePlan({ pools: ['web'] }));
    expect(ack.count('CreateClusterNodePool')).toBe(0);
    const modify = ack.calls.find((c) => c.action === 'ModifyClusterNodePool')!;
    expect(modify.args).toEqual([cluster.clusterId, web.nodepoolId, { scaling_group: { desired_size: 1 } }]);
    expect(report.steps.find((s) => s.id === 'nodepool/web')).toMatchObject({ outcome: 'done', action: 'retried' });
    expect(ack.pools.get(web.nodepoolId)!.state).toBe('active');
    // a pool whose health is read alone lists its own nodes, not the whole cluster's
    expect(ack.calls.filter((c) => c.action === 'DescribeClusterNodes').at(-1)!.args[1]).toMatchObject({ nodepoolId: web.nodepoolId });
  });

  it('a cluster found failed cannot be resumed and says how to clean up', async () => {
    const ack = new FakeAck();
    ack.addCluster(NAME, [{ key: PROFILE_TAG_KEY, value: NAME }], 'failed');
    const { report } = await apply(ack, makePlan({ pools: ['web'] }));
    const cluster = report.steps.find((s) => s.id === 'cluster')!;
    expect(cluster.outcome).toBe('failed');
    expect((cluster.error as OperationFailed).hint).toContain('ackl2 delete cluster shop');
    expect(ack.count('CreateCluster')).toBe(0);
  });
});
