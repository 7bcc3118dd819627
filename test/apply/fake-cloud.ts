/**
 * An in-memory fake of ackl2's own gateway interfaces (not of the cloud's wire protocol):
 * clusters, pools, nodes and tasks whose states advance one step per poll, a call log,
 * and hooks to make a call fail. For unit tests of the apply engine and preflight.
 */

import { CloudError, ConnectionFailed, type Ackl2Error } from '../../src/errors.js';
import { FAILURE_KIND, type FailureKind } from '../../src/cloud/errors.js';
import type {
  AckGateway,
  AvailableZone,
  ClusterDetail,
  ClusterNode,
  EcsGateway,
  Image,
  Instance,
  KubernetesVersionMetadata,
  NodePoolSummary,
  Page,
  Tag,
  TaskInfo,
  ClusterTask,
  VSwitch,
} from '../../src/cloud/types.js';
import type { JsonObject } from '../../src/plan/types.js';
import { profileSchema, type ProfileInput } from '../../src/profile/schema.js';

/** A profile whose VPC, vSwitches, image, key pair and instances are the ones FakeAck/FakeEcs know; `edit` changes the input. */
export function fakeCloudProfile(edit: (p: ProfileInput) => void = () => undefined) {
  const input: ProfileInput = {
    apiVersion: 'ackl2/v1',
    kind: 'ClusterProfile',
    metadata: { name: 'shop', region: 'cn-hangzhou' },
    cluster: {
      kubernetesVersion: '1.30',
      network: { vpcId: 'vpc-main0001', vswitchIds: ['vsw-h0001', 'vsw-i0002'], plugin: 'terway', podVswitchIds: ['vsw-pod0003'] },
    },
    nodePools: [
      {
        name: 'web',
        instanceTypes: ['ecs.g7.xlarge'],
        desiredSize: 2,
        image: { os: 'AliyunLinux2', id: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd' },
        login: { keyPair: 'ops-key' },
        join: { instanceIds: ['i-spare0001'] },
      },
    ],
  };
  edit(input);
  return profileSchema.parse(input);
}

export interface FakeTask {
  id: string;
  /** Polls left before it ends. */
  pollsLeft: number;
  outcome: 'success' | 'fail';
  stage: string;
  onDone: () => void;
  results: { data: string; status: string }[];
}

export interface Call {
  action: string;
  args: unknown[];
  at: number;
}

export function cloudFailure(kind: FailureKind, code: string, message = code): CloudError {
  const error = new CloudError({ code, message, requestId: `req-${code}` });
  Object.defineProperty(error, FAILURE_KIND, { value: kind });
  return error;
}

/** A connection reset on `action` as the invoker reports it once retries are spent (or at once, for a change). */
export function connectionFailure(action: string, outcome: ConnectionFailed['outcome'] = 'unknown'): ConnectionFailed {
  const error = new ConnectionFailed({ code: 'ECONNRESET', action, outcome, message: `${action}: the connection failed (ECONNRESET: socket hang up)` });
  Object.defineProperty(error, FAILURE_KIND, { value: 'network' });
  return error;
}

function page<T>(items: T[], pageNumber = 1, pageSize = 50): Page<T> {
  const start = (pageNumber - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), totalCount: items.length, pageNumber, pageSize };
}

export class FakeAck implements AckGateway {
  readonly region = 'cn-hangzhou';
  readonly clusters = new Map<string, ClusterDetail>();
  readonly pools = new Map<string, NodePoolSummary & { clusterId: string }>();
  readonly nodes = new Map<string, ClusterNode & { clusterId: string }>();
  readonly tasks = new Map<string, FakeTask>();
  readonly calls: Call[] = [];
  /** Polls a task takes to finish. */
  taskPolls = 1;
  /** Per action: throw this before doing anything (once per entry). */
  readonly failBefore = new Map<string, Ackl2Error[]>();
  /** Per action: do the work, then throw this (a lost answer). */
  readonly failAfter = new Map<string, Ackl2Error[]>();
  /** Pool names whose creation task fails. */
  readonly failingPools = new Set<string>();
  autoscalerConfigs: JsonObject[] = [];
  /** Resource id -> the task that creates it: the resource advances when polled, like the cloud. */
  private readonly creating = new Map<string, string>();
  private seq = 0;
  private inFlight = 0;
  maxConcurrentCreates = 0;

