/** Node pools, nodes and attach through the official ACK client: sizes follow desired size, nodes appear. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { apiError, clients, clusterRequest, control, cs, ecs, poolRequest, runningCluster, steppedEmulator, waitTask, WORLD, type SteppedClock, type CsClient, type EcsClient } from './helpers.js';

const nodesOf = async (ack: CsClient, clusterId: string, nodepoolId?: string) =>
  (await ack.describeClusterNodes(clusterId, new cs.DescribeClusterNodesRequest({ nodepoolId, pageSize: '100' }))).body!.nodes!;

describe('ACK node pools', () => {
  let emulator: RunningEmulator;
  let ack: CsClient;
  let ec: EcsClient;
  let clock: SteppedClock;
  let clusterId: string;
  beforeAll(async () => {
    ({ emulator, clock } = await steppedEmulator());
    ({ cs: ack, ecs: ec } = clients(emulator));
    clusterId = await runningCluster(ack, 'pools', clock);
  });
  afterAll(() => emulator.close());

  it('CreateClusterNodePool: initial -> active, nodes initial -> running, tags and spec kept', async () => {
    const created = await ack.createClusterNodePool(clusterId, poolRequest('web', 3));
    const poolId = created.body!.nodepoolId!;
    expect(poolId).toMatch(/^np[0-9a-f]{32}$/);
    const early = (await ack.describeClusterNodePoolDetail(clusterId, poolId)).body!;
    expect(early.status).toMatchObject({ state: 'initial', totalNodes: 3, initialNodes: 3 });
    expect((await nodesOf(ack, clusterId, poolId)).map((n) => [n.state, n.nodeStatus])).toEqual([['pending', 'Unknown'], ['pending', 'Unknown'], ['pending', 'Unknown']]);
    expect((await waitTask(ack, created.body!.taskId!, clock)).state).toBe('success');
    const detail = (await ack.describeClusterNodePoolDetail(clusterId, poolId)).body!;
    expect(detail.status).toMatchObject({ state: 'active', totalNodes: 3, healthyNodes: 3, servingNodes: 3 });
    expect(detail.nodepoolInfo).toMatchObject({ name: 'web', nodepoolId: poolId, type: 'ess', regionId: WORLD.region });
    expect(detail.scalingGroup).toMatchObject({ desiredSize: 3, instanceTypes: ['ecs.g7.xlarge'], imageId: WORLD.al2Newest, imageType: 'AliyunLinux', keyPair: 'ackl2-demo' });
    expect(detail.scalingGroup?.tags).toEqual([expect.objectContaining({ key: 'ackl2.io/profile', value: 'shop-dev' })]);
    expect(detail.scalingGroup?.scalingGroupId).toMatch(/^asg-/);
    expect(detail.kubernetesConfig?.preUserData).toBe(Buffer.from('#!/bin/bash\necho hi\n').toString('base64'));
    const nodes = await nodesOf(ack, clusterId, poolId);
    expect(nodes.map((n) => [n.state, n.nodeStatus, n.nodepoolId])).toEqual(Array(3).fill(['running', 'Ready', poolId]));
    expect(new Set(nodes.map((n) => n.ipAddress?.[0])).size).toBe(3);
    expect(nodes[0]?.nodeName).toBe(`cn-hangzhou.${nodes[0]?.ipAddress?.[0]}`);
    const instances = await ec.describeInstances(new ecs.DescribeInstancesRequest({ regionId: WORLD.region, instanceIds: JSON.stringify(nodes.map((n) => n.instanceId)) }));
    expect(instances.body?.instances?.instance?.map((i) => i.status)).toEqual(['Running', 'Running', 'Running']);
    expect(instances.body?.instances?.instance?.[0]?.tags?.tag).toEqual(expect.arrayContaining([expect.objectContaining({ tagKey: 'ack.alibabacloud.com/nodepool-id', tagValue: poolId })]));
  });

  it('an unpinned pool gets the newest image of its image type, as ACK does', async () => {
    const request = poolRequest('unpinned', 1);
    request.scalingGroup!.imageId = undefined;
    const created = await ack.createClusterNodePool(clusterId, request);
    await waitTask(ack, created.body!.taskId!, clock);
    const nodes = await nodesOf(ack, clusterId, created.body!.nodepoolId!);
    expect(nodes.map((n) => n.imageId)).toEqual([WORLD.al2Newest]);
  });

  it('DescribeClusterNodePools finds a pool by name', async () => {
    const byName = await ack.describeClusterNodePools(clusterId, new cs.DescribeClusterNodePoolsRequest({ nodepoolName: 'web' }));
    expect(byName.body?.nodepools?.map((p) => p.nodepoolInfo?.name)).toEqual(['web']);
    const none = await ack.describeClusterNodePools(clusterId, new cs.DescribeClusterNodePoolsRequest({ nodepoolName: 'nope' }));
    expect(none.body?.nodepools).toEqual([]);
  });

  it('ModifyClusterNodePool desired_size scales out then in; the node count follows', async () => {
    const created = await ack.createClusterNodePool(clusterId, poolRequest('elastic', 1));
    const poolId = created.body!.nodepoolId!;
    await waitTask(ack, created.body!.taskId!, clock);
    const grow = await ack.modifyClusterNodePool(clusterId, poolId, new cs.ModifyClusterNodePoolRequest({ scalingGroup: new cs.ModifyClusterNodePoolRequestScalingGroup({ desiredSize: 4 }) }));
    expect((await ack.describeClusterNodePoolDetail(clusterId, poolId)).body?.status?.state).toBe('scaling');
    const busy = await apiError(ack.modifyClusterNodePool(clusterId, poolId, new cs.ModifyClusterNodePoolRequest({ scalingGroup: new cs.ModifyClusterNodePoolRequestScalingGroup({ desiredSize: 5 }) })));
    expect(busy).toMatchObject({ code: 'ErrorNodePoolState', statusCode: 400 });
    expect((await waitTask(ack, grow.body!.taskId!, clock)).taskType).toBe('nodepool_scale_out');
    expect((await nodesOf(ack, clusterId, poolId)).map((n) => n.state)).toEqual(['running', 'running', 'running', 'running']);
    const shrink = await ack.modifyClusterNodePool(clusterId, poolId, new cs.ModifyClusterNodePoolRequest({ scalingGroup: new cs.ModifyClusterNodePoolRequestScalingGroup({ desiredSize: 2 }) }));
    expect((await nodesOf(ack, clusterId, poolId)).filter((n) => n.state === 'stopping')).toHaveLength(2);
    expect((await waitTask(ack, shrink.body!.taskId!, clock)).taskType).toBe('nodepool_scale_in');
    const detail = (await ack.describeClusterNodePoolDetail(clusterId, poolId)).body!;
    expect(detail.scalingGroup?.desiredSize).toBe(2);
    expect(detail.status).toMatchObject({ state: 'active', totalNodes: 2 });
  });

  it('DescribeClusterTasks lists the cluster\'s tasks newest first, paged, each with its state (a failed one with its error)', async () => {
    const listed = async (query: { pageSize?: number; pageNumber?: number } = {}) => (await ack.describeClusterTasks(clusterId, new cs.DescribeClusterTasksRequest(query))).body!;
    const created = await ack.createClusterNodePool(clusterId, poolRequest('listed', 1));
    const poolId = created.body!.nodepoolId!;
    const first = await listed({ pageSize: 1 });
    expect(first.tasks?.map((t) => [t.taskId, t.taskType, t.state])).toEqual([[created.body!.taskId, 'nodepool_create', 'running']]);
    expect(first.pageInfo).toMatchObject({ pageNumber: 1, pageSize: 1 });
    await waitTask(ack, created.body!.taskId!, clock);
    await control(emulator, 'POST', '/_emulator/faults', { spec: 'taskFail@ModifyClusterNodePool' });
    const grow = await ack.modifyClusterNodePool(clusterId, poolId, new cs.ModifyClusterNodePoolRequest({ scalingGroup: new cs.ModifyClusterNodePoolRequestScalingGroup({ desiredSize: 2 }) }));
    await waitTask(ack, grow.body!.taskId!, clock);
    const page = await listed({ pageSize: 2 });
    expect(page.tasks?.map((t) => [t.taskId, t.state])).toEqual([
      [grow.body!.taskId, 'fail'],
      [created.body!.taskId, 'success'],
    ]);
    expect(page.tasks?.[0]?.error?.code).toBe('ScaleOutFailed');
    const all = await listed({ pageSize: 100 });
    expect(all.pageInfo?.totalCount).toBe(all.tasks?.length);
    expect((await listed({ pageSize: 1, pageNumber: 2 })).tasks?.[0]?.taskId).toBe(created.body!.taskId);
    expect(await apiError(ack.describeClusterTasks(clusterId, new cs.DescribeClusterTasksRequest({ pageSize: 101 })))).toMatchObject({ statusCode: 400 });
  });

  it('ScaleClusterNodePool adds `count` nodes', async () => {
    const created = await ack.createClusterNodePool(clusterId, poolRequest('scaled', 1));
    const poolId = created.body!.nodepoolId!;
    await waitTask(ack, created.body!.taskId!, clock);
    const scaled = await ack.scaleClusterNodePool(clusterId, poolId, new cs.ScaleClusterNodePoolRequest({ count: 2 }));
    await waitTask(ack, scaled.body!.taskId!, clock);
    expect((await ack.describeClusterNodePoolDetail(clusterId, poolId)).body?.status).toMatchObject({ state: 'active', totalNodes: 3, healthyNodes: 3 });
    expect(await apiError(ack.scaleClusterNodePool(clusterId, poolId, new cs.ScaleClusterNodePoolRequest({ count: 0 })))).toMatchObject({ code: 'InvalidParameter' });
  });

  it('AttachInstancesToNodePool: the instances become nodes of the pool and belong to the cluster', async () => {
    const created = await ack.createClusterNodePool(clusterId, poolRequest('joined', 0, { vswitchIds: [WORLD.vswH] }));
    const poolId = created.body!.nodepoolId!;
    await waitTask(ack, created.body!.taskId!, clock);
    const attached = await ack.attachInstancesToNodePool(clusterId, poolId, new cs.AttachInstancesToNodePoolRequest({ instances: ['i-bp1spare000001', 'i-bp1spare000002'], formatDisk: false, keepInstanceName: true }));
    const during = await nodesOf(ack, clusterId, poolId);
    expect(during.map((n) => [n.instanceId, n.state, n.source])).toEqual([
      ['i-bp1spare000001', 'pending', 'ess_attach'],
      ['i-bp1spare000002', 'pending', 'ess_attach'],
    ]);
    const task = await waitTask(ack, attached.body!.taskId!, clock);
    expect(task).toMatchObject({ state: 'success', taskType: 'nodepool_attach' });
    expect((await nodesOf(ack, clusterId, poolId)).map((n) => n.state)).toEqual(['running', 'running']);
    expect((await ack.describeClusterNodePoolDetail(clusterId, poolId)).body?.scalingGroup?.desiredSize).toBe(2);
    const again = await apiError(ack.attachInstancesToNodePool(clusterId, poolId, new cs.AttachInstancesToNodePoolRequest({ instances: ['i-bp1spare000001'] })));
    expect(again).toMatchObject({ code: 'ErrorInstanceAlreadyInCluster', statusCode: 400 });
    const viaEcs = await ec.describeInstances(new ecs.DescribeInstancesRequest({ regionId: WORLD.region, instanceIds: '["i-bp1spare000001"]' }));
    expect(viaEcs.body?.instances?.instance?.[0]?.clusterId).toBe(clusterId);
  });

  it('DescribeClusterNodes pages and filters by state', async () => {
    const all = await ack.describeClusterNodes(clusterId, new cs.DescribeClusterNodesRequest({ pageSize: '100' }));
    const total = all.body!.page!.totalCount!;
    expect(total).toBeGreaterThanOrEqual(8);
    const page2 = await ack.describeClusterNodes(clusterId, new cs.DescribeClusterNodesRequest({ pageSize: '3', pageNumber: '2' }));
    expect(page2.body?.nodes?.map((n) => n.instanceId)).toEqual(all.body?.nodes?.slice(3, 6).map((n) => n.instanceId));
    expect(page2.body?.page).toMatchObject({ pageNumber: 2, pageSize: 3, totalCount: total });
    const running = await ack.describeClusterNodes(clusterId, new cs.DescribeClusterNodesRequest({ state: 'running', pageSize: '100' }));
    expect(running.body?.nodes?.every((n) => n.state === 'running')).toBe(true);
  });

  it('refuses pools on a cluster that is not running, and unknown pools', async () => {
    const created = await ack.createCluster(clusterRequest({ name: 'still-initial' }));
    const error = await apiError(ack.createClusterNodePool(created.body!.clusterId!, poolRequest('early', 1)));
    expect(error).toMatchObject({ code: 'ErrorClusterState', statusCode: 400 });
    expect(error.message).toMatch(/initial/);
    expect(await apiError(ack.describeClusterNodePoolDetail(clusterId, 'np0000'))).toMatchObject({ code: 'ErrorNodePoolNotFound', statusCode: 404 });
    expect(await apiError(ack.describeClusterNodePools('c-missing', new cs.DescribeClusterNodePoolsRequest({})))).toMatchObject({ code: 'ErrorClusterNotFound', statusCode: 404 });
    expect(await apiError(ack.describeTaskInfo('T-nope'))).toMatchObject({ code: 'ErrorTaskNotFound', statusCode: 404 });
  });
});
