/** ACK node pool actions: create, describe, modify (desired size), scale out, attach instances, nodes, tasks. */

import { findRegion } from '../catalog.js';
import type { BackendContext } from '../context.js';
import { bool, deepMerge, num, obj, strings, withoutSecrets } from '../json.js';
import { startPoolTask } from '../lifecycle.js';
import type { JsonObject, NodePoolRecord } from '../state.js';
import { clusterPageParams, findCluster, requireRunning } from './clusters.js';
import { ackError } from './errors.js';
import { addNode, addPoolNodes, newNodePool, renderClusterTask, renderNode, renderNodePool, renderTask } from './model.js';
import type { AckRequest, AckResponse } from './types.js';
import { checkPoolSpec } from './validate.js';

const MAX_ATTACH = 100;

function findPool(ctx: BackendContext, clusterId: string, nodepoolId: string | undefined): NodePoolRecord {
  const pool = nodepoolId === undefined ? undefined : ctx.state.nodePools[nodepoolId];
  if (!pool || pool.clusterId !== clusterId) throw ackError('nodePoolNotFound', `node pool ${nodepoolId ?? '(none)'} not found in cluster ${clusterId}`);
  return pool;
}

function requirePoolSettled(pool: NodePoolRecord, operation: string): void {
  if (pool.state !== 'active' && pool.state !== 'failed') {
    throw ackError('nodePoolState', `node pool ${pool.id} is ${pool.state}; ${operation} needs it active (wait for its task to finish)`);
  }
}

export function createClusterNodePool(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  requireRunning(cluster, 'CreateClusterNodePool');
  const region = findRegion(ctx.state, cluster.regionId)!;
  const sizing = checkPoolSpec(ctx.state, region, cluster, req.body);
  const pool = newNodePool(ctx, cluster, req.body, sizing.desiredSize, '');
  const task = startPoolTask(ctx, pool, undefined, {
    type: 'nodepool_create',
    durationMs: ctx.durations.nodePoolCreateMs,
    effect: { kind: 'poolCreate', nodepoolId: pool.id },
    parameters: { nodepool_name: pool.name, desired_size: pool.desiredSize },
  });
  pool.taskId = task.id;
  addPoolNodes(ctx, pool, pool.desiredSize);
  return { body: { nodepool_id: pool.id, request_id: ctx.requestId, task_id: task.id } };
}

export function describeClusterNodePools(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  const wanted = req.query.NodepoolName;
  const pools = Object.values(ctx.state.nodePools)
    .filter((p) => p.clusterId === cluster.id && (wanted ? p.name === wanted : true))
    .sort((a, b) => a.created - b.created); // stable: creation order
  return { body: { nodepools: pools.map((p) => renderNodePool(p, ctx.state)) } };
}

export function describeClusterNodePoolDetail(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  return { body: renderNodePool(findPool(ctx, cluster.id, req.pathParams.NodepoolId), ctx.state) };
}

/** Start a resize to `desired`: new nodes appear in state initial, surplus nodes go removing. */
function resize(ctx: BackendContext, pool: NodePoolRecord, desired: number): string {
  const nodes = Object.values(ctx.state.nodes)
    .filter((n) => n.nodepoolId === pool.id && n.state !== 'removing')
    .sort((a, b) => b.created - a.created || b.instanceId.localeCompare(a.instanceId));
  const add = desired > nodes.length ? addPoolNodes(ctx, pool, desired - nodes.length) : [];
  const remove = desired < nodes.length ? nodes.slice(0, nodes.length - desired).map((n) => n.instanceId) : [];
  for (const id of remove) ctx.state.nodes[id]!.state = 'removing';
  pool.desiredSize = desired;
  const task = startPoolTask(ctx, pool, remove.length > 0 ? 'removing' : 'scaling', {
    type: remove.length > 0 ? 'nodepool_scale_in' : 'nodepool_scale_out',
    durationMs: ctx.durations.scaleMs,
    effect: { kind: 'poolScale', nodepoolId: pool.id, add, remove },
    parameters: { desired_size: desired },
  });
  return task.id;
}

