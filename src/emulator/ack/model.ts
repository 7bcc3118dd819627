/**
 * Creating node pools and their nodes in the state, and rendering clusters, pools, nodes and
 * tasks the way ACK answers (snake_case, as the SDK response models' names()).
 */

import { findInstanceType, findRegion, findVSwitch, instanceTypeFamily } from '../catalog.js';
import { ackTime, type BackendContext } from '../context.js';
import { deepMerge, obj, str, strings, withoutSecrets } from '../json.js';
import { taskStages } from '../lifecycle.js';
import { regionIdPrefix } from '../random.js';
import { hostAddress, type ClusterRecord, type EmulatorState, type Json, type JsonObject, type NodePoolRecord, type NodeRecord, type TaskRecord } from '../state.js';

export function newNodePool(ctx: BackendContext, cluster: ClusterRecord, spec: JsonObject, desiredSize: number, taskId: string, isDefault = false): NodePoolRecord {
  const id = ctx.ids.nodePool();
  const stored = withoutSecrets(spec) as JsonObject;
  const group = deepMerge(obj(stored, 'scaling_group') ?? {}, {
    scaling_group_id: `asg-${regionIdPrefix(cluster.regionId)}${ctx.ids.hex(17)}`,
    security_group_id: cluster.securityGroupId,
  });
  const pool: NodePoolRecord = {
    id,
    clusterId: cluster.id,
    name: str(obj(spec, 'nodepool_info'), 'name') ?? id,
    regionId: cluster.regionId,
    isDefault,
    spec: { ...stored, scaling_group: group },
    desiredSize,
    state: 'initial',
    created: ctx.now,
    updated: ctx.now,
    taskId,
    kubeletVersion: cluster.kubernetesVersion,
  };
  ctx.state.nodePools[id] = pool;
  return pool;
}

/** New ECS instances for a pool, spread over its vSwitches, in state initial. Returns their ids. */
export function addPoolNodes(ctx: BackendContext, pool: NodePoolRecord, count: number): string[] {
  const region = findRegion(ctx.state, pool.regionId);
  if (!region || count <= 0) return [];
  const group = obj(pool.spec, 'scaling_group');
  const vswitchIds = strings(group, 'vswitch_ids') ?? [];
  const types = strings(group, 'instance_types') ?? [];
  const imageId = str(group, 'image_id') || newestImageOfType(region.images, str(group, 'image_type') || 'AliyunLinux3')?.id || '';
  const existing = Object.values(ctx.state.nodes).filter((n) => n.nodepoolId === pool.id).length;
  const added: string[] = [];
  for (let i = 0; i < count; i++) {
    const vswId = vswitchIds[(existing + i) % vswitchIds.length];
    const vsw = vswId === undefined ? undefined : findVSwitch(region, vswId);
    if (!vsw) continue;
    const typeId = types.find((t) => findInstanceType(region, t)?.zones.includes(vsw.zoneId)) ?? types[0] ?? 'ecs.g7.xlarge';
    const instanceId = ctx.ids.instance(regionIdPrefix(region.id));
    const ip = allocateIp(ctx.state, vsw.id, vsw.cidr);
    ctx.state.instances[instanceId] = {
      id: instanceId,
      name: `worker-k8s-for-cs-${pool.clusterId}`,
      regionId: region.id,
      zoneId: vsw.zoneId,
      vswitchId: vsw.id,
      vpcId: vsw.vpcId,
      instanceType: typeId,
      status: 'Pending',
      imageId,
      privateIp: ip,
      clusterId: pool.clusterId,
      keyPairName: str(group, 'key_pair'),
      tags: { 'ack.aliyun.com': pool.clusterId, 'ack.alibabacloud.com/nodepool-id': pool.id },
      created: ctx.now,
      managed: true,
    };
    addNode(ctx.state, { instanceId, clusterId: pool.clusterId, nodepoolId: pool.id, ip, instanceType: typeId, zoneId: vsw.zoneId, vswitchId: vsw.id, imageId, source: 'ess', created: ctx.now, regionId: region.id });
    added.push(instanceId);
  }
  return added;
}

export function addNode(state: EmulatorState, fields: Omit<NodeRecord, 'nodeName' | 'state'> & { regionId: string }): NodeRecord {
  const { regionId, ...rest } = fields;
  const node: NodeRecord = { ...rest, nodeName: `${regionId}.${fields.ip}`, state: 'initial' };
  state.nodes[node.instanceId] = node;
  return node;
}

