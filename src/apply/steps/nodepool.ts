/** A `nodepool/<name>` step: create the pool (find it, or retry a failed one) and wait until it is active. */

import { OperationFailed } from '../../errors.js';
import type { JsonObject } from '../../plan/types.js';
import type { StepReport } from '../engine.js';
import { POOL_FAILED_STATES, POOL_READY_STATES, type PlannedStep } from '../intents.js';
import type { RunResult } from '../scheduler.js';
import type { StepContext } from '../step-context.js';
import { isTaskFailed } from '../tasks.js';

function desiredSize(body: JsonObject): number {
  const sg = body.scaling_group;
  return sg && typeof sg === 'object' && !Array.isArray(sg) && typeof sg.desired_size === 'number' ? sg.desired_size : 0;
}

/**
 * Until the pool is active. All pools of the cluster share one DescribeClusterNodePools
 * poll; the task is read only to explain a failure (or first, when `taskFirst`: a retried
 * pool may still show its old `failed` state for a moment).
 */
export async function waitPool(ctx: StepContext, step: PlannedStep, clusterId: string, nodepoolId: string, taskId: string | undefined, requestId?: string, taskFirst = false): Promise<void> {
  const { state, ack, emit, waitTask, failTask, watcherFor } = ctx;
  const pool = step.pool!;
  if (taskFirst && taskId) {
    const task = await waitTask(step.op.id, taskId, `node pool ${pool}`);
    if (isTaskFailed(task.state)) failTask(step, task, `node pool ${pool} (${nodepoolId})`, requestId);
  }
  let last = '';
  const detail = await watcherFor(clusterId).until(
    nodepoolId,
    (p) => POOL_READY_STATES.has(p.state) || POOL_FAILED_STATES.has(p.state),
    (p) => {
      if (p.state === last) return;
      last = p.state;
      if (!POOL_READY_STATES.has(p.state)) emit(step.op.id, 'waiting', `node pool ${pool} is ${p.state}`, { nodepoolId });
    },
  );
  state.pools.set(pool, { id: nodepoolId, state: detail.state, desiredSize: detail.desiredSize, nodes: detail.nodes.total });
  if (!POOL_READY_STATES.has(detail.state)) {
    if (taskId) {
      const task = await ack.describeTaskInfo(taskId);
      if (isTaskFailed(task.state)) failTask(step, task, `creating node pool ${pool} (${nodepoolId})`, requestId);
    }
    throw new OperationFailed({ operationId: step.op.id, taskId, message: `${step.op.id}: node pool ${pool} (${nodepoolId}) ended in state ${detail.state}` });
  }
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
    r.action = 'waited';
    emit(step.op.id, 'running', `node pool ${pool} exists (${intent.id}, ${intent.state}); waiting until it is active`, { nodepoolId: intent.id });
    await waitPool(ctx, step, clusterId, intent.id, undefined);
    emit(step.op.id, 'done', `node pool ${pool} is active (${intent.id})`, { nodepoolId: intent.id });
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
    await waitPool(ctx, step, clusterId, intent.id, submitted.taskId, submitted.requestId, true);
    emit(step.op.id, 'done', `node pool ${pool} is active (${intent.id})`, { nodepoolId: intent.id });
    return 'done';
  }
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
  await waitPool(ctx, step, clusterId, value.nodepoolId, value.taskId, value.requestId);
  emit(step.op.id, 'done', `node pool ${pool} is active (${value.nodepoolId})`, { nodepoolId: value.nodepoolId });
  return 'done';
}