  private record(action: string, ...args: unknown[]): void {
    this.calls.push({ action, args, at: this.seq++ });
    const before = this.failBefore.get(action)?.shift();
    if (before) throw before;
  }

  private after(action: string): void {
    const error = this.failAfter.get(action)?.shift();
    if (error) throw error;
  }

  count(action: string): number {
    return this.calls.filter((c) => c.action === action).length;
  }

  private newTask(outcome: 'success' | 'fail', stage: string, onDone: () => void, results: FakeTask['results'] = []): string {
    const id = `T-${this.tasks.size + 1}`;
    this.tasks.set(id, { id, pollsLeft: this.taskPolls, outcome, stage, onDone, results });
    return id;
  }

  addCluster(name: string, tags: Tag[], state = 'running'): ClusterDetail {
    const id = `c-${this.clusters.size + 1}`;
    const cluster: ClusterDetail = { clusterId: id, name, state, vswitchIds: [], tags, metaData: {} };
    this.clusters.set(id, cluster);
    return cluster;
  }

  addPool(clusterId: string, name: string, state = 'active'): NodePoolSummary {
    const id = `np-${this.pools.size + 1}`;
    const pool = {
      clusterId,
      nodepoolId: id,
      name,
      state,
      desiredSize: 1,
      nodes: { total: 1, healthy: 1, serving: 1, initial: 0, failed: 0, removing: 0 },
      instanceTypes: [],
      vswitchIds: [],
      tags: [],
    };
    this.pools.set(id, pool);
    return pool;
  }

  addNode(clusterId: string, nodepoolId: string, instanceId: string): void {
    this.nodes.set(instanceId, { clusterId, nodepoolId, instanceId, ipAddresses: [], state: 'running' });
  }

  async createCluster(body: JsonObject) {
    this.record('CreateCluster', body);
    const tags = (body.tags as { key: string; value: string }[] | undefined) ?? [];
    const cluster = this.addCluster(String(body.name), tags, 'initial');
    const taskId = this.newTask('success', 'InitializeCluster', () => {
      cluster.state = 'running';
    });
    this.creating.set(cluster.clusterId, taskId);
    this.after('CreateCluster');
    return { clusterId: cluster.clusterId, taskId, requestId: 'req-create' };
  }

  async createClusterNodePool(clusterId: string, body: JsonObject) {
    this.record('CreateClusterNodePool', clusterId, body);
    this.inFlight++;
    this.maxConcurrentCreates = Math.max(this.maxConcurrentCreates, this.inFlight);
    await new Promise((r) => setTimeout(r, 5));
    this.inFlight--;
    const name = String((body.nodepool_info as JsonObject).name);
    const pool = this.addPool(clusterId, name, 'initial');
    const fails = this.failingPools.has(name);
    const taskId = this.newTask(fails ? 'fail' : 'success', 'ScaleOutNodes', () => {
      pool.state = fails ? 'failed' : 'active';
    });
    this.creating.set(pool.nodepoolId, taskId);
    this.after('CreateClusterNodePool');
    return { nodepoolId: pool.nodepoolId, taskId, requestId: 'req-np' };
  }

  async attachInstancesToNodePool(clusterId: string, nodepoolId: string, body: JsonObject) {
    this.record('AttachInstancesToNodePool', clusterId, nodepoolId, body);
    const instances = body.instances as string[];
    for (const id of instances) this.addNode(clusterId, nodepoolId, id);
    const taskId = this.newTask('success', 'AttachInstances', () => undefined, instances.map((i) => ({ data: i, status: 'success' })));
    this.after('AttachInstancesToNodePool');
    return { taskId, requestId: 'req-attach' };
  }

  async createAutoscalingConfig(_clusterId: string, body: JsonObject) {
    this.record('CreateAutoscalingConfig', body);
    this.autoscalerConfigs.push(body);
    return {};
  }

