/**
 * ACK's in-place changes: ModifyCluster, ModifyClusterTags, ModifyNodePoolNodeConfig,
 * DeleteClusterNodepool, UpgradeCluster and UpgradeClusterNodepool, with ACK's transitions
 * (cluster `updating` / `upgrading`, pool `updating` / `upgrading` / `deleting`) and its
 * refusals: a busy pool or cluster, a version that is not the next one, an unknown image.
 * A pool upgrade replaces nodes batch by batch (`rolling_policy.max_parallelism` nodes at a
 * time); `progressRollouts` applies each batch once its time has come, so DescribeClusterNodes
 * shows a rollout advancing, and a client that was killed finds it where the clock left it.
 */

import { findKubernetesVersion, findRegion } from '../catalog.js';
import { compareVersions, kubernetesMinor } from '../../versions.js';
import type { BackendContext } from '../context.js';
import { bool, isObject, num, obj, str } from '../json.js';
import { releaseNode, startPoolTask, startTask } from '../lifecycle.js';
import { restPool, type ClusterRecord, type EmulatorState, type LifecycleEffect, type NodePoolRecord, type TaskRecord } from '../state.js';
import { findCluster, requireRunning } from './clusters.js';
import { ackError } from './errors.js';
import { clusterTakesOsParameters, OS_PARAMETERS_MIN_MINOR, osSysctlValueProblem } from '../../scenarios/os-parameters.js';
import type { AckRequest, AckResponse } from './types.js';

/** ACK's default batch: one node at a time. */
const DEFAULT_MAX_PARALLELISM = 1;
const BUSY_POOL_STATES = new Set(['initial', 'scaling', 'updating', 'upgrading', 'removing', 'deleting']);

function findPool(ctx: BackendContext, cluster: ClusterRecord, nodepoolId: string | undefined): NodePoolRecord {
  const pool = nodepoolId === undefined ? undefined : ctx.state.nodePools[nodepoolId];
  if (!pool || pool.clusterId !== cluster.id) throw ackError('nodePoolNotFound', `node pool ${nodepoolId ?? '(none)'} not found in cluster ${cluster.id}`);
  return pool;
}

function requireIdle(pool: NodePoolRecord, operation: string): void {
  if (BUSY_POOL_STATES.has(pool.state)) {
    throw ackError('nodePoolState', `node pool ${pool.id} is ${pool.state}; ${operation} waits until its current task has finished`);
  }
}

/** The pool a node-pool operation acts on: in a running cluster, with no task of its own under way. */
function idlePoolOfRunningCluster(req: AckRequest, ctx: BackendContext, operation: string): { cluster: ClusterRecord; pool: NodePoolRecord } {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  requireRunning(cluster, operation);
  const pool = findPool(ctx, cluster, req.pathParams.NodepoolId);
  requireIdle(pool, operation);
  return { cluster, pool };
}

function quickTask(ctx: BackendContext, type: string, cluster: ClusterRecord, target: TaskRecord['target'], effect: LifecycleEffect, durationMs = ctx.durations.quickTaskMs): TaskRecord {
  return startTask(ctx, { type, clusterId: cluster.id, target, durationMs, effect });
}

/** ModifyCluster: deletion protection, the public API server endpoint (api_server_eip), the name. */
export function modifyCluster(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  if (cluster.state === 'deleting' || cluster.state === 'deleted') throw ackError('clusterState', `cluster ${cluster.id} is ${cluster.state}; it cannot be modified`);
  const protection = bool(req.body, 'deletion_protection');
  if (protection !== undefined) cluster.deletionProtection = protection;
  const name = str(req.body, 'cluster_name');
  if (name !== undefined) cluster.name = name;
  const eip = bool(req.body, 'api_server_eip');
  let taskId = '';
  if (eip !== undefined && eip !== cluster.endpointPublicAccess) {
    requireRunning(cluster, 'ModifyCluster api_server_eip');
    cluster.endpointPublicAccess = eip;
    cluster.state = 'updating';
    taskId = quickTask(ctx, 'cluster_update', cluster, { type: 'cluster', id: cluster.id }, { kind: 'clusterUpdate' }).id;
  }
  cluster.updated = ctx.now;
  return { body: { cluster_id: cluster.id, request_id: ctx.requestId, task_id: taskId } };
}

