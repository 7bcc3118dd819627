/**
 * The SDK-backed gateways, through openCloudSession, against the emulator on loopback: every
 * gateway method once, mapped into the domain types, counted, logged without secrets.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAll } from '../../src/cloud/paging.js';
import type { CloudSession } from '../../src/cloud/session.js';
import { openCloudSession } from '../../src/commands/online.js';
import type { AckGateway, TaskInfo } from '../../src/cloud/types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CloudError } from '../../src/errors.js';
import { loadProfile } from '../../src/profile/load.js';
import { planProfile } from '../../src/plan/index.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { memoryContext } from '../helpers/context.js';

let emulator: RunningEmulator;
let session: CloudSession;
let memory: ReturnType<typeof memoryContext>;
const saved: Record<string, string | undefined> = {};

async function waitTask(ack: AckGateway, taskId: string): Promise<TaskInfo> {
  for (let i = 0; i < 200; i++) {
    const task = await ack.describeTaskInfo(taskId);
    if (task.state !== 'running') return task;
  }
  throw new Error(`task ${taskId} did not finish`);
}

beforeAll(async () => {
  // on a virtual clock a second per call: a task ends after a few polls, with no wall-clock wait
  emulator = await startEmulator({ clock: { virtual: { stepMs: 1000 } }, seed: 7, catalogue: '2024-03' }); // the quickstart's catalogue
  for (const key of ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_ECS_METADATA_DISABLED']) saved[key] = process.env[key];
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = emulator.accessKeyId;
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = emulator.accessKeySecret;
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  memory = memoryContext({ endpoint: emulator.endpoint, debug: true });
  session = await openCloudSession(memory.ctx, { region: 'cn-hangzhou' });
});

afterAll(async () => {
  await session?.close();
  await emulator?.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('ECS gateway', () => {
  it('reads zones with their instance types', async () => {
    const zones = await session.ecs.describeAvailableInstanceTypes();
    const h = zones.find((z) => z.zoneId === 'cn-hangzhou-h');
    expect(h?.availableInstanceTypes).toContain('ecs.g7.xlarge');
    expect(h?.availableInstanceTypes).toContain('ecs.gn6v-c8g1.2xlarge');
    expect(zones.find((z) => z.zoneId === 'cn-hangzhou-j')?.availableInstanceTypes).not.toContain('ecs.gn6v-c8g1.2xlarge');
  });

  it('reads the VPC and its vSwitches with their zones', async () => {
    const vpcs = await session.vpc.describeVpcs({ vpcId: 'vpc-bp1ackl2demo0001' });
    expect(vpcs.items.map((v) => v.vpcId)).toEqual(['vpc-bp1ackl2demo0001']);
    const vswitches = await listAll((pageNumber, pageSize) => session.vpc.describeVSwitches({ vpcId: 'vpc-bp1ackl2demo0001', pageNumber, pageSize }));
    expect(vswitches.find((v) => v.vswitchId === 'vsw-bp1nodeh00001')).toMatchObject({ vpcId: 'vpc-bp1ackl2demo0001', zoneId: 'cn-hangzhou-h' });
    expect(vswitches.some((v) => v.vswitchId === 'vsw-bp1other00006')).toBe(false);
  });

  it('reads images of a family, key pairs and instances', async () => {
    const images = await session.ecs.describeImages({ imageFamily: 'acs:alibaba_cloud_linux_2_1903_lts_x64', imageOwnerAlias: 'system' });
    expect(images.items[0]?.imageId).toBe('aliyun_2_1903_x64_20G_alibase_20240628.vhd');
    expect((await session.ecs.describeKeyPairs({ keyPairName: 'ackl2-demo' })).items.map((k) => k.keyPairName)).toEqual(['ackl2-demo']);
    const instances = await session.ecs.describeInstances({ instanceIds: ['i-bp1spare000001', 'i-bp1taken000001', 'i-bp1stopped00001'] });
    const byId = new Map(instances.items.map((i) => [i.instanceId, i]));
    expect(byId.get('i-bp1spare000001')).toMatchObject({ status: 'Running', vpcId: 'vpc-bp1ackl2demo0001', zoneId: 'cn-hangzhou-h' });
    expect(byId.get('i-bp1taken000001')?.clusterId).toBeTruthy();
    expect(byId.get('i-bp1stopped00001')?.status).toBe('Stopped');
  });
});

describe('ACK gateway', () => {
  it('reads Kubernetes version metadata with the image types each version creates', async () => {
    const versions = await session.ack.describeKubernetesVersionMetadata({ clusterType: 'ManagedKubernetes', profile: 'Default' });
    const v128 = versions.find((v) => v.version === '1.28.9-aliyun.1');
    expect(v128?.images.map((i) => i.imageType)).toEqual(expect.arrayContaining(['AliyunLinux', 'AliyunLinux3']));
    expect(versions.map((v) => v.version)).not.toContain('1.30.7-aliyun.1');
  });

  it('creates, describes, grows, joins and deletes through every ACK call', async () => {
    const loaded = await loadProfile('profiles/quickstart.yaml', { cwd: REPO_ROOT });
    loaded.profile.metadata.name = 'gw-test';
    loaded.profile.cluster.deletionProtection = false;
    const plan = planProfile(loaded.profile);
    const clusterOp = plan.operations.find((o) => o.id === 'cluster')!;
    const poolOp = plan.operations.find((o) => o.api === 'CreateClusterNodePool')!;
    const { ack } = session;

    const created = await ack.createCluster(clusterOp.body);
    expect(created.clusterId).toBeTruthy();
    expect(created.taskId).toBeTruthy();
    expect((await waitTask(ack, created.taskId!)).state).toBe('success');

    const listed = await ack.describeClustersForRegion({ name: 'gw-test' });
    expect(listed.items.map((c) => c.clusterId)).toEqual([created.clusterId]);
    expect(listed.items[0]!.tags).toContainEqual({ key: 'ackl2.io/profile', value: 'gw-test' });
    const detail = await ack.describeClusterDetail(created.clusterId);
    expect(detail).toMatchObject({ clusterId: created.clusterId, name: 'gw-test', state: 'running', vpcId: 'vpc-bp1ackl2demo0001' });

    const pool = await ack.createClusterNodePool(created.clusterId, poolOp.body);
    expect((await waitTask(ack, pool.taskId!)).state).toBe('success');
    const pools = await ack.describeClusterNodePools(created.clusterId);
    expect(pools.map((p) => p.name)).toContain('default');
    const poolDetail = await ack.describeClusterNodePoolDetail(created.clusterId, pool.nodepoolId);
    expect(poolDetail).toMatchObject({ nodepoolId: pool.nodepoolId, name: 'default', state: 'active', desiredSize: 2 });
    expect(poolDetail.nodes.total).toBe(2);

    const attach = await ack.attachInstancesToNodePool(created.clusterId, pool.nodepoolId, { instances: ['i-bp1spare000001'], format_disk: false, keep_instance_name: true });
    const attachTask = await waitTask(ack, attach.taskId!);
    expect(attachTask.state).toBe('success');
    const nodes = await ack.describeClusterNodes(created.clusterId, { nodepoolId: pool.nodepoolId, pageSize: 100 });
    expect(nodes.items.map((n) => n.instanceId)).toContain('i-bp1spare000001');

    const modify = await ack.modifyClusterNodePool(created.clusterId, pool.nodepoolId, { scaling_group: { desired_size: 4 } });
    if (modify.taskId) await waitTask(ack, modify.taskId);

    // Node-pool OS parameters: SDK 7.2.0's models drop node_os_config.sysctl, the gateway reads it raw.
    expect(await ack.describeNodePoolSysctls(created.clusterId, pool.nodepoolId)).toEqual({});
    const os = await ack.modifyNodePoolNodeConfig(created.clusterId, pool.nodepoolId, { os_config: { sysctl: { 'net.core.somaxconn': '32768' } }, rolling_policy: { max_parallelism: 1 } });
    expect((await waitTask(ack, os.taskId!)).state).toBe('success');
    expect(await ack.describeNodePoolSysctls(created.clusterId, pool.nodepoolId)).toEqual({ 'net.core.somaxconn': '32768' });
    await expect(ack.modifyNodePoolNodeConfig(created.clusterId, pool.nodepoolId, { os_config: { sysctl: { 'net.ipv4.tcp_congestion_control': 'bbr' } } })).rejects.toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringContaining("net.ipv4.tcp_congestion_control is not one of the sysctls ACK's node-pool OS parameters accept"),
    });
    await expect(ack.modifyNodePoolNodeConfig(created.clusterId, pool.nodepoolId, { os_config: { sysctl: { 'net.ipv4.tcp_tw_reuse': '7' } } })).rejects.toMatchObject({ code: 'InvalidParameter' });

    const kubeconfig = await ack.describeClusterUserKubeconfig(created.clusterId, { privateIpAddress: true });
    expect(kubeconfig.config).toContain('apiVersion');

    const deleted = await ack.deleteCluster(created.clusterId);
    expect(deleted.taskId ?? deleted.requestId).toBeTruthy();
  });

  it('maps an API error to CloudError with code, RequestId and action', async () => {
    const error = await session.ack.describeClusterDetail('c0000000000000000000000000000dead').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudError);
    expect((error as CloudError).action).toBe('DescribeClusterDetail');
    expect((error as CloudError).requestId).toBeTruthy();
    expect((error as CloudError).statusCode).toBeGreaterThanOrEqual(400);
  });
});

describe('one retry policy', () => {
  it('retries a throttled call itself; the SDK adds no attempts of its own', async () => {
    const before = { requests: session.stats.requests, retries: session.stats.retries, throttled: session.stats.throttled };
    const response = await fetch(`${emulator.endpoint}/_emulator/faults`, { method: 'POST', headers: { authorization: `Bearer ${emulator.token}` }, body: JSON.stringify({ spec: 'throttle@DescribeKeyPairs*2' }) });
    expect(response.ok).toBe(true);
    const pairs = await session.ecs.describeKeyPairs({ keyPairName: 'ackl2-demo' });
    expect(pairs.items).toHaveLength(1);
    expect(session.stats.requests - before.requests).toBe(3);
    expect(session.stats.retries - before.retries).toBe(2);
    expect(session.stats.throttled - before.throttled).toBe(2);
    // what the wire saw matches what ackl2 counted: 2 throttled + 1 answered
    const seen = emulator.calls().filter((c) => c.action === 'DescribeKeyPairs').slice(-3);
    expect(seen.map((c) => c.errorCode ?? 'ok')).toEqual(['Throttling.User', 'Throttling.User', 'ok']);
  });
});

describe('the session', () => {
  it('counts every request and logs each call under --debug, never the secret', () => {
    expect(session.stats.requests).toBeGreaterThan(10);
    expect(session.stats.mutatingRequests).toBeGreaterThanOrEqual(5);
    const log = memory.stderr();
    expect(log).toMatch(/debug: ack CreateCluster → 200 in \d+ms \(RequestId \S+\)/);
    expect(log).toMatch(/debug: vpc DescribeVSwitches → 200/);
    expect(log).not.toContain(emulator.accessKeySecret);
  });
});