  // Lifecycle calls (apply, upgrades, prune) are tested against the emulator, not this fake.
  private unsupported(action: string): never {
    this.record(action);
    throw new Error(`FakeAck: ${action} is not part of the create tests`);
  }
  modifyCluster = async () => this.unsupported('ModifyCluster');
  modifyClusterTags = async () => this.unsupported('ModifyClusterTags');
  /** OS parameters only (the create engine's os-parameters step); kubelet changes stay unsupported here. */
  async modifyNodePoolNodeConfig(clusterId: string, nodepoolId: string, body: JsonObject) {
    this.record('ModifyNodePoolNodeConfig', clusterId, nodepoolId, body);
    const sysctl = (body.os_config as JsonObject | undefined)?.sysctl as Record<string, string> | undefined;
    if (!sysctl || body.kubelet_config) return this.unsupported('ModifyNodePoolNodeConfig kubelet_config');
    const taskId = this.newTask('success', 'UpdateNodeConfig', () => this.poolSysctls.set(nodepoolId, { ...this.poolSysctls.get(nodepoolId), ...sysctl }));
    return { taskId, requestId: 'req-os' };
  }
  deleteClusterNodepool = async () => this.unsupported('DeleteClusterNodepool');
  upgradeCluster = async () => this.unsupported('UpgradeCluster');
  upgradeClusterNodepool = async () => this.unsupported('UpgradeClusterNodepool');

  async modifyClusterNodePool(clusterId: string, nodepoolId: string, body: JsonObject) {
    this.record('ModifyClusterNodePool', clusterId, nodepoolId, body);
    const pool = this.pools.get(nodepoolId)!;
    const size = (body.scaling_group as JsonObject).desired_size as number;
    pool.state = 'scaling';
    const taskId = this.newTask('success', 'ScaleOutNodes', () => {
      pool.state = 'active';
      pool.desiredSize = size;
      pool.nodes = { ...pool.nodes, total: size };
    });
    return { taskId };
  }

  async deleteCluster(clusterId: string) {
    this.record('DeleteCluster', clusterId);
    this.clusters.delete(clusterId);
    return {};
  }

  private advance(task: FakeTask): void {
    if (task.pollsLeft > 0) {
      task.pollsLeft--;
      if (task.pollsLeft === 0) task.onDone();
    }
  }

  private advanceCreation(resourceId: string): void {
    const taskId = this.creating.get(resourceId);
    const task = taskId ? this.tasks.get(taskId) : undefined;
    if (task) this.advance(task);
  }

  async describeTaskInfo(taskId: string): Promise<TaskInfo> {
    this.record('DescribeTaskInfo', taskId);
    const task = this.tasks.get(taskId);
    if (!task) throw cloudFailure('client', 'TaskNotFound');
    this.advance(task);
    const done = task.pollsLeft === 0;
    return {
      taskId,
      state: done ? task.outcome : 'running',
      currentStage: done && task.outcome === 'success' ? undefined : task.stage,
      stages: [{ state: done ? task.outcome : 'running', message: task.stage }],
      error: done && task.outcome === 'fail' ? { code: 'NodePoolScaleFailed', message: 'no stock' } : undefined,
      results: task.results,
    };
  }

  /** Every task this fake started (it keeps no cluster per task), each advanced as one poll of it. */
  async describeClusterTasks(clusterId: string): Promise<ClusterTask[]> {
    this.record('DescribeClusterTasks', clusterId);
    return [...this.tasks.entries()].map(([taskId, task]) => {
      this.advance(task);
      const done = task.pollsLeft === 0;
      return { taskId, state: done ? task.outcome : 'running', error: done && task.outcome === 'fail' ? { code: 'NodePoolScaleFailed', message: 'no stock' } : undefined };
    });
  }

  async describeClustersForRegion(query: { name?: string; pageNumber?: number; pageSize?: number } = {}) {
    this.record('DescribeClustersForRegion', query);
    const all = [...this.clusters.values()].filter((c) => !query.name || c.name.includes(query.name));
    return page(all, query.pageNumber, query.pageSize);
  }

  async describeClusterDetail(clusterId: string) {
    this.record('DescribeClusterDetail', clusterId);
    this.advanceCreation(clusterId);
    const c = this.clusters.get(clusterId);
    if (!c) throw cloudFailure('client', 'ErrorClusterNotFound');
    return { ...c };
  }

  async describeClusterNodePools(clusterId: string, query: { name?: string } = {}) {
    this.record('DescribeClusterNodePools', clusterId, query);
    for (const pool of this.pools.values()) if (pool.clusterId === clusterId) this.advanceCreation(pool.nodepoolId);
    return [...this.pools.values()].filter((p) => p.clusterId === clusterId && (!query.name || p.name === query.name)).map((p) => ({ ...p }));
  }

