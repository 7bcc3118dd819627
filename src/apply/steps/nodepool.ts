/**
 * A `nodepool/<name>` step: create the pool (find it, or retry a failed one) and wait until
 * it is done: its task succeeded AND its nodes are healthy (Ready). Nodes that are not are
 * repaired (RepairClusterNodePool: the pools are managed) or named in the failure.
 */

import { OperationFailed } from '../../errors.js';
import type { ClusterNode, NodePoolSummary, TaskInfo } from '../../cloud/types.js';
import type { JsonObject } from '../../plan/types.js';
import type { StepReport } from '../types.js';
import { POOL_FAILED_STATES, POOL_READY_STATES, type PlannedStep } from '../intents.js';
import type { RunResult } from '../scheduler.js';
import type { StepContext } from '../step-context.js';
import { isTaskFailed, taskError, taskFailureStage } from '../tasks.js';

/** A node that is not serving: Kubernetes does not report it Ready. */
export function isUnhealthy(node: ClusterNode): boolean {
  return (node.nodeStatus !== undefined && node.nodeStatus !== 'Ready') || node.state === 'failed';
}

const nodeList = (nodes: readonly ClusterNode[]) => nodes.map((n) => (n.nodeName ? `${n.instanceId} (${n.nodeName})` : n.instanceId)).join(', ');

/** The instances a failed task names in its results (`task_result[].data` is an instance id). */
function failedInstances(task: TaskInfo): string[] {
  return task.results.filter((r) => r.data && r.status !== undefined && isTaskFailed(r.status)).map((r) => r.data!);
}

/**
 * The pool's nodes are healthy, or made so: repair the ones that are not and wait for the
 * repair task; what is still not Ready afterwards fails the step, named node by node.
 * `listed`: a listing of the pool's nodes already asked for (after the pool was seen done).
 */
export async function ensureHealthyNodes(ctx: StepContext, step: PlannedStep, clusterId: string, nodepoolId: string, listed?: Promise<ClusterNode[]>): Promise<'healthy' | 'repaired'> {
  const { ack, emit, waitTask, state } = ctx;
  const pool = step.pool!;
  const unhealthyNodes = async (listing = ctx.poolNodes(clusterId, nodepoolId)) => (await listing).filter((n) => n.nodepoolId === nodepoolId && isUnhealthy(n));
  const unhealthy = await unhealthyNodes(listed);
  if (unhealthy.length === 0) return 'healthy';
  emit(step.op.id, 'running', `node pool ${pool}: ${unhealthy.length} node(s) not ready (${nodeList(unhealthy)}); repairing them`, { nodepoolId });
  const submitted = await ack.repairClusterNodePool(clusterId, nodepoolId, unhealthy.map((n) => n.nodeName ?? n.instanceId));
  const hint = `inspect them (ackl2 get nodes --cluster ${clusterId}); remove them from the node pool in the ACK console and rerun to replace them`;
  if (submitted.taskId) {
    const task = await waitTask(step.op.id, submitted.taskId, `repairing node pool ${pool}`);
    if (isTaskFailed(task.state)) {
      throw new OperationFailed({
        operationId: step.op.id,
        taskId: task.taskId,
        stage: taskFailureStage(task),
        message: `${step.op.id}: repairing node pool ${pool} (${nodepoolId}) failed: ${taskError(task)}; nodes not ready: ${nodeList(unhealthy)}`,
        hint,
      });
    }
  }
  const still = await unhealthyNodes();
  if (still.length > 0) {
    throw new OperationFailed({ operationId: step.op.id, taskId: submitted.taskId, message: `${step.op.id}: node pool ${pool} (${nodepoolId}) still has ${still.length} node(s) that are not ready after a repair: ${nodeList(still)}`, hint });
  }
  const known = state.pools.get(pool);
  if (known) state.pools.set(pool, { ...known, state: 'active' });
  emit(step.op.id, 'running', `node pool ${pool}: repaired ${unhealthy.length} node(s)`, { nodepoolId });
  return 'repaired';
}

function desiredSize(body: JsonObject): number {
  const sg = body.scaling_group;
  return sg && typeof sg === 'object' && !Array.isArray(sg) && typeof sg.desired_size === 'number' ? sg.desired_size : 0;
}

/**
 * Until the pool is active. All pools of the cluster share one DescribeClusterNodePools
 * poll; the task is read only to explain a failure (or first, when `taskFirst`: a retried
 * pool may still show its old `failed` state for a moment).
 */
export interface WaitPoolOptions {
  taskId?: string | undefined;
  requestId?: string | undefined;
  /** Wait for the task before polling the pool (a retried pool may still show its old `failed` state). */
  taskFirst?: boolean;
  /** Nodes that are not healthy: repair them (default), or fail the step (a pool created with the cluster). */
  unhealthy?: 'repair' | 'fail';
  /** The pool as just listed: when it is done already, no poll is needed. */
  seen?: NodePoolSummary | undefined;
}

