/** ACK actions through the official @alicloud/cs20151215 client: shapes, state transitions, tags. */

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { TASK_RETENTION_MS } from '../../src/emulator/settle.js';
import { apiError, clients, clusterRequest, control, cs, OpenApiClient, openapi, poolRequest, runningCluster, sdkConfig, steppedEmulator, waitTask, WORLD, type SteppedClock, type CsClient } from './helpers.js';

const run = promisify(execFile);

describe('ACK clusters', () => {
  let emulator: RunningEmulator;
  let clock: SteppedClock;
  let ack: CsClient;
  beforeAll(async () => {
    ({ emulator, clock } = await steppedEmulator());
    ack = clients(emulator).cs;
  });
  afterAll(() => emulator.close());

  it('CreateCluster goes initial -> running, with a task whose stages all succeed', async () => {
    const created = await ack.createCluster(clusterRequest({ name: 'lifecycle', tags: [new cs.Tag({ key: 'ackl2.io/profile', value: 'lifecycle' })] }));
    const id = created.body!.clusterId!;
    expect(created.body?.taskId).toMatch(/^T-[0-9a-f]{24}$/);
    expect(created.headers?.['x-acs-request-id']).toBe(created.body?.requestId);
    expect((await ack.describeClusterDetail(id)).body?.state).toBe('initial');
    const running = await ack.describeTaskInfo(created.body!.taskId!);
    expect(running.body).toMatchObject({ state: 'running', taskType: 'cluster_create', clusterId: id, target: { id, type: 'cluster' } });
    const task = await waitTask(ack, created.body!.taskId!, clock);
    expect(task.state).toBe('success');
    expect(task.stages?.map((s) => s.state)).toEqual(['success', 'success', 'success', 'success']);
    expect(task.error).toBeUndefined();
    const detail = (await ack.describeClusterDetail(id)).body!;
    expect(detail).toMatchObject({
      clusterId: id,
      name: 'lifecycle',
      regionId: WORLD.region,
      state: 'running',
      clusterType: 'ManagedKubernetes',
      clusterSpec: 'ack.pro.small',
      currentVersion: WORLD.version,
      vpcId: WORLD.vpc,
      vswitchIds: [WORLD.vswH, WORLD.vswI],
      serviceCidr: '172.21.0.0/20',
      deletionProtection: false,
      zoneId: 'cn-hangzhou-h',
    });
    const meta = JSON.parse(detail.metaData!);
    expect(meta).toMatchObject({ KubernetesVersion: WORLD.version, PodVswitchIds: [WORLD.podH, WORLD.podI], MultiAZ: true, NetworkPlugin: 'terway-eniip' });
    expect(JSON.parse(detail.masterUrl!)).toHaveProperty('intranet_api_server_endpoint');
    expect(detail.tags).toEqual([expect.objectContaining({ key: 'ackl2.io/profile', value: 'lifecycle' })]);
  });

  it('CreateCluster with inline nodepools creates each pool, active with the cluster', async () => {
    const created = await ack.createCluster(
      clusterRequest({
        name: 'inline',
        nodepools: [
          new cs.Nodepool({
            nodepoolInfo: new cs.NodepoolNodepoolInfo({ name: 'system' }),
            scalingGroup: new cs.NodepoolScalingGroup({ vswitchIds: [WORLD.vswH], instanceTypes: ['ecs.g7.xlarge'], desiredSize: 2, imageType: 'AliyunLinux', keyPair: 'ackl2-demo' }),
          }),
          new cs.Nodepool({
            nodepoolInfo: new cs.NodepoolNodepoolInfo({ name: 'batch' }),
            scalingGroup: new cs.NodepoolScalingGroup({ vswitchIds: [WORLD.vswI], instanceTypes: ['ecs.c7.xlarge'], desiredSize: 1 }),
          }),
        ],
      }),
    );
    const id = created.body!.clusterId!;
    const before = (await ack.describeClusterNodePools(id, new cs.DescribeClusterNodePoolsRequest({}))).body!.nodepools!;
    expect(before.map((p) => [p.nodepoolInfo?.name, p.status?.state, p.status?.totalNodes])).toEqual([
      ['system', 'initial', 2],
      ['batch', 'initial', 1],
    ]);
    await waitTask(ack, created.body!.taskId!, clock);
    const after = (await ack.describeClusterNodePools(id, new cs.DescribeClusterNodePoolsRequest({}))).body!.nodepools!;
    expect(after.map((p) => [p.nodepoolInfo?.name, p.status?.state, p.status?.healthyNodes, p.nodepoolInfo?.isDefault])).toEqual([
      ['system', 'active', 2, true],
      ['batch', 'active', 1, false],
    ]);
    expect((await ack.describeClusterDetail(id)).body?.size).toBe(3);
  });

  it('decommissioned actions answer as an action that does not exist: 404 InvalidAction.NotFound, nothing done', async () => {
    await ack.createCluster(clusterRequest({ name: 'listed' }));
    const calls = [
      ack.describeClustersV1(new cs.DescribeClustersV1Request({ name: 'listed' })),
      ack.describeClusters(new cs.DescribeClustersRequest({ name: 'listed' })),
      ack.getUpgradeStatus('c-any'),
      ack.pauseClusterUpgrade('c-any'),
      ack.cancelClusterUpgrade('c-any'),
      ack.resumeUpgradeCluster('c-any'),
    ];
    for (const call of calls) expect(await apiError(call)).toMatchObject({ code: 'InvalidAction.NotFound', statusCode: 404 });
    const actions = emulator.calls().slice(-6).map((c) => [c.action, c.status]);
    expect(actions).toEqual(['DescribeClustersV1', 'DescribeClusters', 'GetUpgradeStatus', 'PauseClusterUpgrade', 'CancelClusterUpgrade', 'ResumeUpgradeCluster'].map((a) => [a, 404]));
  });

  it('a deprecated parameter the announcement lists is refused with 400 before anything is created', async () => {
    const before = Object.keys(emulator.state().clusters);
    const error = await apiError(ack.createCluster(clusterRequest({ name: 'old-style', masterVswitchIds: [WORLD.vswH] })));
    expect(error).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(error.message).toMatch(/master_vswitch_ids is deprecated and no longer accepted by CreateCluster; use vswitch_ids/);
    expect(Object.keys(emulator.state().clusters)).toEqual(before);
  });

  it('DeleteCluster goes deleting -> deleted -> gone, and releases the nodes', async () => {
    const id = await runningCluster(ack, 'doomed', clock);
    const pool = await ack.createClusterNodePool(id, poolRequest('web', 2));
    await waitTask(ack, pool.body!.taskId!, clock);
    const instanceIds = (await ack.describeClusterNodes(id, new cs.DescribeClusterNodesRequest({}))).body!.nodes!.map((n) => n.instanceId!);
    expect(instanceIds).toHaveLength(2);
    const deleted = await ack.deleteCluster(id, new cs.DeleteClusterRequest({}));
    expect(deleted.statusCode).toBe(202);
    expect((await ack.describeClusterDetail(id)).body?.state).toBe('deleting');
    const again = await ack.deleteCluster(id, new cs.DeleteClusterRequest({}));
    expect(again.body?.taskId).toBe(deleted.body?.taskId);
    expect((await waitTask(ack, deleted.body!.taskId!, clock)).state).toBe('success');
    expect((await ack.describeClusterDetail(id)).body?.state).toBe('deleted');
    clock.advance(2000);
    expect(await apiError(ack.describeClusterDetail(id))).toMatchObject({ code: 'ErrorClusterNotFound', statusCode: 404 });
    expect(Object.keys(emulator.state().instances)).not.toEqual(expect.arrayContaining(instanceIds));
    // Its tasks stay readable for a while (a caller may still wait on the deletion), then go:
    // a long-running emulator keeps no task of a cluster long gone.
    expect((await ack.describeTaskInfo(deleted.body!.taskId!)).body?.state).toBe('success');
    clock.advance(TASK_RETENTION_MS);
    expect(Object.values(emulator.state().tasks).filter((t) => t.clusterId === id)).toEqual([]);
    expect(await apiError(ack.deleteCluster(id, new cs.DeleteClusterRequest({})))).toMatchObject({ code: 'ErrorClusterNotFound' });
  });

  it('DeleteCluster refuses while deletion protection is on, until ModifyCluster lifts it', async () => {
    const created = await ack.createCluster(clusterRequest({ name: 'protected', deletionProtection: true }));
    await waitTask(ack, created.body!.taskId!, clock);
    const id = created.body!.clusterId!;
    const refused = await apiError(ack.deleteCluster(id, new cs.DeleteClusterRequest({})));
    expect(refused).toMatchObject({ code: 'ErrorDeletionProtection', statusCode: 400 });
    expect(refused.message).toMatch(/deletion protection/);
    await ack.modifyCluster(id, new cs.ModifyClusterRequest({ deletionProtection: false }));
    expect((await ack.deleteCluster(id, new cs.DeleteClusterRequest({}))).statusCode).toBe(202);
  });

  it('DescribeClusterUserKubeconfig returns a kubeconfig kubectl parses', async () => {
    const created = await ack.createCluster(clusterRequest({ name: 'kubeconfig', endpointPublicAccess: true }));
    expect(await apiError(ack.describeClusterUserKubeconfig(created.body!.clusterId!, new cs.DescribeClusterUserKubeconfigRequest({})))).toMatchObject({ code: 'ErrorClusterState' });
    await waitTask(ack, created.body!.taskId!, clock);
    const answer = await ack.describeClusterUserKubeconfig(created.body!.clusterId!, new cs.DescribeClusterUserKubeconfigRequest({ privateIpAddress: true }));
    expect(Date.parse(answer.body!.expiration!)).toBeGreaterThan(Date.now());
    const file = join(mkdtempSync(join(tmpdir(), 'ackl2-kube-')), 'config');
    writeFileSync(file, answer.body!.config!, { mode: 0o600 });
    const { stdout } = await run('kubectl', ['config', 'view', '--kubeconfig', file, '-o', 'json']);
    const view = JSON.parse(stdout);
    expect(view.clusters[0].cluster.server).toBe(`${emulator.endpoint.replace(/\/$/, '')}/_kube/${created.body!.clusterId!}`);
    expect(view['current-context']).toContain(created.body!.clusterId!);
  });

  it('DescribeKubernetesVersionMetadata lists the catalogue images per version (2024-03: AliyunLinux2 and 3 below 1.30)', async () => {
    const versions = (await ack.describeKubernetesVersionMetadata(new cs.DescribeKubernetesVersionMetadataRequest({ region: WORLD.region, clusterType: 'ManagedKubernetes' }))).body!;
    const imageTypes = Object.fromEntries(versions.map((v) => [v.version, [...new Set(v.images?.map((i) => i.imageType))].sort()]));
    expect(imageTypes).toEqual({
      '1.24.6-aliyun.1': ['AliyunLinux', 'AliyunLinux3'],
      '1.26.3-aliyun.1': ['AliyunLinux', 'AliyunLinux3'],
      '1.28.3-aliyun.1': ['AliyunLinux', 'AliyunLinux3'],
      '1.28.9-aliyun.1': ['AliyunLinux', 'AliyunLinux3'],
    });
    expect(versions[0]?.runtimes?.map((r) => r.name)).toEqual(['containerd', 'Sandboxed-Container.runv']);
    expect(versions[1]?.images?.[0]?.imageId).toBe(WORLD.al3Newest);
    expect(await apiError(ack.describeKubernetesVersionMetadata(new cs.DescribeKubernetesVersionMetadataRequest({ clusterType: 'ManagedKubernetes' })))).toMatchObject({ code: 'InvalidParameter' });
  });

  it('ListAddons and DescribeAddons describe the add-on catalogue', async () => {
    const list = (await ack.listAddons(new cs.ListAddonsRequest({ regionId: WORLD.region, clusterType: 'ManagedKubernetes' }))).body!.addons!;
    expect(list.map((a) => a.name)).toEqual(expect.arrayContaining(['terway-eniip', 'ack-node-local-dns', 'ack-koordinator', 'ack-fluid', 'cluster-autoscaler']));
    const older = (await ack.describeAddons(new cs.DescribeAddonsRequest({ region: WORLD.region, clusterType: 'ManagedKubernetes' }))).body!;
    expect(older.standardComponents?.coredns?.required).toBe('true');
    expect(older.componentGroups?.find((g) => g.groupName === 'network')?.items?.map((i) => i.name)).toContain('flannel');
  });

  it('CreateAutoscalingConfig starts a task on a running cluster', async () => {
    const id = await runningCluster(ack, 'autoscaled', clock);
    const answer = await ack.createAutoscalingConfig(id, new cs.CreateAutoscalingConfigRequest({ scanInterval: '15s', scaleUpFromZero: true, expander: 'least-waste' }));
    expect((await waitTask(ack, answer.body!.taskId!, clock)).state).toBe('success');
    expect(emulator.state().autoscalingConfigs[id]).toMatchObject({ scan_interval: '15s', expander: 'least-waste' });
  });

  it('ListTagResources finds clusters by tag', async () => {
    await ack.createCluster(clusterRequest({ name: 'tagged', tags: [new cs.Tag({ key: 'ackl2.io/profile', value: 'tagged' }), new cs.Tag({ key: 'team', value: 'shop' })] }));
    const answer = await ack.listTagResources(new cs.ListTagResourcesRequest({ regionId: WORLD.region, resourceType: 'CLUSTER', tags: [new cs.Tag({ key: 'ackl2.io/profile', value: 'tagged' })] }));
    const rows = answer.body!.tagResources!.tagResource!;
    expect(rows.map((r) => `${r.tagKey}=${r.tagValue}`).sort()).toEqual(['ackl2.io/profile=tagged', 'team=shop']);
  });

  it('answers an unknown ROA route with 404 InvalidAction.NotFound, never 200', async () => {
    const client = new OpenApiClient(sdkConfig(emulator));
    const params = new openapi.$OpenApiUtil.Params({ action: 'DescribeMagic', version: '2015-12-15', protocol: 'HTTP', pathname: '/clusters/c1/magic', method: 'GET', authType: 'AK', style: 'ROA', reqBodyType: 'json', bodyType: 'json' });
    const error = await apiError(client.callApi(params, new openapi.$OpenApiUtil.OpenApiRequest({}), {} as Parameters<typeof client.callApi>[2]));
    expect(error).toMatchObject({ code: 'InvalidAction.NotFound', statusCode: 404 });
    const calls = (await control(emulator, 'GET', '/_emulator/calls')).calls;
    expect(calls.at(-1)).toMatchObject({ service: 'ack', path: '/clusters/c1/magic', status: 404, errorCode: 'InvalidAction.NotFound' });
  });
});