export function modifyClusterNodePool(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  requireRunning(cluster, 'ModifyClusterNodePool');
  const pool = findPool(ctx, cluster.id, req.pathParams.NodepoolId);
  requirePoolSettled(pool, 'ModifyClusterNodePool');
  const change = withoutSecrets(req.body) as JsonObject;
  const merged = deepMerge(pool.spec, change);
  const region = findRegion(ctx.state, cluster.regionId)!;
  const sizing = checkPoolSpec(ctx.state, region, cluster, merged, { ignorePoolId: pool.id });
  pool.spec = merged;
  const infoName = obj(change, 'nodepool_info');
  if (infoName && typeof infoName.name === 'string') pool.name = infoName.name;
  const sizeChanged = num(obj(change, 'scaling_group'), 'desired_size') !== undefined || obj(change, 'auto_scaling') !== undefined;
  let taskId: string;
  // The same size again still brings the pool back to it (after a failed scale-in, say).
  const liveNodes = Object.values(ctx.state.nodes).filter((n) => n.nodepoolId === pool.id && n.state !== 'removing').length;
  if (sizeChanged && (sizing.desiredSize !== pool.desiredSize || liveNodes !== sizing.desiredSize)) {
    taskId = resize(ctx, pool, sizing.desiredSize);
  } else {
    taskId = startPoolTask(ctx, pool, 'updating', {
      type: 'nodepool_update',
      durationMs: ctx.durations.quickTaskMs,
      effect: { kind: 'poolScale', nodepoolId: pool.id, add: [], remove: [] },
    }).id;
  }
  return { body: { nodepool_id: pool.id, request_id: ctx.requestId, task_id: taskId } };
}

/** ScaleClusterNodePool: add `count` nodes to a pool without auto scaling. */
export function scaleClusterNodePool(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  requireRunning(cluster, 'ScaleClusterNodePool');
  const pool = findPool(ctx, cluster.id, req.pathParams.NodepoolId);
  requirePoolSettled(pool, 'ScaleClusterNodePool');
  if (bool(obj(pool.spec, 'auto_scaling'), 'enable') === true) {
    throw ackError('invalidParameter', `node pool ${pool.id} has auto scaling enabled; its size is managed by the autoscaler`);
  }
  const count = num(req.body, 'count');
  if (count === undefined || !Number.isInteger(count) || count < 1 || count > 500) throw ackError('invalidParameter', `count must be a whole number between 1 and 500, not ${String(req.body.count)}`);
  return { body: { task_id: resize(ctx, pool, pool.desiredSize + count) } };
}

export function attachInstancesToNodePool(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  requireRunning(cluster, 'AttachInstancesToNodePool');
  const pool = findPool(ctx, cluster.id, req.pathParams.NodepoolId);
  requirePoolSettled(pool, 'AttachInstancesToNodePool');
  const ids = strings(req.body, 'instances') ?? [];
  if (ids.length === 0) throw ackError('invalidParameter', 'instances is required: the ECS instance ids to attach');
  if (ids.length > MAX_ATTACH) throw ackError('invalidParameter', `at most ${MAX_ATTACH} instances per request, got ${ids.length}`);
  if (new Set(ids).size !== ids.length) throw ackError('invalidParameter', 'instances lists an instance twice');
  for (const id of ids) {
    const instance = ctx.state.instances[id];
    if (!instance || instance.regionId !== cluster.regionId) throw ackError('instanceNotFound', `instance ${id} does not exist in region ${cluster.regionId}`);
    if (instance.clusterId) throw ackError('instanceAlreadyInCluster', `instance ${id} already belongs to cluster ${instance.clusterId}`);
    if (instance.status !== 'Running') throw ackError('instanceNotRunning', `instance ${id} is ${instance.status}; only Running instances can be attached`);
    if (instance.vpcId !== cluster.vpcId) throw ackError('instanceNotInVpc', `instance ${id} is in ${instance.vpcId}, not in the cluster VPC ${cluster.vpcId}`);
  }
  for (const id of ids) {
    const instance = ctx.state.instances[id]!;
    instance.clusterId = cluster.id;
    addNode(ctx.state, {
      instanceId: id,
      clusterId: cluster.id,
      nodepoolId: pool.id,
      ip: instance.privateIp,
      instanceType: instance.instanceType,
      zoneId: instance.zoneId,
      vswitchId: instance.vswitchId,
      imageId: instance.imageId,
      source: 'ess_attach',
      created: ctx.now,
      regionId: cluster.regionId,
    });
  }
  pool.desiredSize += ids.length;
  const task = startPoolTask(ctx, pool, 'scaling', {
    type: 'nodepool_attach',
    durationMs: ctx.durations.attachMs,
    effect: { kind: 'poolAttach', nodepoolId: pool.id, instanceIds: ids },
    parameters: { instances: ids, format_disk: bool(req.body, 'format_disk') ?? false, keep_instance_name: bool(req.body, 'keep_instance_name') ?? true },
  });
  return { body: { request_id: ctx.requestId, task_id: task.id } };
}

