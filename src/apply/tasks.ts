/** Reading ACK task answers: when a task is over, whether it failed, and where. */

import type { TaskInfo } from '../cloud/types.js';

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
