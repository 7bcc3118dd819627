/** Reading ACK task answers: when a task is over, whether it failed, and where. */

import type { AckGateway, TaskInfo } from '../cloud/types.js';
import { OperationFailed } from '../errors.js';
import { pollUntil, type PollSchedule } from './poll.js';

const TASK_SUCCESS = new Set(['success', 'succeeded', 'successful', 'done']);
const TASK_FAILURE = new Set(['fail', 'failed', 'failure', 'canceled', 'cancelled', 'timeout']);

export const isTaskSucceeded = (state: string): boolean => TASK_SUCCESS.has(state);
export const isTaskFailed = (state: string): boolean => TASK_FAILURE.has(state);
export const isTaskOver = (state: string): boolean => TASK_SUCCESS.has(state) || TASK_FAILURE.has(state);

/** The stage a failed task stopped at. */
export function taskFailureStage(task: TaskInfo): string | undefined {
  if (task.currentStage) return task.currentStage;
  const failed = task.stages.find((s) => s.state !== undefined && TASK_FAILURE.has(s.state));
  return failed?.message ?? task.stages[task.stages.length - 1]?.message;
}

/** `CODE: message` of a failed task. */
export function taskError(task: TaskInfo): string {
  const e = task.error;
  if (e?.code && e.message) return `${e.code}: ${e.message}`;
  return e?.message ?? e?.code ?? `task ended in state ${task.state}`;
}

/** Polls a task until it is over; `onChange` hears each new "state (stage)" text. */
export function waitForTask(
  ack: AckGateway,
  taskId: string,
  options: { schedule: PollSchedule; signal: AbortSignal; onChange?: ((text: string, task: TaskInfo) => void) | undefined },
): Promise<TaskInfo> {
  let last = '';
  return pollUntil(
    async () => {
      const task = await ack.describeTaskInfo(taskId);
      const text = `${task.state}${task.currentStage ? ` (${task.currentStage})` : ''}`;
      if (text !== last) {
        last = text;
        options.onChange?.(text, task);
      }
      return isTaskOver(task.state) ? task : undefined;
    },
    { schedule: options.schedule, signal: options.signal },
  );
}

/** The OperationFailed of a failed task: operation, task, stage and the cloud's error. */
export function taskFailed(operationId: string, task: TaskInfo, what: string, options: { requestId?: string | undefined; hint?: string | undefined } = {}): OperationFailed {
  return new OperationFailed({
    operationId,
    taskId: task.taskId,
    stage: taskFailureStage(task),
    message: `${operationId}: ${what} failed: ${taskError(task)}${options.requestId ? ` (RequestId ${options.requestId})` : ''}`,
    hint: options.hint,
  });
}
