/** The `cluster` step: create the cluster (or find the one an earlier run made) and wait until it runs. */

import { OperationFailed } from '../../errors.js';
import type { StepReport } from '../types.js';
import { findProfileCluster } from '../discover.js';
import { CLUSTER_FAILED_STATES, CLUSTER_READY_STATES, type PlannedStep } from '../intents.js';
import { pollUntil } from '../poll.js';
import type { RunResult } from '../scheduler.js';
import type { StepContext } from '../step-context.js';
import { isTaskFailed } from '../tasks.js';
import type { ClusterWatcher } from '../pool-watcher.js';

export async function waitCluster(ctx: StepContext, step: PlannedStep, clusterId: string, taskId: string | undefined, requestId?: string): Promise<void> {
  const { options, state, ack, emit, waitTask, failTask } = ctx;
  if (options.clusterWatcher) return watchCluster(ctx, step, options.clusterWatcher, clusterId, taskId, requestId);
  if (taskId) {
    const task = await waitTask(step.op.id, taskId, 'creating the cluster');
    if (isTaskFailed(task.state)) failTask(step, task, `creating cluster ${options.profile} (${clusterId})`, requestId);
  }
  let last = '';
  const detail = await pollUntil(
    async () => {
      const d = await ack.describeClusterDetail(clusterId);
      if (d.state !== last) {
        last = d.state;
        if (!CLUSTER_READY_STATES.has(d.state)) emit(step.op.id, 'waiting', `cluster ${clusterId} is ${d.state}`, { clusterId });
      }
      return CLUSTER_READY_STATES.has(d.state) || CLUSTER_FAILED_STATES.has(d.state) ? d : undefined;
    },
    { schedule: options.poll, signal: options.signal, checkFirst: true },
  );
  state.clusterState = detail.state;
  if (!CLUSTER_READY_STATES.has(detail.state)) {
    throw new OperationFailed({ operationId: step.op.id, taskId, message: `${step.op.id}: cluster ${clusterId} ended in state ${detail.state}` });
  }
}

/**
 * A fleet run: the cluster's state from the region's one shared listing poll, instead of a
 * DescribeTaskInfo poll per cluster (fifty clusters polling their tasks pass one action's bucket
 * and see a finished task seconds late). The task is read once, to explain a failure.
 */
async function watchCluster(ctx: StepContext, step: PlannedStep, watcher: ClusterWatcher, clusterId: string, taskId: string | undefined, requestId: string | undefined): Promise<void> {
  const { options, state, ack, emit, failTask } = ctx;
  let last = '';
  const seen = await watcher.until(
    clusterId,
    (c) => CLUSTER_READY_STATES.has(c.state) || CLUSTER_FAILED_STATES.has(c.state),
    (c) => {
      if (c.state === last) return;
      last = c.state;
      if (!CLUSTER_READY_STATES.has(c.state)) emit(step.op.id, 'waiting', `cluster ${clusterId} is ${c.state}`, { clusterId });
    },
    options.signal,
  );
  state.clusterState = seen.state;
  if (CLUSTER_READY_STATES.has(seen.state)) return;
  if (taskId) {
    const task = await ack.describeTaskInfo(taskId);
    if (isTaskFailed(task.state)) failTask(step, task, `creating cluster ${options.profile} (${clusterId})`, requestId);
  }
  throw new OperationFailed({ operationId: step.op.id, taskId, message: `${step.op.id}: cluster ${clusterId} ended in state ${seen.state}` });
}

export async function runCluster(ctx: StepContext, step: PlannedStep, r: StepReport): Promise<RunResult> {
  const { options, state, ack, emit, body, createOrAdopt } = ctx;
  const intent = step.intent;
  if (intent.kind === 'exists') {
    r.resourceId = intent.id;
    r.action = 'found';
    if (CLUSTER_FAILED_STATES.has(intent.state)) {
      throw new OperationFailed({
        operationId: step.op.id,
        message: `cluster ${options.profile} (${intent.id}) exists in state ${intent.state}; it cannot be resumed`,
        hint: `delete it (${options.deleteCommand}) and rerun`,
      });
    }
    if (intent.ready) {
      emit(step.op.id, 'skipped', `cluster ${options.profile} exists (${intent.id}, ${intent.state})`, { clusterId: intent.id });
      return 'done';
    }
    if (options.noWait) return 'deferred';
    r.action = 'waited';
    emit(step.op.id, 'running', `cluster ${options.profile} exists (${intent.id}, ${intent.state}); waiting until it runs`, { clusterId: intent.id });
    await waitCluster(ctx, step, intent.id, undefined);
    emit(step.op.id, 'done', `cluster ${options.profile} is running (${intent.id})`, { clusterId: intent.id });
    return 'done';
  }
  const request = body(step.op.body);
  if (options.kubernetesVersion) request.kubernetes_version = options.kubernetesVersion;
  const inline = intent.kind === 'create' ? (intent.inlinePools ?? []) : [];
  if (inline.length > 0) request.nodepools = inline.map((p) => body(p.body));
  emit(step.op.id, 'running', `creating cluster ${options.profile}${inline.length > 0 ? ` with node pool(s) ${inline.map((p) => p.name).join(', ')}` : ''}`);
  const { value, adopted } = await createOrAdopt(
    async () => ack.createCluster(request),
    async () => {
      const found = await findProfileCluster(ack, { name: options.profile, profile: options.profile, deleteCommand: options.deleteCommand });
      return found ? { clusterId: found.clusterId, taskId: undefined, requestId: undefined } : undefined;
    },
  );
  state.clusterId = value.clusterId;
  state.clusterState = 'initial';
  r.resourceId = value.clusterId;
  r.taskId = value.taskId;
  r.action = adopted ? 'found' : 'created';
  emit(step.op.id, 'running', `cluster ${value.clusterId} submitted${value.taskId ? ` (task ${value.taskId})` : ''}`, { clusterId: value.clusterId, taskId: value.taskId });
  if (options.noWait) return 'deferred';
  await waitCluster(ctx, step, value.clusterId, value.taskId, value.requestId);
  emit(step.op.id, 'done', `cluster ${options.profile} is running (${value.clusterId})`, { clusterId: value.clusterId });
  return 'done';
}