  async describeClusterNodePoolDetail(clusterId: string, nodepoolId: string) {
    this.record('DescribeClusterNodePoolDetail', clusterId, nodepoolId);
    this.advanceCreation(nodepoolId);
    const p = this.pools.get(nodepoolId);
    if (!p || p.clusterId !== clusterId) throw cloudFailure('client', 'ErrorNodePoolNotFound');
    return { ...p };
  }

  /** Live node-pool OS parameters by pool id (what DescribeClusterNodePoolDetail's node_config returns). */
  poolSysctls = new Map<string, Record<string, string>>();

  async describeNodePoolSysctls(clusterId: string, nodepoolId: string) {
    this.record('DescribeClusterNodePoolDetail', clusterId, nodepoolId);
    return this.poolSysctls.get(nodepoolId);
  }

  async describeClusterNodes(clusterId: string, query: { nodepoolId?: string; pageNumber?: number; pageSize?: number } = {}) {
    this.record('DescribeClusterNodes', clusterId, query);
    const all = [...this.nodes.values()].filter((n) => n.clusterId === clusterId && (!query.nodepoolId || n.nodepoolId === query.nodepoolId));
    return page(all, query.pageNumber, query.pageSize);
  }

  async describeClusterUserKubeconfig() {
    return { config: 'apiVersion: v1' };
  }

  versions: KubernetesVersionMetadata[] = [
    { version: '1.28.15-aliyun.1', creatable: true, images: [{ imageType: 'AliyunLinux' }, { imageType: 'AliyunLinux3' }], runtimes: [] },
    { version: '1.30.1-aliyun.1', creatable: true, images: [{ imageType: 'AliyunLinux' }, { imageType: 'AliyunLinux3' }], runtimes: [] },
    { version: '1.30.7-aliyun.1', creatable: true, images: [{ imageType: 'AliyunLinux' }, { imageType: 'AliyunLinux3' }], runtimes: [] },
    { version: '1.31.9-aliyun.1', creatable: true, images: [{ imageType: 'AliyunLinux3' }], runtimes: [] },
  ];

  async describeKubernetesVersionMetadata() {
    this.record('DescribeKubernetesVersionMetadata');
    return this.versions;
  }

  /** Service roles not authorised in the account; `activated: false` makes CheckServiceRole fail as on an account without ACK. */
  readonly ungrantedRoles = new Set<string>();
  activated = true;

  async checkServiceRoles(names: readonly string[]) {
    this.record('CheckServiceRole', names);
    if (!this.activated) throw cloudFailure('client', 'ServiceNotActivated');
    return names.map((name) => ({ name, granted: !this.ungrantedRoles.has(name), ...(this.ungrantedRoles.has(name) && { message: `The role does not exist: ${name}` }) }));
  }

  async repairClusterNodePool(clusterId: string, nodepoolId: string, nodes: readonly string[]) {
    this.record('RepairClusterNodePool', clusterId, nodepoolId, nodes);
    const repaired = [...this.nodes.values()].filter((n) => n.nodepoolId === nodepoolId && nodes.includes(n.nodeName ?? ''));
    return { taskId: this.newTask('success', 'repair', () => repaired.forEach((n) => (n.state = 'running'))), requestId: 'R-repair' };
  }
}

