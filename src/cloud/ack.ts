/**
 * `AckGateway` over the official `@alicloud/cs20151215` client (ROA). Loaded lazily by
 * session.ts; every call goes through the shared ApiInvoker.
 */

import type * as Cs from '@alicloud/cs20151215';
import { loadOpenApi, type CsSdk } from './sdk.js';
import type { JsonObject } from '../json-types.js';
import type { ApiInvoker, SdkResponse } from './invoker.js';
import type {
  AckGateway,
  ClusterDetail,
  ClusterNode,
  ClusterSummary,
  KubernetesVersionMetadata,
  NodePoolSpec,
  NodePoolSummary,
  Page,
  Tag,
  TaskInfo,
} from './types.js';
import { toRequestModel } from './wire.js';
import { body, required } from './answer.js';

type CsClient = InstanceType<CsSdk['default']>;
/** The SDK module and a client, made on first use. */
export type CsLoader = () => { sdk: CsSdk; client: CsClient };

const noHeaders = (): Record<string, string> => ({});

function tagsOf(tags: { key?: string; value?: string }[] | undefined): Tag[] {
  return (tags ?? []).filter((t) => typeof t.key === 'string').map((t) => ({ key: t.key!, value: t.value ?? '' }));
}

function parseMetaData(raw: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}


type ClusterLike = Pick<
  Cs.DescribeClusterDetailResponseBody,
  'clusterId' | 'name' | 'state' | 'regionId' | 'clusterType' | 'clusterSpec' | 'currentVersion' | 'vpcId' | 'vswitchIds' | 'deletionProtection' | 'tags' | 'created' | 'size'
> & { vswitchId?: string | undefined };

export function toClusterSummary(c: ClusterLike): ClusterSummary {
  const vswitchIds = c.vswitchIds && c.vswitchIds.length > 0 ? c.vswitchIds : c.vswitchId ? c.vswitchId.split(',').filter(Boolean) : [];
  return {
    clusterId: required(c.clusterId, 'cluster_id'),
    name: c.name ?? '',
    state: c.state ?? 'unknown',
    regionId: c.regionId,
    clusterType: c.clusterType,
    clusterSpec: c.clusterSpec,
    currentVersion: c.currentVersion,
    vpcId: c.vpcId,
    vswitchIds,
    deletionProtection: c.deletionProtection,
    tags: tagsOf(c.tags),
    created: c.created,
    size: c.size,
  };
}

export function toClusterDetail(c: Cs.DescribeClusterDetailResponseBody): ClusterDetail {
  return {
    ...toClusterSummary(c),
    containerCidr: c.containerCidr,
    serviceCidr: c.serviceCidr,
    proxyMode: c.proxyMode,
    masterUrl: c.masterUrl,
    securityGroupId: c.securityGroupId,
    metaData: parseMetaData(c.metaData),
  };
}

type PoolLike = Pick<Cs.DescribeClusterNodePoolsResponseBodyNodepools, 'nodepoolInfo' | 'status' | 'scalingGroup' | 'autoScaling'> &
  Partial<Pick<Cs.DescribeClusterNodePoolsResponseBodyNodepools, 'kubernetesConfig' | 'nodeConfig' | 'nodeComponents'>>;

/** An SDK model as its wire map (names() keys); plain objects (tests) as they are. */
function wireMap(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const model = value as { toMap?: () => Record<string, unknown> };
  const map = typeof model.toMap === 'function' ? model.toMap() : (value as Record<string, unknown>);
  const defined = Object.entries(map).filter(([, v]) => v !== undefined && v !== null);
  // The SDK makes an empty model where the answer had nothing: that is "not returned".
  return defined.length > 0 ? Object.fromEntries(defined) : undefined;
}

export function toNodePoolSpec(p: PoolLike): NodePoolSpec {
  const sg = p.scalingGroup;
  const k8s = p.kubernetesConfig;
  const hasDisk = sg?.systemDiskCategory !== undefined || sg?.systemDiskSize !== undefined;
  return {
    systemDisk: hasDisk ? { category: sg?.systemDiskCategory, sizeGiB: sg?.systemDiskSize, performanceLevel: sg?.systemDiskPerformanceLevel || undefined } : undefined,
    dataDisks: sg ? (sg.dataDisks ?? []).map((d) => ({ category: d.category, sizeGiB: d.size, performanceLevel: d.performanceLevel || undefined })) : undefined,
    keyPair: sg?.keyPair || undefined,
    // ACK leaves out empty lists: a returned kubernetes_config without labels has none.
    labels: k8s ? tagsOf(k8s.labels) : undefined,
    taints: k8s ? (k8s.taints ?? []).filter((t) => typeof t.key === 'string').map((t) => ({ key: t.key!, value: t.value || undefined, effect: t.effect })) : undefined,
    cpuPolicy: k8s?.cpuPolicy,
    runtime: k8s?.runtime,
    preUserData: k8s?.preUserData || undefined,
    kubeletVersion: p.nodeComponents?.find((c) => c.name === 'kubelet')?.version || undefined,
    // A returned node_config without a kubelet key means the kubelet runs on its defaults.
    kubelet: p.nodeConfig ? (wireMap(p.nodeConfig.kubeletConfiguration) ?? {}) : undefined,
  };
}

