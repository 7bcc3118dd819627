/** ACK cluster actions: create (with inline node pools), describe, list, delete, kubeconfig, tags. */

import { stringify } from 'yaml';
import { randomBytes } from 'node:crypto';
import { defaultKubernetesVersion, findKubernetesVersion, findRegion, findVSwitch, stableHex } from '../catalog.js';
import { ackTime, type BackendContext } from '../context.js';
import { bool, isObject, num, obj, objects, str, strings, withoutSecrets } from '../json.js';
import { failTaskUpFront, startPoolTask, startTask } from '../lifecycle.js';
import { hostAddress, type ClusterRecord, type Json, type JsonObject, type NodePoolRecord, type TagRecord, type TaskRecord } from '../state.js';
import { kubeServerUrl, seedClusterObjects } from '../kube-api.js';
import { ackError } from './errors.js';
import { addPoolNodes, newNodePool, renderCluster, renderClusterSummary } from './model.js';
import type { AckRequest, AckResponse } from './types.js';
import { checkClusterNetwork, checkKeyPair, checkName, checkPoolSpec } from './validate.js';

const DEFAULT_ADDONS: JsonObject[] = [
  { name: 'csi-plugin' },
  { name: 'csi-provisioner' },
  { name: 'coredns' },
  { name: 'metrics-server' },
  { name: 'managed-kube-proxy' },
];

export function findCluster(ctx: BackendContext, clusterId: string | undefined): ClusterRecord {
  const cluster = clusterId === undefined ? undefined : ctx.state.clusters[clusterId];
  if (!cluster) throw ackError('clusterNotFound', `cluster ${clusterId ?? '(none)'} not found`);
  return cluster;
}

export function requireRunning(cluster: ClusterRecord, operation: string): void {
  if (cluster.state !== 'running') {
    throw ackError('clusterState', `cluster ${cluster.id} is ${cluster.state}; ${operation} needs a running cluster`);
  }
}

function readTags(body: JsonObject): TagRecord[] {
  return objects(body, 'tags')
    .map((t) => ({ key: str(t, 'key') ?? '', value: str(t, 'value') ?? '' }))
    .filter((t) => t.key !== '');
}