const RESERVED_TAG_KEY = /^(aliyun|acs:)/i;

/**
 * ModifyClusterTags: the body is the cluster's whole tag list, a full update as ACK documents
 * it ("该 API 为全量更新"): tags not in it are removed, except Alibaba Cloud's own (reserved keys).
 */
export function modifyClusterTags(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  const list = Array.isArray(req.body.body) ? req.body.body.filter(isObject) : [];
  if (list.length === 0) throw ackError('invalidParameter', 'the body must be a non-empty list of tags ({"key","value"})');
  const tags = cluster.tags.filter((t) => RESERVED_TAG_KEY.test(t.key));
  for (const tag of list) {
    const key = str(tag, 'key') ?? '';
    if (key === '' || RESERVED_TAG_KEY.test(key)) throw ackError('invalidParameter', `tag key "${key}" is empty or reserved`);
    const value = str(tag, 'value') ?? '';
    const existing = tags.find((t) => t.key === key);
    if (existing) existing.value = value;
    else tags.push({ key, value });
  }
  if (tags.length > 20) throw ackError('invalidParameter', `a cluster has at most 20 tags, this would make ${tags.length}`);
  cluster.tags = tags;
  cluster.updated = ctx.now;
  return { body: {} };
}

/** ModifyNodePoolNodeConfig: kubelet settings, rolled to the pool's nodes. */
export function modifyNodePoolNodeConfig(req: AckRequest, ctx: BackendContext): AckResponse {
  const { cluster, pool } = idlePoolOfRunningCluster(req, ctx, 'ModifyNodePoolNodeConfig');
  const kubelet = obj(req.body, 'kubelet_config');
  const os = obj(req.body, 'os_config');
  if (!kubelet && !os) throw ackError('invalidParameter', 'kubelet_config or os_config is required');
  if (os) checkOsConfig(os, cluster);
  const config = { ...(obj(pool.spec, 'node_config') ?? {}) };
  if (kubelet) config.kubelet_configuration = { ...(obj(config, 'kubelet_configuration') ?? {}), ...kubelet };
  if (os) config.node_os_config = { ...(obj(config, 'node_os_config') ?? {}), ...os };
  pool.spec = { ...pool.spec, node_config: config };
  pool.state = 'updating';
  pool.updated = ctx.now;
  const nodes = poolNodes(ctx.state, pool).length;
  const task = quickTask(ctx, 'nodepool_update_config', cluster, { type: 'nodepool', id: pool.id }, { kind: 'poolNodeConfig', nodepoolId: pool.id }, ctx.durations.quickTaskMs * Math.max(1, nodes));
  return { body: { nodepool_id: pool.id, request_id: ctx.requestId, task_id: task.id } };
}

/**
 * os_config as ACK takes it ("Customize OS parameters for a node pool"): clusters of 1.28 and
 * newer, and only the sysctls (and values) of the shared allow list (src/scenarios/os-parameters.ts).
 */
function checkOsConfig(os: Record<string, unknown>, cluster: ClusterRecord): void {
  if (!clusterTakesOsParameters(cluster.kubernetesVersion)) {
    throw ackError('invalidParameter', `node pool OS parameters need Kubernetes 1.${OS_PARAMETERS_MIN_MINOR} or newer; cluster ${cluster.id} runs ${cluster.kubernetesVersion}`);
  }
  const sysctl = obj(os, 'sysctl') ?? {};
  for (const [name, value] of Object.entries(sysctl)) {
    const problem = typeof value === 'string' || typeof value === 'number' ? osSysctlValueProblem(name, value) : `${name} takes a string or a number`;
    if (problem) throw ackError('invalidParameter', `os_config.sysctl: ${problem}`);
  }
}