function allocateIp(state: EmulatorState, vswitchId: string, cidr: string): string {
  const next = state.ipCursor[vswitchId] ?? 100;
  state.ipCursor[vswitchId] = next + 1;
  return hostAddress(cidr, next);
}

const tagsOf = (list: { key: string; value: string }[]): JsonObject[] => list.map((t) => ({ key: t.key, value: t.value }));

export function renderCluster(cluster: ClusterRecord, state: EmulatorState): JsonObject {
  const region = findRegion(state, cluster.regionId);
  const firstZone = region && cluster.vswitchIds[0] ? findVSwitch(region, cluster.vswitchIds[0])?.zoneId : undefined;
  const size = Object.values(state.nodes).filter((n) => n.clusterId === cluster.id).length;
  const masterUrl: JsonObject = { intranet_api_server_endpoint: `https://${cluster.privateApiServer}:6443` };
  if (cluster.endpointPublicAccess) masterUrl.api_server_endpoint = `https://${cluster.publicApiServer}:6443`;
  const metaData: JsonObject = {
    Addons: cluster.addons,
    Capabilities: { AnyAZ: true, ProfileSupport: true },
    ClusterDomain: 'cluster.local',
    ExtraSANs: [],
    KubernetesVersion: cluster.kubernetesVersion,
    MultiAZ: new Set(cluster.vswitchIds.map((id) => (region ? findVSwitch(region, id)?.zoneId : id))).size > 1,
    NetworkPlugin: cluster.podVswitchIds.length > 0 ? 'terway-eniip' : 'flannel',
    PodVswitchIds: cluster.podVswitchIds,
    ResourceGroupId: cluster.resourceGroupId,
    ServiceCIDR: cluster.serviceCidr,
    VpcId: cluster.vpcId,
    VSwitchIds: cluster.vswitchIds,
  };
  return {
    cluster_id: cluster.id,
    name: cluster.name,
    region_id: cluster.regionId,
    zone_id: firstZone ?? '',
    cluster_type: cluster.clusterType,
    cluster_spec: cluster.clusterSpec,
    profile: cluster.profile,
    state: cluster.state,
    size,
    current_version: cluster.kubernetesVersion,
    init_version: cluster.kubernetesVersion,
    next_version: '',
    vpc_id: cluster.vpcId,
    vswitch_id: cluster.vswitchIds.join(','),
    vswitch_ids: cluster.vswitchIds,
    container_cidr: cluster.containerCidr,
    subnet_cidr: cluster.containerCidr,
    service_cidr: cluster.serviceCidr,
    proxy_mode: cluster.proxyMode,
    network_mode: cluster.networkMode,
    deletion_protection: cluster.deletionProtection,
    security_group_id: cluster.securityGroupId,
    resource_group_id: cluster.resourceGroupId,
    external_loadbalancer_id: `lb-${cluster.id.slice(1, 18)}`,
    master_url: JSON.stringify(masterUrl),
    meta_data: JSON.stringify(metaData),
    tags: tagsOf(cluster.tags),
    timezone: cluster.timezone,
    cluster_domain: 'cluster.local',
    node_cidr_mask: '26',
    ip_stack: 'ipv4',
    private_zone: false,
    docker_version: '',
    worker_ram_role_name: `KubernetesWorkerRole-${cluster.id.slice(1, 13)}`,
    maintenance_window: { enable: false, maintenance_time: '', duration: '', weekly_period: '', recurrence: '' },
    operation_policy: { cluster_auto_upgrade: { enabled: false, channel: '' } },
    auto_mode: { enable: false },
    created: ackTime(cluster.created),
    updated: ackTime(cluster.updated),
    parameters: {},
  };
}

/** DescribeClustersV1 items: the detail without the fields only DescribeClusterDetail has. */
export function renderClusterSummary(cluster: ClusterRecord, state: EmulatorState): JsonObject {
  const { node_cidr_mask: _mask, auto_mode: _auto, parameters: _parameters, ...summary } = renderCluster(cluster, state);
  return summary;
}