export function toNodePool(p: PoolLike): NodePoolSummary {
  const info = p.nodepoolInfo;
  const status = p.status;
  const sg = p.scalingGroup;
  return {
    nodepoolId: required(info?.nodepoolId, 'nodepool_info.nodepool_id'),
    name: info?.name ?? '',
    state: status?.state ?? 'unknown',
    desiredSize: sg?.desiredSize,
    autoScaling: p.autoScaling
      ? { enabled: p.autoScaling.enable === true, min: p.autoScaling.minInstances, max: p.autoScaling.maxInstances, type: p.autoScaling.type }
      : undefined,
    nodes: {
      total: status?.totalNodes ?? 0,
      healthy: status?.healthyNodes ?? 0,
      serving: status?.servingNodes ?? 0,
      initial: status?.initialNodes ?? 0,
      failed: status?.failedNodes ?? 0,
      removing: status?.removingNodes ?? 0,
    },
    instanceTypes: sg?.instanceTypes ?? [],
    vswitchIds: sg?.vswitchIds ?? [],
    imageId: sg?.imageId,
    imageType: sg?.imageType,
    tags: tagsOf(sg?.tags),
    isDefault: info?.isDefault,
    spec: toNodePoolSpec(p),
  };
}

export function toClusterNode(n: Cs.DescribeClusterNodesResponseBodyNodes): ClusterNode {
  return {
    instanceId: required(n.instanceId, 'nodes[].instance_id'),
    nodeName: n.nodeName,
    nodepoolId: n.nodepoolId,
    state: n.state,
    nodeStatus: n.nodeStatus,
    instanceStatus: n.instanceStatus,
    instanceType: n.instanceType,
    ipAddresses: n.ipAddress ?? [],
    errorMessage: n.errorMessage,
    imageId: n.imageId,
    creationTime: n.creationTime,
  };
}

export function toTaskInfo(t: Cs.DescribeTaskInfoResponseBody, taskId: string): TaskInfo {
  return {
    taskId: t.taskId ?? taskId,
    state: t.state ?? 'unknown',
    taskType: t.taskType,
    clusterId: t.clusterId,
    currentStage: t.currentStage,
    stages: (t.stages ?? []).map((s) => ({ state: s.state, message: s.message, startTime: s.startTime, endTime: s.endTime })),
    error: t.error ? { code: t.error.code, message: t.error.message } : undefined,
    results: (t.taskResult ?? []).map((r) => ({ data: r.data, status: r.status })),
  };
}

export function toVersionMetadata(v: Cs.DescribeKubernetesVersionMetadataResponseBody): KubernetesVersionMetadata {
  return {
    version: v.version ?? '',
    creatable: v.creatable !== false,
    releaseDate: v.releaseDate,
    expirationDate: v.expirationDate,
    images: (v.images ?? []).map((i) => ({ imageId: i.imageId, imageName: i.imageName, imageType: i.imageType, osType: i.osType, platform: i.platform, osVersion: i.osVersion })),
    runtimes: (v.runtimes ?? []).map((r) => ({ name: r.name, version: r.version })),
  };
}


/** `node_config.node_os_config.sysctl` of a raw pool answer, values as strings; undefined without node_config. */
export function nodePoolSysctlsOf(answer: unknown): Record<string, string> | undefined {
  const record = (value: unknown): Record<string, unknown> | undefined =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const config = record(record(answer)?.node_config);
  if (!config) return undefined;
  const sysctl = record(record(config.node_os_config)?.sysctl) ?? {};
  return Object.fromEntries(Object.entries(sysctl).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]));
}

/** The SDK's per-call runtime options (timeouts; its own retry stays off). */
export type AckRuntime = Parameters<CsClient['describeTaskInfoWithOptions']>[2];