export function createCluster(req: AckRequest, ctx: BackendContext): AckResponse {
  const body = req.body;
  const name = checkName(str(body, 'name'), 'cluster');
  const regionId = str(body, 'region_id');
  if (!regionId) throw ackError('invalidParameter', 'region_id is required');
  const region = findRegion(ctx.state, regionId);
  if (!region) throw ackError('regionNotFound', `region ${regionId} is not served (known: ${ctx.state.world.regions.map((r) => r.id).join(', ')})`);

  const clusterType = str(body, 'cluster_type') ?? 'ManagedKubernetes';
  if (!['ManagedKubernetes', 'Kubernetes', 'ExternalKubernetes'].includes(clusterType)) {
    throw ackError('invalidParameter', `cluster_type "${clusterType}" is not supported (ManagedKubernetes, Kubernetes, ExternalKubernetes)`);
  }
  const requestedVersion = str(body, 'kubernetes_version');
  const version = requestedVersion ? findKubernetesVersion(ctx.state, requestedVersion) : defaultKubernetesVersion(ctx.state);
  if (!version || !version.creatable) {
    throw ackError(
      'kubernetesVersionNotSupported',
      `Kubernetes version ${requestedVersion} is not supported for new clusters; supported: ${ctx.state.world.kubernetesVersions.filter((v) => v.creatable).map((v) => v.version).join(', ')}`,
    );
  }

  const duplicate = Object.values(ctx.state.clusters).find((c) => c.name === name && c.regionId === regionId && c.state !== 'deleted');
  if (duplicate) throw ackError('duplicateClusterName', `cluster name "${name}" is already used by ${duplicate.id} in ${regionId}`);

  const vpcId = str(body, 'vpcid') ?? '';
  if (vpcId === '') throw ackError('invalidParameter', 'vpcid is required');
  const vswitchIds = strings(body, 'vswitch_ids') ?? strings(body, 'master_vswitch_ids') ?? [];
  const podVswitchIds = strings(body, 'pod_vswitch_ids') ?? [];
  const containerCidr = str(body, 'container_cidr') ?? '';
  const serviceCidr = str(body, 'service_cidr') ?? '172.21.0.0/20';
  checkClusterNetwork(ctx.state, region, { vpcId, vswitchIds, podVswitchIds, containerCidr, serviceCidr });
  checkKeyPair(region, str(body, 'key_pair'), 'key_pair');
  const imageType = str(body, 'image_type');
  if (imageType && !version.creatableImageTypes.includes(imageType)) {
    throw ackError('imageTypeNotSupported', `image type ${imageType} cannot be used for new nodes with Kubernetes ${version.version}; creatable: ${version.creatableImageTypes.join(', ')}`);
  }

  const id = ctx.ids.cluster();
  const vsw0 = findVSwitch(region, vswitchIds[0]!)!;
  const cluster: ClusterRecord = {
    id,
    name,
    regionId,
    clusterType,
    clusterSpec: str(body, 'cluster_spec') ?? (clusterType === 'ManagedKubernetes' ? 'ack.standard' : ''),
    profile: str(body, 'profile') ?? 'Default',
    kubernetesVersion: version.version,
    vpcId,
    vswitchIds,
    podVswitchIds,
    containerCidr,
    serviceCidr,
    proxyMode: str(body, 'proxy_mode') ?? 'ipvs',
    networkMode: 'vpc',
    deletionProtection: bool(body, 'deletion_protection') ?? false,
    endpointPublicAccess: bool(body, 'endpoint_public_access') ?? false,
    securityGroupId: str(body, 'security_group_id') ?? `sg-${ctx.ids.hex(20)}`,
    resourceGroupId: str(body, 'resource_group_id') ?? `rg-acfm${stableHex(regionId, 11)}`,
    timezone: str(body, 'timezone') ?? 'Asia/Shanghai',
    tags: readTags(body),
    addons: objects(body, 'addons').length > 0 ? (withoutSecrets(objects(body, 'addons')) as JsonObject[]) : DEFAULT_ADDONS,
    state: 'initial',
    created: ctx.now,
    updated: ctx.now,
    taskId: '',
    publicApiServer: `47.${96 + (parseInt(id.slice(1, 3), 16) % 32)}.${parseInt(id.slice(3, 5), 16)}.${parseInt(id.slice(5, 7), 16)}`,
    privateApiServer: hostAddress(vsw0.cidr, 250),
  };

  // Validate every inline pool before anything is stored: a bad pool rejects the whole request.
  const inlinePools = objects(body, 'nodepools');
  const sizings = inlinePools.map((spec, i) => {
    try {
      const sizing = checkPoolSpec(ctx.state, region, cluster, spec);
      const name = str(obj(spec, 'nodepool_info'), 'name');
      if (inlinePools.slice(0, i).some((p) => str(obj(p, 'nodepool_info'), 'name') === name)) {
        throw ackError('duplicateNodePoolName', `node pool name "${name}" appears twice in nodepools`);
      }
      return sizing;
    } catch (error) {
      if (error instanceof Error) error.message = `nodepools[${i}]: ${error.message}`;
      throw error;
    }
  });

  const terway = cluster.addons.find((a) => a.name === 'terway-eniip');
  seedClusterObjects(cluster, terway ? String(terway.config ?? '') : undefined);
  ctx.state.clusters[id] = cluster;
  // The pools' nodes come up inside the cluster's creation: it runs once they have.
  const durationMs = ctx.durations.clusterCreateMs + (inlinePools.length > 0 ? ctx.durations.nodePoolCreateMs : 0);
  const task = startTask(ctx, {
    type: 'cluster_create',
    clusterId: id,
    target: { type: 'cluster', id },
    durationMs,
    effect: { kind: 'clusterCreate' },
    parameters: { name, kubernetes_version: version.version, region_id: regionId },
  });
  cluster.taskId = task.id;
  inlinePools.forEach((spec, i) => {
    const pool = newNodePool(ctx, cluster, spec, sizings[i]!.desiredSize, '', i === 0);
    pool.taskId = startInlinePoolTask(ctx, pool, durationMs, task.outcome === 'fail').id;
    addPoolNodes(ctx, pool, pool.desiredSize);
  });
  return { body: { cluster_id: id, request_id: ctx.requestId, task_id: task.id } };
}

/**
 * An inline pool's own creation, ending with the cluster's: the pool goes active and its nodes
 * run, or its nodes fail (the cluster still runs, as after a failed CreateClusterNodePool). Its
 * failure is decided like a separate pool's (`taskFail@CreateClusterNodePool` aims at it too);
 * a cluster whose creation fails takes its pools' nodes down with it.
 */
