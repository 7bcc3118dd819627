/**
 * Turning a failed, interrupted or timed-out apply into the error the user sees: which
 * operation failed, the cloud's code / message / RequestId / task stage (kept from the
 * underlying error), what was left in place, and the exact command to resume or clean up.
 */

import { Ackl2Error, CloudError, Interrupted, OperationFailed, TimeoutError, UserError, describeError } from '../errors.js';
import { formatDuration } from './duration.js';
import type { ApplySummary } from './summary.js';
import type { StopReason } from './run-signal.js';

/** What the next-steps hint needs to know about the state reached. */
export type ReachedState = Pick<ApplySummary, 'cluster' | 'nodePools' | 'joined'>;

export function leftInPlace(summary: ReachedState): string {
  const parts: string[] = [];
  if (summary.cluster?.id) parts.push(`cluster ${summary.cluster.id} (${summary.cluster.state ?? 'unknown'})`);
  const pools = summary.nodePools.filter((p) => p.id).map((p) => `${p.name} ${p.id} (${p.state ?? 'unknown'})`);
  if (pools.length > 0) parts.push(`node pools ${pools.join(', ')}`);
  const joined = summary.joined.filter((j) => j.result === 'attached' || j.result === 'already-attached').length;
  if (joined > 0) parts.push(`${joined} joined instance(s)`);
  return parts.length > 0 ? parts.join('; ') : 'nothing';
}

export interface NextSteps {
  resume: string;
  /** Omitted when there is nothing to clean up. */
  cleanup?: string | undefined;
  /** `ackl2 apply -f FILE`: named when what exists differs from the profile. */
  apply?: string | undefined;
}

function nextStepsHint(summary: ReachedState, next: NextSteps, clusterFailed = false): string {
  if (clusterFailed && next.cleanup) {
    return `left in place: ${leftInPlace(summary)}. A failed cluster cannot be resumed: delete it (${next.cleanup}), then run ${next.resume} again`;
  }
  const cleanup = next.cleanup && summary.cluster?.id ? `; or clean up: ${next.cleanup}` : '';
  return `left in place: ${leftInPlace(summary)}. Resume with: ${next.resume}${cleanup}`;
}

export function stopError(reason: StopReason, summary: ReachedState, next: NextSteps): Ackl2Error {
  const hint = nextStepsHint(summary, next);
  if (reason.kind === 'timeout') {
    return new TimeoutError(`gave up waiting after ${formatDuration(reason.afterMs)} (--timeout); the cloud keeps working on what was submitted`, { hint });
  }
  return new Interrupted(`interrupted (${reason.signal}); what was submitted keeps going in the cloud`, { hint });
}

/** The failure re-raised with the operation named and the next steps as hint. */
export function operationError(operationId: string, error: unknown, summary: ReachedState, next: NextSteps): unknown {
  const clusterFailed = operationId === 'cluster' && error instanceof OperationFailed;
  const hint = [error instanceof Ackl2Error ? error.hint : undefined, nextStepsHint(summary, next, clusterFailed)].filter(Boolean).join('. ');
  const prefix = (message: string) => (message.startsWith(`${operationId}:`) ? message : `${operationId}: ${message}`);
  if (error instanceof CloudError) {
    return new CloudError({ code: error.code, message: prefix(error.message), requestId: error.requestId, statusCode: error.statusCode, action: error.action, hint, cause: error.cause ?? error });
  }
  if (error instanceof OperationFailed) {
    return new OperationFailed({ operationId: error.operationId, message: prefix(error.message), taskId: error.taskId, stage: error.stage, hint, cause: error.cause ?? error });
  }
  if (error instanceof UserError) return new UserError(prefix(error.message), { hint, cause: error });
  return error;
}

/** One JSON/YAML document for a failed run: the error (as every command shapes it) plus the state reached. */
export function failureDocument(error: unknown, state: object): Record<string, unknown> {
  return { ...state, ok: false, error: describeError(error) };
}