const isSettled = (p: NodePoolSummary) => POOL_READY_STATES.has(p.state) || POOL_FAILED_STATES.has(p.state);

export async function waitPool(ctx: StepContext, step: PlannedStep, clusterId: string, nodepoolId: string, options: WaitPoolOptions = {}): Promise<void> {
  const { state, ack, emit, waitTask, failTask, watcherFor } = ctx;
  const { taskId, requestId, unhealthy = 'repair', seen } = options;
  const pool = step.pool!;
  if (options.taskFirst && taskId) {
    const task = await waitTask(step.op.id, taskId, `node pool ${pool}`);
    if (isTaskFailed(task.state)) failTask(step, task, `node pool ${pool} (${nodepoolId})`, requestId);
  }
  let last = '';
  const detail =
    seen && isSettled(seen)
      ? seen
      : await watcherFor(clusterId).until(nodepoolId, isSettled, (p) => {
          if (p.state === last) return;
          last = p.state;
          if (!POOL_READY_STATES.has(p.state)) emit(step.op.id, 'waiting', `node pool ${pool} is ${p.state}`, { nodepoolId });
        });
  state.pools.set(pool, { id: nodepoolId, state: detail.state, desiredSize: detail.desiredSize, nodes: detail.nodes.total });
  const ready = POOL_READY_STATES.has(detail.state);
  // ACK's own counts: every node of a pool created with the cluster healthy needs no node listing.
  const allHealthy = unhealthy === 'fail' && detail.nodes.failed === 0 && detail.nodes.healthy === detail.nodes.total;
  // The node listing is read alongside the task (and shared by the pools done in this tick).
  const nodes = ready && !allHealthy ? ctx.poolNodes(clusterId, nodepoolId) : undefined;
  // A failed task throws before the listing is awaited: its failure must not go unhandled.
  void nodes?.catch(() => undefined);
  // A failed task can leave the pool active with failed nodes: the task decides, not the state.
  if (taskId) {
    const task = await ack.describeTaskInfo(taskId);
    if (isTaskFailed(task.state)) {
      const failed = failedInstances(task);
      throw new OperationFailed({
        operationId: step.op.id,
        taskId: task.taskId,
        stage: taskFailureStage(task),
        message: `${step.op.id}: node pool ${pool} (${nodepoolId}) failed: ${taskError(task)}${failed.length > 0 ? `; failed nodes: ${failed.join(', ')}` : ''}${requestId ? ` (RequestId ${requestId})` : ''}`,
        hint: failed.length > 0 ? 'rerun the same command: it repairs the failed nodes (RepairClusterNodePool) or names the ones it cannot' : undefined,
      });
    }
  }
  if (!ready) {
    throw new OperationFailed({ operationId: step.op.id, taskId, message: `${step.op.id}: node pool ${pool} (${nodepoolId}) ended in state ${detail.state}` });
  }
  if (allHealthy) return;
  if (unhealthy === 'fail') await failOnUnhealthyNodes(step, nodepoolId, nodes!);
  else await ensureHealthyNodes(ctx, step, clusterId, nodepoolId, nodes);
}

/**
 * A pool created with the cluster has no task of its own to report its failure: nodes that did
 * not come up fail the step, as a failed CreateClusterNodePool task does; a rerun repairs them.
 */
async function failOnUnhealthyNodes(step: PlannedStep, nodepoolId: string, listed: Promise<ClusterNode[]>): Promise<void> {
  const failed = (await listed).filter((n) => n.nodepoolId === nodepoolId && isUnhealthy(n));
  if (failed.length === 0) return;
  throw new OperationFailed({
    operationId: step.op.id,
    message: `${step.op.id}: node pool ${step.pool} (${nodepoolId}), created with the cluster, has ${failed.length} node(s) that did not come up: ${nodeList(failed)}`,
    hint: 'rerun the same command: it repairs the failed nodes (RepairClusterNodePool) or names the ones it cannot',
  });
}