function startInlinePoolTask(ctx: BackendContext, pool: NodePoolRecord, durationMs: number, clusterFails: boolean): TaskRecord {
  const poolCtx: BackendContext = { ...ctx, action: 'CreateClusterNodePool', injectedTaskFail: false };
  const task = startPoolTask(poolCtx, pool, undefined, {
    type: 'nodepool_create',
    durationMs,
    effect: { kind: 'poolCreate', nodepoolId: pool.id },
    parameters: { nodepool_name: pool.name, desired_size: pool.desiredSize },
  });
  if (poolCtx.injectedTaskFail) ctx.injectedTaskFail = true;
  if (clusterFails && task.outcome !== 'fail') failTaskUpFront(task);
  return task;
}

export function describeClusterDetail(req: AckRequest, ctx: BackendContext): AckResponse {
  return { body: renderCluster(findCluster(ctx, req.pathParams.ClusterId), ctx.state) };
}

function listClusters(ctx: BackendContext, query: Record<string, string>): ClusterRecord[] {
  const name = query.name;
  return Object.values(ctx.state.clusters)
    .filter((c) => (query.region_id ? c.regionId === query.region_id : true))
    .filter((c) => (name ? c.name.includes(name) : true))
    .filter((c) => (query.cluster_type ?? query.clusterType ? c.clusterType === (query.cluster_type ?? query.clusterType) : true))
    .filter((c) => (query.cluster_spec ? c.clusterSpec === query.cluster_spec : true))
    .filter((c) => (query.profile ? c.profile === query.profile : true))
    .filter((c) => (query.cluster_id ? c.id === query.cluster_id : true))
    .sort((a, b) => b.created - a.created || a.id.localeCompare(b.id));
}

export function describeClustersV1(req: AckRequest, ctx: BackendContext): AckResponse {
  const pageNumber = Math.max(1, Number(req.query.page_number ?? 1) || 1);
  const pageSize = Number(req.query.page_size ?? 10) || 10;
  if (pageSize < 1 || pageSize > 100) throw ackError('invalidParameter', `page_size must be between 1 and 100, not ${req.query.page_size}`);
  const all = listClusters(ctx, req.query);
  const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    body: {
      clusters: page.map((c) => renderClusterSummary(c, ctx.state)),
      page_info: { page_number: pageNumber, page_size: pageSize, total_count: all.length },
    },
  };
}

/**
 * DescribeClustersForRegion `GET /regions/{region_id}/clusters`: the clusters of one region,
 * `name` a fuzzy (substring) filter, paged with `page_info`.
 */
export function describeClustersForRegion(req: AckRequest, ctx: BackendContext): AckResponse {
  const answer = describeClustersV1({ ...req, query: { ...req.query, region_id: req.pathParams.region_id ?? '' } }, ctx);
  const body = answer.body as { clusters: JsonObject[] };
  // Its items are DescribeClustersV1's without the fields the SDK model of this action lacks.
  return { ...answer, body: { ...body, clusters: body.clusters.map((c) => Object.fromEntries(Object.entries(c).filter(([key]) => !NOT_IN_FOR_REGION.has(key)))) } };
}

const NOT_IN_FOR_REGION = new Set([
  'zone_id', 'vswitch_id', 'subnet_cidr', 'network_mode', 'external_loadbalancer_id', 'master_url', 'meta_data',
  'private_zone', 'docker_version', 'worker_ram_role_name', 'maintenance_window', 'operation_policy',
]);

export function deleteCluster(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  if (cluster.state === 'deleted') throw ackError('clusterNotFound', `cluster ${cluster.id} not found`);
  if (cluster.state === 'deleting' && cluster.deleteTaskId) {
    return { status: 202, body: { cluster_id: cluster.id, request_id: ctx.requestId, task_id: cluster.deleteTaskId } };
  }
  if (cluster.deletionProtection) {
    throw ackError('deletionProtection', `cluster ${cluster.id} has deletion protection enabled; turn it off (ModifyCluster deletion_protection=false) before deleting it`);
  }
  if (cluster.state === 'initial') throw ackError('clusterState', `cluster ${cluster.id} is initial; wait until it is running or failed before deleting it`);
  const task = startTask(ctx, {
    type: 'cluster_delete',
    clusterId: cluster.id,
    target: { type: 'cluster', id: cluster.id },
    durationMs: ctx.durations.clusterDeleteMs,
    effect: { kind: 'clusterDelete' },
    parameters: withoutSecrets(req.query as unknown as Json) as JsonObject,
  });
  cluster.state = 'deleting';
  cluster.deleteTaskId = task.id;
  cluster.updated = ctx.now;
  return { status: 202, body: { cluster_id: cluster.id, request_id: ctx.requestId, task_id: task.id } };
}