export function describeClusterNodes(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  const { pageNumber, pageSize } = clusterPageParams(req.query);
  const instanceIds = req.query.instanceIds ? req.query.instanceIds.split(',').map((s) => s.trim()) : undefined;
  const state = req.query.state && req.query.state !== 'all' ? req.query.state : undefined;
  if (req.query.nodepool_id) findPool(ctx, cluster.id, req.query.nodepool_id);
  const nodes = Object.values(ctx.state.nodes)
    .filter((n) => n.clusterId === cluster.id)
    .filter((n) => (req.query.nodepool_id ? n.nodepoolId === req.query.nodepool_id : true))
    .filter((n) => (instanceIds ? instanceIds.includes(n.instanceId) : true))
    .filter((n) => (state ? n.state === state : true))
    .sort((a, b) => a.created - b.created); // stable: creation order
  const page = nodes.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    body: {
      nodes: page.map((n) => renderNode(n, ctx.state)),
      page: { page_number: pageNumber, page_size: pageSize, total_count: nodes.length },
    },
  };
}

export function describeTaskInfo(req: AckRequest, ctx: BackendContext): AckResponse {
  const task = req.pathParams.task_id === undefined ? undefined : ctx.state.tasks[req.pathParams.task_id];
  if (!task) throw ackError('taskNotFound', `task ${req.pathParams.task_id ?? '(none)'} not found`);
  return { body: renderTask(task, ctx.now) };
}

/**
 * DescribeClusterTasks `GET /clusters/{id}/tasks`: the cluster's tasks, newest first (ACK's
 * reference names no order; its console lists the newest first), `page_size` (default 10, at
 * most 100) and `page_number`, with `page_info`.
 */
export function describeClusterTasks(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  const pageNumber = Math.max(1, num(req.query, 'page_number') ?? 1);
  const pageSize = num(req.query, 'page_size') ?? 10;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw ackError('invalidParameter', `page_size must be between 1 and 100, not ${req.query.page_size}`);
  // Newest first; tasks of one millisecond in the reverse of their creation.
  const tasks = Object.values(ctx.state.tasks)
    .filter((t) => t.clusterId === cluster.id)
    .reverse()
    .sort((a, b) => b.created - a.created);
  const page = tasks.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    body: {
      tasks: page.map((t) => renderClusterTask(t, ctx.now)),
      page_info: { page_number: pageNumber, page_size: pageSize, total_count: tasks.length },
    },
  };
}

/**
 * RepairClusterNodePool `POST /clusters/{id}/nodepools/{np}/repair` `{nodes: [node name]}`:
 * a task that brings the pool's failed nodes (all of them when `nodes` is empty) back to Ready.
 */
export function repairClusterNodePool(req: AckRequest, ctx: BackendContext): AckResponse {
  const cluster = findCluster(ctx, req.pathParams.ClusterId);
  requireRunning(cluster, 'RepairClusterNodePool');
  const pool = findPool(ctx, cluster.id, req.pathParams.NodepoolId);
  requirePoolSettled(pool, 'RepairClusterNodePool');
  const names = strings(req.body, 'nodes') ?? [];
  const nodes = Object.values(ctx.state.nodes).filter((n) => n.nodepoolId === pool.id);
  const unknown = names.filter((name) => !nodes.some((n) => n.nodeName === name));
  if (unknown.length > 0) throw ackError('invalidParameter', `nodes ${unknown.join(', ')} are not nodes of node pool ${pool.id}`);
  const chosen = names.length > 0 ? nodes.filter((n) => names.includes(n.nodeName)) : nodes;
  const task = startPoolTask(ctx, pool, undefined, {
    type: 'nodepool_repair',
    durationMs: ctx.durations.scaleMs,
    effect: { kind: 'poolRepair', nodepoolId: pool.id, instanceIds: chosen.map((n) => n.instanceId) },
    parameters: { nodes: chosen.map((n) => n.nodeName) },
  });
  pool.state = 'updating';
  pool.updated = ctx.now;
  return { body: { task_id: task.id, request_id: ctx.requestId } };
}