export async function runNodePool(ctx: StepContext, step: PlannedStep, r: StepReport): Promise<RunResult> {
  const { options, state, ack, emit, body, createOrAdopt } = ctx;
  const pool = step.pool!;
  const clusterId = state.requireCluster();
  const intent = step.intent;
  if (intent.kind === 'exists') {
    r.resourceId = intent.id;
    r.action = 'found';
    if (POOL_FAILED_STATES.has(intent.state)) {
      throw new OperationFailed({
        operationId: step.op.id,
        message: `node pool ${pool} (${intent.id}) exists in state ${intent.state}; it cannot be resumed`,
        hint: `remove the node pool ${intent.id} in the ACK console${options.deleteCommand ? ` (or ${options.deleteCommand})` : ''} and rerun`,
      });
    }
    if (intent.ready) {
      emit(step.op.id, 'skipped', `node pool ${pool} exists (${intent.id}, ${intent.state})`, { nodepoolId: intent.id });
      return 'done';
    }
    if (options.noWait) return 'deferred';
    r.action = intent.failedNodes ? 'repaired' : 'waited';
    emit(
      step.op.id,
      'running',
      intent.failedNodes
        ? `node pool ${pool} exists (${intent.id}) with ${intent.failedNodes} failed node(s)`
        : `node pool ${pool} exists (${intent.id}, ${intent.state}); waiting until it is active`,
      { nodepoolId: intent.id },
    );
    await waitPool(ctx, step, clusterId, intent.id);
    emit(step.op.id, 'done', `node pool ${pool} is active with every node ready (${intent.id})`, { nodepoolId: intent.id });
    return 'done';
  }
  if (intent.kind === 'retry') {
    r.resourceId = intent.id;
    r.action = 'retried';
    // Sending the planned size (or autoscaling range) again makes ACK retry the scale-out.
    const planned = step.op.body;
    const change: JsonObject = planned.auto_scaling !== undefined ? { auto_scaling: planned.auto_scaling } : { scaling_group: { desired_size: desiredSize(planned) } };
    emit(step.op.id, 'running', `node pool ${pool} (${intent.id}) is ${intent.state}; asking for its nodes again`, { nodepoolId: intent.id });
    const submitted = await ack.modifyClusterNodePool(clusterId, intent.id, change);
    r.taskId = submitted.taskId;
    if (options.noWait) return 'deferred';
    await waitPool(ctx, step, clusterId, intent.id, { taskId: submitted.taskId, requestId: submitted.requestId, taskFirst: true });
    emit(step.op.id, 'done', `node pool ${pool} is active (${intent.id})`, { nodepoolId: intent.id });
    return 'done';
  }
  if (intent.kind === 'inline') return waitInlinePool(ctx, step, r, clusterId);
  return createPool(ctx, step, r, clusterId);
}

/** A pool the cluster's CreateCluster created: found by name once the cluster runs, then waited for. */
async function waitInlinePool(ctx: StepContext, step: PlannedStep, r: StepReport, clusterId: string): Promise<RunResult> {
  const { options, state, ack, emit } = ctx;
  const pool = step.pool!;
  // Every inline pool of the cluster asks at once: the identical listings share one request.
  const found = (await ack.describeClusterNodePools(clusterId)).find((p) => p.name === pool);
  // A cluster adopted from another run that did not send this pool inline: create it on its own.
  if (!found) return createPool(ctx, step, r, clusterId);
  state.pools.set(pool, { id: found.nodepoolId, state: found.state });
  r.resourceId = found.nodepoolId;
  r.action = 'created';
  emit(step.op.id, 'running', `node pool ${pool} created with the cluster (${found.nodepoolId}, ${found.state})`, { nodepoolId: found.nodepoolId });
  if (options.noWait) return 'deferred';
  await waitPool(ctx, step, clusterId, found.nodepoolId, { unhealthy: 'fail', seen: found });
  emit(step.op.id, 'done', `node pool ${pool} is active (${found.nodepoolId})`, { nodepoolId: found.nodepoolId });
  return 'done';
}

async function createPool(ctx: StepContext, step: PlannedStep, r: StepReport, clusterId: string): Promise<RunResult> {
  const { options, state, ack, emit, body, createOrAdopt } = ctx;
  const pool = step.pool!;
  const request = body(step.op.body);
  emit(step.op.id, 'running', `creating node pool ${pool}`);
  const { value, adopted } = await createOrAdopt(
    async () => ack.createClusterNodePool(clusterId, request),
    async () => {
      const found = (await ack.describeClusterNodePools(clusterId, { name: pool })).find((p) => p.name === pool);
      return found ? { nodepoolId: found.nodepoolId, taskId: undefined, requestId: undefined } : undefined;
    },
  );
  state.pools.set(pool, { id: value.nodepoolId, state: 'initial' });
  r.resourceId = value.nodepoolId;
  r.taskId = value.taskId;
  r.action = adopted ? 'found' : 'created';
  emit(step.op.id, 'running', `node pool ${pool} submitted (${value.nodepoolId}${value.taskId ? `, task ${value.taskId}` : ''})`, { nodepoolId: value.nodepoolId, taskId: value.taskId });
  if (options.noWait) return 'deferred';
  await waitPool(ctx, step, clusterId, value.nodepoolId, { taskId: value.taskId, requestId: value.requestId });
  emit(step.op.id, 'done', `node pool ${pool} is active (${value.nodepoolId})`, { nodepoolId: value.nodepoolId });
  return 'done';
}
