/** The `autoscaler` step: the cluster autoscaler's configuration (CreateAutoscalingConfig). */

import type { StepReport } from '../types.js';
import type { PlannedStep } from '../intents.js';
import type { RunResult } from '../scheduler.js';
import type { StepContext } from '../step-context.js';
import { isTaskFailed } from '../tasks.js';

export async function runAutoscaler(ctx: StepContext, step: PlannedStep, r: StepReport): Promise<RunResult> {
  const { options, state, ack, emit, body, waitTask, failTask } = ctx;
  if (step.intent.kind === 'done') {
    emit(step.op.id, 'skipped', step.intent.reason);
    return 'done';
  }
  const clusterId = state.requireCluster();
  emit(step.op.id, 'running', 'configuring the cluster autoscaler');
  const submitted = await ack.createAutoscalingConfig(clusterId, body(step.op.body));
  r.action = 'configured';
  r.taskId = submitted.taskId;
  if (submitted.taskId && !options.noWait) {
    const task = await waitTask(step.op.id, submitted.taskId, 'installing the cluster autoscaler');
    if (isTaskFailed(task.state)) failTask(step, task, 'configuring the cluster autoscaler', submitted.requestId);
  }
  emit(step.op.id, 'done', 'cluster autoscaler configured');
  return 'done';
}