export function renderNodePool(pool: NodePoolRecord, state: EmulatorState): JsonObject {
  const nodes = Object.values(state.nodes).filter((n) => n.nodepoolId === pool.id);
  const count = (s: NodeRecord['state']) => nodes.filter((n) => n.state === s).length;
  const { count: _legacyCount, ...spec } = pool.spec;
  const group: JsonObject = { ...(obj(spec, 'scaling_group') ?? {}), desired_size: pool.desiredSize };
  return {
    ...spec,
    nodepool_info: {
      ...(obj(spec, 'nodepool_info') ?? {}),
      nodepool_id: pool.id,
      name: pool.name,
      type: str(obj(spec, 'nodepool_info'), 'type') ?? 'ess',
      is_default: pool.isDefault,
      region_id: pool.regionId,
      resource_group_id: str(obj(spec, 'nodepool_info'), 'resource_group_id') ?? '',
      created: ackTime(pool.created),
      updated: ackTime(pool.updated),
    },
    scaling_group: group,
    kubernetes_config: obj(spec, 'kubernetes_config') ?? { runtime: 'containerd', runtime_version: '1.6.36' },
    auto_scaling: obj(spec, 'auto_scaling') ?? { enable: false },
    node_config: obj(spec, 'node_config') ?? { kubelet_configuration: {} },
    node_components: [{ name: 'kubelet', version: pool.kubeletVersion ?? state.clusters[pool.clusterId]?.kubernetesVersion ?? '' }],
    management: obj(spec, 'management') ?? { enable: false },
    status: {
      state: pool.state,
      total_nodes: nodes.length,
      healthy_nodes: count('running'),
      serving_nodes: count('running'),
      initial_nodes: count('initial'),
      failed_nodes: count('failed'),
      removing_nodes: count('removing'),
      offline_nodes: 0,
    },
  };
}

/**
 * The SDK documents node `state` as the instance's (pending, running, starting, stopping,
 * stopped) and `node_status` as Kubernetes' (Ready, NotReady, Unknown, Offline): a node that
 * failed to join runs but is NotReady.
 */
function nodeStates(node: NodeRecord): { state: string; node_status: string } {
  switch (node.state) {
    case 'initial':
      return { state: 'pending', node_status: 'Unknown' };
    case 'running':
      return { state: 'running', node_status: 'Ready' };
    case 'failed':
      return { state: 'running', node_status: 'NotReady' };
    default:
      return { state: 'stopping', node_status: 'Unknown' };
  }
}

export function renderNode(node: NodeRecord, state: EmulatorState): JsonObject {
  const instance = state.instances[node.instanceId];
  return {
    instance_id: node.instanceId,
    instance_name: instance?.name ?? node.instanceId,
    instance_type: node.instanceType,
    instance_type_family: instanceTypeFamily(node.instanceType),
    instance_role: 'Worker',
    instance_status: instance?.status ?? 'Running',
    instance_charge_type: 'PostPaid',
    ip_address: [node.ip],
    host_name: node.nodeName,
    node_name: node.nodeName,
    nodepool_id: node.nodepoolId,
    image_id: node.imageId,
    ...nodeStates(node),
    source: node.source,
    is_aliyun_node: true,
    spot_strategy: 'NoSpot',
    creation_time: ackTime(node.created),
    expired_time: '',
    error_message: node.errorMessage ?? '',
  };
}

export function renderTask(task: TaskRecord, now: number): JsonObject {
  const { current, stages } = taskStages(task, now);
  const body: JsonObject = {
    task_id: task.id,
    task_type: task.type,
    cluster_id: task.clusterId,
    state: task.state,
    created: ackTime(task.created),
    updated: ackTime(task.state === 'running' ? now : task.updated),
    current_stage: current,
    stages: stages as unknown as Json[],
    target: { id: task.target.id, type: task.target.type },
    parameters: task.parameters,
    events: [],
    task_result: task.state === 'running' ? [] : (task.results ?? []),
  };
  if (task.state === 'fail' && task.error) body.error = { code: task.error.code, message: task.error.message };
  return body;
}

/** One task of a DescribeClusterTasks page: its state without the stages and results of DescribeTaskInfo. */
export function renderClusterTask(task: TaskRecord, now: number): JsonObject {
  const body: JsonObject = {
    task_id: task.id,
    task_type: task.type,
    state: task.state,
    created: ackTime(task.created),
    updated: ackTime(task.state === 'running' ? now : task.updated),
  };
  if (task.state === 'fail' && task.error) body.error = { code: task.error.code, message: task.error.message };
  return body;
}

/** ACK gives an unpinned pool the newest image of its image type, as the cloud does. */
function newestImageOfType<T extends { ackImageType?: string | undefined; creationTime: string }>(images: readonly T[], imageType: string): T | undefined {
  return images
    .filter((i) => i.ackImageType === imageType)
    .reduce<T | undefined>((newest, i) => (newest === undefined || i.creationTime > newest.creationTime ? i : newest), undefined);
}
