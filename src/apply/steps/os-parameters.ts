/**
 * An `os-parameters/<pool>` step: the sysctls ACK sets on the pool's nodes itself
 * (ModifyNodePoolNodeConfig `os_config.sysctl`), after the pool and its attached instances.
 * Skipped when the live pool already has them (intents.ts); ACK rolls the change over the
 * pool's nodes and keeps it on nodes added later.
 */

import type { StepReport } from '../types.js';
import type { PlannedStep } from '../intents.js';
import type { RunResult } from '../scheduler.js';
import type { StepContext } from '../step-context.js';
import { isTaskFailed } from '../tasks.js';

export async function runOsParameters(ctx: StepContext, step: PlannedStep, r: StepReport): Promise<RunResult> {
  const { options, state, ack, emit, body, waitTask, failTask } = ctx;
  const pool = step.pool!;
  if (step.intent.kind === 'done') {
    emit(step.op.id, 'skipped', step.intent.reason);
    return 'done';
  }
  const clusterId = state.requireCluster();
  const nodepoolId = state.requirePool(pool);
  r.resourceId = nodepoolId;
  emit(step.op.id, 'running', `setting the OS parameters of node pool ${pool}`);
  const submitted = await ack.modifyNodePoolNodeConfig(clusterId, nodepoolId, body(step.op.body));
  r.action = 'configured';
  r.taskId = submitted.taskId;
  if (submitted.taskId && !options.noWait) {
    const task = await waitTask(step.op.id, submitted.taskId, `rolling the OS parameters over node pool ${pool}`);
    if (isTaskFailed(task.state)) failTask(step, task, `setting the OS parameters of node pool ${pool}`, submitted.requestId);
  }
  emit(step.op.id, 'done', `OS parameters of node pool ${pool} set`);
  return 'done';
}