/** DeleteClusterNodepool: drains and releases the pool's nodes, then the pool is gone. */
export function deleteClusterNodepool(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  requireRunning(cluster, 'DeleteClusterNodepool');
  const pool = findPool(ctx, cluster, req.pathParams.NodepoolId);
  if (pool.state === 'deleting') return { body: { request_id: ctx.requestId, task_id: pool.taskId } };
  requireIdle(pool, 'DeleteClusterNodepool');
  const nodes = poolNodes(ctx.state, pool);
  const force = req.query.force === 'true';
  if (nodes.length > 0 && !force) {
    throw ackError('nodePoolState', `node pool ${pool.id} still has ${nodes.length} node(s); remove them first or delete with force=true (ACK drains and releases them)`);
  }
  for (const node of nodes) node.state = 'removing';
  const task = startPoolTask(ctx, pool, 'deleting', {
    type: 'nodepool_delete',
    durationMs: ctx.durations.scaleMs,
    effect: { kind: 'poolDelete', nodepoolId: pool.id },
  });
  pool.taskId = task.id;
  return { body: { request_id: ctx.requestId, task_id: task.id } };
}

/** UpgradeCluster: the control plane, one minor version at a time, to a version ACK offers. */
export function upgradeCluster(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  requireRunning(cluster, 'UpgradeCluster');
  const next = str(req.body, 'next_version') ?? str(req.body, 'version');
  if (!next) throw ackError('invalidParameter', 'next_version is required');
  const target = findKubernetesVersion(ctx.state, next);
  if (!target) {
    throw ackError('kubernetesVersionNotSupported', `Kubernetes ${next} is not a version ACK offers; offered: ${ctx.state.world.kubernetesVersions.map((v) => v.version).join(', ')}`);
  }
  if (compareVersions(target.version, cluster.kubernetesVersion) <= 0) {
    throw ackError('kubernetesVersionNotSupported', `cluster ${cluster.id} runs ${cluster.kubernetesVersion}; ${next} is not newer`);
  }
  // One offered minor at a time: ACK releases even minors only, so 1.26 -> 1.28 is one step.
  const from = kubernetesMinor(cluster.kubernetesVersion) ?? 0;
  const to = kubernetesMinor(target.version) ?? 0;
  const skipped = ctx.state.world.kubernetesVersions.some((v) => {
    const minor = kubernetesMinor(v.version) ?? 0;
    return minor > from && minor < to;
  });
  if (skipped) {
    throw ackError('kubernetesVersionNotSupported', `cluster ${cluster.id} runs ${cluster.kubernetesVersion}; ACK upgrades one minor version at a time (of those it offers), not to ${next}`);
  }
  cluster.state = 'upgrading';
  cluster.updated = ctx.now;
  const task = quickTask(ctx, 'cluster_upgrade', cluster, { type: 'cluster', id: cluster.id }, { kind: 'clusterUpgrade', version: target.version }, ctx.durations.scaleMs);
  return { body: { cluster_id: cluster.id, request_id: ctx.requestId, task_id: task.id } };
}

/**
 * UpgradeClusterNodepool: a new image (or the cluster's Kubernetes version) rolled over the
 * pool's nodes by replacing their system disks, `rolling_policy.max_parallelism` at a time.
 */
export function upgradeClusterNodepool(req: AckRequest, ctx: BackendContext): AckResponse {
  const { cluster, pool } = idlePoolOfRunningCluster(req, ctx, 'UpgradeClusterNodepool');
  const imageId = str(req.body, 'image_id');
  const version = str(req.body, 'kubernetes_version');
  if (!imageId && !version) throw ackError('invalidParameter', 'image_id or kubernetes_version is required');
  let imageType: string | undefined;
  if (imageId) {
    const image = findRegion(ctx.state, cluster.regionId)?.images.find((i) => i.id === imageId);
    if (!image) throw ackError('imageNotFound', `image ${imageId} does not exist in ${cluster.regionId}`);
    imageType = image.ackImageType;
    const creatable = findKubernetesVersion(ctx.state, cluster.kubernetesVersion)?.creatableImageTypes ?? [];
    if (imageType && !creatable.includes(imageType)) {
      throw ackError('imageTypeNotSupported', `image type ${imageType} cannot run Kubernetes ${cluster.kubernetesVersion}; supported: ${creatable.join(', ')}`);
    }
  }
  if (version && version !== cluster.kubernetesVersion) {
    throw ackError('kubernetesVersionNotSupported', `node pools follow the control plane: upgrade the cluster to ${version} first (it runs ${cluster.kubernetesVersion})`);
  }
  const policy = obj(req.body, 'rolling_policy');
  const parallelism = Math.max(1, Math.floor(num(policy, 'max_parallelism') ?? DEFAULT_MAX_PARALLELISM));
  const ids = poolNodes(ctx.state, pool).map((n) => n.instanceId);
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += parallelism) batches.push(ids.slice(i, i + parallelism));
  const task = startPoolTask(ctx, pool, 'upgrading', {
    type: 'nodepool_upgrade',
    durationMs: Math.max(1, batches.length) * ctx.durations.nodeReplaceMs,
    effect: { kind: 'poolUpgrade', nodepoolId: pool.id, imageId, imageType, kubernetesVersion: version, batches, done: 0 },
    parameters: { image_id: imageId ?? '', max_parallelism: parallelism, use_replace: bool(req.body, 'use_replace') ?? false, batches: batches.length },
  });
  pool.taskId = task.id;
  return { body: { request_id: ctx.requestId, task_id: task.id } };
}