export function describeClusterUserKubeconfig(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  requireRunning(cluster, 'DescribeClusterUserKubeconfig');
  const privateAddress = req.query.PrivateIpAddress === 'true';
  if (!privateAddress && !cluster.endpointPublicAccess) {
    throw ackError('invalidParameter', `cluster ${cluster.id} has no public API server endpoint; ask for the private one (PrivateIpAddress=true)`);
  }
  const minutes = Number(req.query.TemporaryDurationMinutes ?? 0) || 0;
  const expiration = ctx.now + (minutes > 0 ? minutes * 60_000 : 3 * 365 * 86_400_000);
  // With the emulator's address known, the kubeconfig reaches its emulated API server (kube-api.ts).
  const server = ctx.origin ? kubeServerUrl(ctx.origin, cluster.id) : `https://${privateAddress ? cluster.privateApiServer : cluster.publicApiServer}:6443`;
  cluster.kubeToken ??= randomBytes(24).toString('base64url');
  const user = `${stableHex(cluster.id, 16)}`;
  const fake = (label: string) => Buffer.from(`-----BEGIN ${label}-----\nZW11bGF0b3ItJHtsYWJlbH0tbm90LWEtcmVhbC1rZXk=\n-----END ${label}-----\n`).toString('base64');
  const config = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kubernetes', cluster: { server, 'certificate-authority-data': fake('CERTIFICATE') } }],
    contexts: [{ name: `${user}-${cluster.id}`, context: { cluster: 'kubernetes', user } }],
    'current-context': `${user}-${cluster.id}`,
    preferences: {},
    // ACK's client certificate (a stand-in) plus the token the emulated API server checks.
    users: [{ name: user, user: { 'client-certificate-data': fake('CERTIFICATE'), 'client-key-data': fake('RSA PRIVATE KEY'), ...(ctx.origin && { token: cluster.kubeToken }) } }],
  });
  return { body: { config, expiration: ackTime(expiration) } };
}

export function createAutoscalingConfig(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  requireRunning(cluster, 'CreateAutoscalingConfig');
  ctx.state.autoscalingConfigs[cluster.id] = withoutSecrets(req.body) as JsonObject;
  const task = startTask(ctx, {
    type: 'cluster_autoscaler_config',
    clusterId: cluster.id,
    target: { type: 'cluster', id: cluster.id },
    durationMs: ctx.durations.quickTaskMs,
    effect: { kind: 'none' },
    parameters: withoutSecrets(req.body) as JsonObject,
  });
  return { body: { cluster_id: cluster.id, request_id: ctx.requestId, task_id: task.id } };
}

/** ListTagResources (GET /tags): clusters by id and/or tag. */
export function listTagResources(req: AckRequest, ctx: BackendContext): AckResponse {
  const parseJson = (value: string | undefined): Json | undefined => {
    if (value === undefined || value === '') return undefined;
    try {
      return JSON.parse(value) as Json;
    } catch {
      throw ackError('invalidParameter', `cannot parse ${value} as JSON`);
    }
  };
  const ids = parseJson(req.query.resource_ids);
  const tags = parseJson(req.query.tags);
  const wantedIds = Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : undefined;
  const wantedTags = Array.isArray(tags) ? tags.filter(isObject).map((t) => ({ key: str(t, 'key') ?? '', value: str(t, 'value') })) : [];
  if (!wantedIds?.length && wantedTags.length === 0) throw ackError('invalidParameter', 'resource_ids or tags is required');
  const rows: JsonObject[] = [];
  for (const cluster of Object.values(ctx.state.clusters)) {
    if (req.query.region_id && cluster.regionId !== req.query.region_id) continue;
    if (wantedIds?.length && !wantedIds.includes(cluster.id)) continue;
    if (!wantedTags.every((w) => cluster.tags.some((t) => t.key === w.key && (w.value === undefined || t.value === w.value)))) continue;
    for (const tag of cluster.tags) rows.push({ resource_id: cluster.id, resource_type: 'ALIYUN::CS::CLUSTER', tag_key: tag.key, tag_value: tag.value });
  }
  return { body: { next_token: '', request_id: ctx.requestId, tag_resources: { tag_resource: rows } } };
}

export function clusterPageParams(query: Record<string, string>): { pageNumber: number; pageSize: number } {
  const pageNumber = Math.max(1, num(query, 'pageNumber') ?? 1);
  const pageSize = num(query, 'pageSize') ?? 10;
  if (pageSize < 1 || pageSize > 100) throw ackError('invalidParameter', `pageSize must be between 1 and 100, not ${pageSize}`);
  return { pageNumber, pageSize };
}