export function createAckGateway(load: CsLoader, invoker: ApiInvoker, region: string, rt: () => AckRuntime): AckGateway {
  let loaded: ReturnType<CsLoader> | undefined;
  const get = () => (loaded ??= load());
  // Polled reads carry their arguments as shareKey: waiters of the same thing share one request.
  const read = <B>(action: string, send: () => Promise<SdkResponse<B>>, shareKey?: string) => invoker.call({ service: 'ack', action, shareKey }, send);
  const write = <B>(action: string, idempotent: boolean, send: () => Promise<SdkResponse<B>>) =>
    invoker.call({ service: 'ack', action, mutating: true, idempotent }, send);

  return {
    region,

    async createCluster(wire: JsonObject) {
      const request = await toRequestModel(wire, get().sdk.CreateClusterRequest, 'CreateCluster');
      const b = body(await write('CreateCluster', false, () => get().client.createClusterWithOptions(request, noHeaders(), rt())), 'CreateCluster');
      return { clusterId: required(b.clusterId, 'cluster_id', { action: 'CreateCluster', requestId: b.requestId }), taskId: b.taskId, requestId: b.requestId };
    },

    async createClusterNodePool(clusterId, wire) {
      const request = await toRequestModel(wire, get().sdk.CreateClusterNodePoolRequest, 'CreateClusterNodePool');
      const b = body(
        await write('CreateClusterNodePool', false, () => get().client.createClusterNodePoolWithOptions(clusterId, request, noHeaders(), rt())),
        'CreateClusterNodePool',
      );
      return { nodepoolId: required(b.nodepoolId, 'nodepool_id', { action: 'CreateClusterNodePool', requestId: b.requestId }), taskId: b.taskId, requestId: b.requestId };
    },

    async attachInstancesToNodePool(clusterId, nodepoolId, wire) {
      const request = await toRequestModel(wire, get().sdk.AttachInstancesToNodePoolRequest, 'AttachInstancesToNodePool');
      const b = body(
        await write('AttachInstancesToNodePool', false, () => get().client.attachInstancesToNodePoolWithOptions(clusterId, nodepoolId, request, noHeaders(), rt())),
        'AttachInstancesToNodePool',
      );
      return { taskId: b.taskId, requestId: b.requestId };
    },

    async createAutoscalingConfig(clusterId, wire) {
      const request = await toRequestModel(wire, get().sdk.CreateAutoscalingConfigRequest, 'CreateAutoscalingConfig');
      const response = await write('CreateAutoscalingConfig', true, () => get().client.createAutoscalingConfigWithOptions(clusterId, request, noHeaders(), rt()));
      return { taskId: response.body?.taskId, requestId: response.body?.requestId ?? response.headers?.['x-acs-request-id'] };
    },

    async modifyClusterNodePool(clusterId, nodepoolId, wire) {
      const request = await toRequestModel(wire, get().sdk.ModifyClusterNodePoolRequest, 'ModifyClusterNodePool');
      const b = body(
        await write('ModifyClusterNodePool', true, () => get().client.modifyClusterNodePoolWithOptions(clusterId, nodepoolId, request, noHeaders(), rt())),
        'ModifyClusterNodePool',
      );
      return { taskId: b.taskId, requestId: b.requestId };
    },

    async deleteCluster(clusterId, options = {}) {
      const request = new (get().sdk.DeleteClusterRequest)({
        retainAllResources: options.retainAllResources,
        keepSlb: options.keepSlb,
        retainResources: options.retainResources,
      });
      const b = body(await write('DeleteCluster', true, () => get().client.deleteClusterWithOptions(clusterId, request, noHeaders(), rt())), 'DeleteCluster');
      return { taskId: b.taskId, requestId: b.requestId };
    },

    async modifyCluster(clusterId, wire) {
      const request = await toRequestModel(wire, get().sdk.ModifyClusterRequest, 'ModifyCluster');
      const b = body(await write('ModifyCluster', true, () => get().client.modifyClusterWithOptions(clusterId, request, noHeaders(), rt())), 'ModifyCluster');
      return { taskId: b.taskId || undefined, requestId: b.requestId };
    },

    async modifyClusterTags(clusterId, tags) {
      const sdk = get().sdk;
      const request = new sdk.ModifyClusterTagsRequest({ body: tags.map((t) => new sdk.Tag({ key: t.key, value: t.value })) });
      const response = await write('ModifyClusterTags', true, () => get().client.modifyClusterTagsWithOptions(clusterId, request, noHeaders(), rt()));
      return { requestId: response.headers?.['x-acs-request-id'] };
    },

    async modifyNodePoolNodeConfig(clusterId, nodepoolId, wire) {
      const request = await toRequestModel(wire, get().sdk.ModifyNodePoolNodeConfigRequest, 'ModifyNodePoolNodeConfig');
      const b = body(
        await write('ModifyNodePoolNodeConfig', true, () => get().client.modifyNodePoolNodeConfigWithOptions(clusterId, nodepoolId, request, noHeaders(), rt())),
        'ModifyNodePoolNodeConfig',
      );
      return { taskId: b.taskId, requestId: b.requestId };
    },

    async deleteClusterNodepool(clusterId, nodepoolId, options = {}) {
      const request = new (get().sdk.DeleteClusterNodepoolRequest)({ force: options.force });
      const b = body(
        await write('DeleteClusterNodepool', true, () => get().client.deleteClusterNodepoolWithOptions(clusterId, nodepoolId, request, noHeaders(), rt())),
        'DeleteClusterNodepool',
      );
      return { taskId: b.taskId, requestId: b.requestId };
    },

    async upgradeCluster(clusterId, wire) {
      const request = await toRequestModel(wire, get().sdk.UpgradeClusterRequest, 'UpgradeCluster');
      const b = body(await write('UpgradeCluster', false, () => get().client.upgradeClusterWithOptions(clusterId, request, noHeaders(), rt())), 'UpgradeCluster');
      return { taskId: b.taskId, requestId: b.requestId };
    },

    async upgradeClusterNodepool(clusterId, nodepoolId, wire) {
      const request = await toRequestModel(wire, get().sdk.UpgradeClusterNodepoolRequest, 'UpgradeClusterNodepool');
      const b = body(
        await write('UpgradeClusterNodepool', false, () => get().client.upgradeClusterNodepoolWithOptions(clusterId, nodepoolId, request, noHeaders(), rt())),
        'UpgradeClusterNodepool',
      );
      return { taskId: b.taskId, requestId: b.requestId };
    },

    async describeTaskInfo(taskId) {
      const b = body(await read('DescribeTaskInfo', () => get().client.describeTaskInfoWithOptions(taskId, noHeaders(), rt()), taskId), 'DescribeTaskInfo');
      return toTaskInfo(b, taskId);
    },

    async describeClusterTasks(clusterId, query = {}) {
      const request = new (get().sdk.DescribeClusterTasksRequest)({ pageSize: query.pageSize });
      const b = body(
        await read('DescribeClusterTasks', () => get().client.describeClusterTasksWithOptions(clusterId, request, noHeaders(), rt()), `${clusterId} ${query.pageSize ?? ''}`),
        'DescribeClusterTasks',
      );
      return (b.tasks ?? []).map((t) => ({ taskId: t.taskId ?? '', state: t.state ?? 'unknown', taskType: t.taskType, error: t.error ? { code: t.error.code, message: t.error.message } : undefined }));
    },

    async describeClustersForRegion(query = {}) {
      const request = new (get().sdk.DescribeClustersForRegionRequest)({
        name: query.name,
        clusterType: query.clusterType,
        clusterId: query.clusterId,
        pageNumber: query.pageNumber,
        pageSize: query.pageSize,
      });
      const b = body(
        await read('DescribeClustersForRegion', () => get().client.describeClustersForRegionWithOptions(region, request, noHeaders(), rt())),
        'DescribeClustersForRegion',
      );
      const items = (b.clusters ?? []).map(toClusterSummary);
      return {
        items,
        totalCount: b.pageInfo?.totalCount ?? items.length,
        pageNumber: b.pageInfo?.pageNumber ?? query.pageNumber ?? 1,
        pageSize: b.pageInfo?.pageSize ?? query.pageSize ?? items.length,
      };
    },

    async describeClusterDetail(clusterId) {
      const b = body(await read('DescribeClusterDetail', () => get().client.describeClusterDetailWithOptions(clusterId, noHeaders(), rt()), clusterId), 'DescribeClusterDetail');
      return toClusterDetail(b);
    },

    async describeClusterNodePools(clusterId, query = {}) {
      const request = new (get().sdk.DescribeClusterNodePoolsRequest)({ nodepoolName: query.name });
      const b = body(
        await read('DescribeClusterNodePools', () => get().client.describeClusterNodePoolsWithOptions(clusterId, request, noHeaders(), rt()), `${clusterId} ${query.name ?? ''}`),
        'DescribeClusterNodePools',
      );
      return (b.nodepools ?? []).map(toNodePool);
    },

    async describeClusterNodePoolDetail(clusterId, nodepoolId) {
      const b = body(
        await read('DescribeClusterNodePoolDetail', () => get().client.describeClusterNodePoolDetailWithOptions(clusterId, nodepoolId, noHeaders(), rt()), `${clusterId} ${nodepoolId}`),
        'DescribeClusterNodePoolDetail',
      );
      return toNodePool(b);
    },

    async describeNodePoolSysctls(clusterId, nodepoolId) {
      // SDK 7.2.0's pool models declare only node_os_config.hugepage, so their cast drops the
      // answer's sysctl map; the same client's callApi (signed and invoked like every call) keeps it.
      const { $OpenApiUtil } = loadOpenApi();
      const params = new $OpenApiUtil.Params({
        action: 'DescribeClusterNodePoolDetail',
        version: '2015-12-15',
        protocol: 'HTTPS',
        pathname: `/clusters/${encodeURIComponent(clusterId)}/nodepools/${encodeURIComponent(nodepoolId)}`,
        method: 'GET',
        authType: 'AK',
        style: 'ROA',
        reqBodyType: 'json',
        bodyType: 'json',
      });
      const response = (await read('DescribeClusterNodePoolDetail', async () =>
        (await get().client.callApi(params, new $OpenApiUtil.OpenApiRequest({ headers: noHeaders() }), rt())) as SdkResponse<unknown>,
      )) as SdkResponse<unknown>;
      return nodePoolSysctlsOf(response.body);
    },

    async describeClusterNodes(clusterId, query = {}): Promise<Page<ClusterNode>> {
      const request = new (get().sdk.DescribeClusterNodesRequest)({
        nodepoolId: query.nodepoolId,
        instanceIds: query.instanceIds?.join(','),
        state: query.state,
        pageNumber: query.pageNumber === undefined ? undefined : String(query.pageNumber),
        pageSize: query.pageSize === undefined ? undefined : String(query.pageSize),
      });
      const b = body(await read('DescribeClusterNodes', () => get().client.describeClusterNodesWithOptions(clusterId, request, noHeaders(), rt())), 'DescribeClusterNodes');
      const items = (b.nodes ?? []).map(toClusterNode);
      return {
        items,
        totalCount: b.page?.totalCount ?? items.length,
        pageNumber: b.page?.pageNumber ?? query.pageNumber ?? 1,
        pageSize: b.page?.pageSize ?? query.pageSize ?? items.length,
      };
    },

    async describeClusterUserKubeconfig(clusterId, options = {}) {
      const request = new (get().sdk.DescribeClusterUserKubeconfigRequest)({
        privateIpAddress: options.privateIpAddress,
        temporaryDurationMinutes: options.temporaryDurationMinutes,
      });
      const b = body(
        await read('DescribeClusterUserKubeconfig', () => get().client.describeClusterUserKubeconfigWithOptions(clusterId, request, noHeaders(), rt())),
        'DescribeClusterUserKubeconfig',
      );
      return { config: required(b.config, 'config', { action: 'DescribeClusterUserKubeconfig', requestId: b.requestId }), expiration: b.expiration };
    },

    async checkServiceRoles(names) {
      const sdk = get().sdk;
      const request = new sdk.CheckServiceRoleRequest({ roles: names.map((name) => new sdk.CheckServiceRoleRequestRoles({ name })) });
      const b = body(await read('CheckServiceRole', () => get().client.checkServiceRoleWithOptions(request, noHeaders(), rt())), 'CheckServiceRole');
      return (b.roles ?? []).filter((r) => typeof r.name === 'string').map((r) => ({ name: r.name!, granted: r.granted === true, message: r.message }));
    },

    async repairClusterNodePool(clusterId, nodepoolId, nodes) {
      const request = new (get().sdk.RepairClusterNodePoolRequest)({ nodes: [...nodes] });
      const b = body(
        await write('RepairClusterNodePool', true, () => get().client.repairClusterNodePoolWithOptions(clusterId, nodepoolId, request, noHeaders(), rt())),
        'RepairClusterNodePool',
      );
      return { taskId: b.taskId, requestId: b.requestId };
    },

    async describeKubernetesVersionMetadata(query) {
      const request = new (get().sdk.DescribeKubernetesVersionMetadataRequest)({
        region,
        clusterType: query.clusterType,
        kubernetesVersion: query.kubernetesVersion,
        profile: query.profile,
        runtime: query.runtime,
      });
      const response = await read('DescribeKubernetesVersionMetadata', () => get().client.describeKubernetesVersionMetadataWithOptions(request, noHeaders(), rt()));
      return (response.body ?? []).map(toVersionMetadata);
    },
  };
}