function poolNodes(state: EmulatorState, pool: NodePoolRecord) {
  return Object.values(state.nodes)
    .filter((n) => n.nodepoolId === pool.id && n.state !== 'removing')
    .sort((a, b) => a.created - b.created || a.instanceId.localeCompare(b.instanceId));
}

/** Replace the batches of running pool upgrades whose time has come. */
export function progressRollouts(state: EmulatorState, now: number): boolean {
  let changed = false;
  for (const task of Object.values(state.tasks)) {
    const effect = task.effect;
    if (task.state !== 'running' || effect.kind !== 'poolUpgrade' || effect.batches.length === 0) continue;
    const per = (task.endsAt - task.created) / effect.batches.length;
    const due = Math.min(effect.batches.length, Math.floor((now - task.created) / per));
    // The last batch lands with the task's end (finishLifecycleTask), where a fault may fail it.
    for (; effect.done < Math.min(due, effect.batches.length - 1); effect.done++) {
      replaceBatch(state, effect, effect.batches[effect.done]!);
      changed = true;
    }
  }
  return changed;
}

function replaceBatch(state: EmulatorState, effect: Extract<LifecycleEffect, { kind: 'poolUpgrade' }>, ids: string[]): void {
  for (const id of ids) {
    const node = state.nodes[id];
    if (!node) continue;
    if (effect.imageId) node.imageId = effect.imageId;
    const instance = state.instances[id];
    if (instance && effect.imageId) instance.imageId = effect.imageId;
  }
}

/** The end of an in-place change: called by lifecycle.ts for the effects of this module. */
export function finishLifecycleTask(state: EmulatorState, task: TaskRecord, effect: LifecycleEffect, ok: boolean): void {
  const at = task.endsAt;
  switch (effect.kind) {
    case 'clusterUpgrade':
    case 'clusterUpdate': {
      const cluster = state.clusters[task.clusterId];
      if (!cluster) break;
      if (ok && effect.kind === 'clusterUpgrade') cluster.kubernetesVersion = effect.version;
      if (cluster.state === 'upgrading' || cluster.state === 'updating') cluster.state = 'running';
      cluster.updated = at;
      break;
    }
    case 'poolNodeConfig': {
      restPool(state, effect.nodepoolId, at);
      break;
    }
    case 'poolDelete': {
      const pool = state.nodePools[effect.nodepoolId];
      if (!pool) break;
      if (!ok) {
        pool.state = 'failed';
        for (const node of Object.values(state.nodes)) if (node.nodepoolId === pool.id && node.state === 'removing') node.state = 'running';
        break;
      }
      for (const node of Object.values(state.nodes)) if (node.nodepoolId === pool.id) releaseNode(state, node.instanceId);
      delete state.nodePools[pool.id];
      break;
    }
    case 'poolUpgrade': {
      const pool = state.nodePools[effect.nodepoolId];
      if (!pool) break;
      pool.state = 'active';
      pool.updated = at;
      // A failed rollout stops where it was: the batches replaced so far keep the new image.
      if (!ok) break;
      for (; effect.done < effect.batches.length; effect.done++) replaceBatch(state, effect, effect.batches[effect.done]!);
      if (effect.kubernetesVersion) pool.kubeletVersion = effect.kubernetesVersion;
      const group = { ...(obj(pool.spec, 'scaling_group') ?? {}) };
      if (effect.imageId) group.image_id = effect.imageId;
      if (effect.imageType) group.image_type = effect.imageType;
      pool.spec = { ...pool.spec, scaling_group: group };
      break;
    }
  }
}