export class FakeEcs implements EcsGateway {
  readonly region = 'cn-hangzhou';
  readonly calls: Call[] = [];
  zones: AvailableZone[] = [
    { zoneId: 'cn-hangzhou-h', availableInstanceTypes: ['ecs.g7.xlarge', 'ecs.gn6v-c8g1.2xlarge'], soldOutInstanceTypes: [] },
    { zoneId: 'cn-hangzhou-i', availableInstanceTypes: ['ecs.g7.xlarge'], soldOutInstanceTypes: ['ecs.ebmg7.32xlarge'] },
  ];
  vpcs = [{ vpcId: 'vpc-main0001', cidrBlock: '192.168.0.0/16', vswitchIds: [] as string[] }];
  vswitches: VSwitch[] = [
    { vswitchId: 'vsw-h0001', vpcId: 'vpc-main0001', zoneId: 'cn-hangzhou-h' },
    { vswitchId: 'vsw-i0002', vpcId: 'vpc-main0001', zoneId: 'cn-hangzhou-i' },
    { vswitchId: 'vsw-pod0003', vpcId: 'vpc-main0001', zoneId: 'cn-hangzhou-h' },
    { vswitchId: 'vsw-other0004', vpcId: 'vpc-other0002', zoneId: 'cn-hangzhou-h' },
  ];
  images: Image[] = [
    { imageId: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd', imageFamily: 'acs:alibaba_cloud_linux_2_1903_lts_x64', status: 'Available' },
    { imageId: 'aliyun_3_x64_20G_alibase_20240819.vhd', imageFamily: 'acs:alibaba_cloud_linux_3_2104_lts_x64', status: 'Available' },
  ];
  keyPairs = ['ops-key'];
  instances: Instance[] = [
    { instanceId: 'i-spare0001', status: 'Running', vpcId: 'vpc-main0001', tags: [] },
    { instanceId: 'i-spare0002', status: 'Running', vpcId: 'vpc-main0001', tags: [] },
    { instanceId: 'i-stopped0001', status: 'Stopped', vpcId: 'vpc-main0001', tags: [] },
    { instanceId: 'i-taken0001', status: 'Running', vpcId: 'vpc-main0001', clusterId: 'c-other', tags: [] },
    { instanceId: 'i-othervpc01', status: 'Running', vpcId: 'vpc-other0002', tags: [] },
  ];
  regionKnown = true;

  private record(action: string, ...args: unknown[]): void {
    this.calls.push({ action, args, at: this.calls.length });
    // As ECS answers every regional call of a region the account does not have.
    if (!this.regionKnown && action !== 'DescribeRegions') throw cloudFailure('client', 'InvalidRegionId.NotFound');
  }

  async describeRegions() {
    this.record('DescribeRegions');
    return [{ regionId: 'cn-hangzhou' }];
  }

  async describeVpcs(query: { vpcId?: string } = {}) {
    this.record('DescribeVpcs', query);
    return page(this.vpcs.filter((v) => !query.vpcId || v.vpcId === query.vpcId));
  }

  async describeVSwitches(query: { vpcId?: string; vswitchId?: string; pageNumber?: number; pageSize?: number } = {}) {
    this.record('DescribeVSwitches', query);
    return page(
      this.vswitches.filter((v) => (!query.vpcId || v.vpcId === query.vpcId) && (!query.vswitchId || v.vswitchId === query.vswitchId)),
      query.pageNumber,
      query.pageSize,
    );
  }

  async describeAvailableInstanceTypes() {
    this.record('DescribeAvailableResource');
    if (!this.regionKnown) throw cloudFailure('client', 'InvalidRegionId.NotFound');
    return this.zones;
  }

  /** ENI counts per instance type (Terway pod capacity); a type not listed is unknown to DescribeInstanceTypes. */
  instanceTypes = new Map<string, { eniQuantity: number; eniPrivateIpAddressQuantity: number }>([
    ['ecs.g7.xlarge', { eniQuantity: 4, eniPrivateIpAddressQuantity: 15 }],
    ['ecs.gn6v-c8g1.2xlarge', { eniQuantity: 4, eniPrivateIpAddressQuantity: 10 }],
  ]);

  async describeInstanceTypes(types: readonly string[]) {
    this.record('DescribeInstanceTypes', types);
    return types.flatMap((t) => {
      const info = this.instanceTypes.get(t);
      return info ? [{ instanceType: t, ...info }] : [];
    });
  }

  async describeImages(query: { imageId?: string } = {}) {
    this.record('DescribeImages', query);
    return page(this.images.filter((i) => !query.imageId || i.imageId === query.imageId));
  }

  async describeKeyPairs(query: { keyPairName?: string } = {}) {
    this.record('DescribeKeyPairs', query);
    return page(this.keyPairs.filter((k) => !query.keyPairName || k === query.keyPairName).map((keyPairName) => ({ keyPairName })));
  }

  async describeInstances(query: { instanceIds?: string[] } = {}) {
    this.record('DescribeInstances', query);
    return page(this.instances.filter((i) => !query.instanceIds || query.instanceIds.includes(i.instanceId)), 1, 100);
  }
}
