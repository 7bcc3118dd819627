/**
 * Turning a failed, interrupted or timed-out apply into the error the user sees: which
 * operation failed, the cloud's code / message / RequestId / task stage (kept from the
 * underlying error), what was left in place, and the exact command to resume or clean up.
 */

import { Ackl2Error, Interrupted, OperationFailed, TimeoutError, ValidationFailed, describeError } from '../errors.js';
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
  /** `ackl2 apply -f FILE` (with `--prune` when asked): named when what exists differs from the profile. */
  apply?: ((prune: boolean) => string) | undefined;
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

/**
 * The same error (class, exit code, code, RequestId, issues, failure kind) with another
 * message and hint: errors are immutable, so a copy.
 */
function restated<E extends Ackl2Error>(error: E, message: string, hint: string): E {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as E;
  for (const key of Reflect.ownKeys(error)) {
    if (key !== 'message' && key !== 'hint') Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(error, key)!);
  }
  Object.defineProperty(copy, 'message', { value: message, writable: true, configurable: true });
  Object.defineProperty(copy, 'hint', { value: hint, enumerable: true });
  return copy;
}

const SAYS_WHAT_IS_LEFT = /left in place|nothing was (changed|created|sent)/;

/** The failure with `left in place: WHAT` added to its hint, unless it says what was left already. */
export function withLeftInPlace(error: unknown, what: string): unknown {
  if (!(error instanceof Ackl2Error) || SAYS_WHAT_IS_LEFT.test(`${error.message} ${error.hint ?? ''}`)) return error;
  return restated(error, error.message, [`left in place: ${what}`, error.hint].filter(Boolean).join('. '));
}

/** The failure re-raised with the operation named and the next steps as hint. */
export function operationError(operationId: string, error: unknown, summary: ReachedState, next: NextSteps): unknown {
  if (!(error instanceof Ackl2Error)) return error;
  const clusterFailed = operationId === 'cluster' && error instanceof OperationFailed;
  const hint = [error.hint, nextStepsHint(summary, next, clusterFailed)].filter(Boolean).join('. ');
  const message = error.message.startsWith(`${operationId}:`) ? error.message : `${operationId}: ${error.message}`;
  return restated(error, message, hint);
}

/**
 * A failure outside any one operation (opening the session, discovery, preflight, the
 * confirmation) with what was left in place and how to go on, unless it says so already.
 * A failed preflight (ValidationFailed) is fixed first, then rerun.
 */
export function explainFailure(error: unknown, summary: ReachedState, next: NextSteps): unknown {
  if (!(error instanceof Ackl2Error)) return error;
  if (SAYS_WHAT_IS_LEFT.test(`${error.message} ${error.hint ?? ''}`) && !(error instanceof ValidationFailed && !error.hint)) return error;
  const steps = error instanceof ValidationFailed ? `left in place: ${leftInPlace(summary)}. Fix the problems above, then run ${next.resume} again` : nextStepsHint(summary, next);
  return restated(error, error.message, [error.hint, steps].filter(Boolean).join('. '));
}

/** One JSON/YAML document for a failed run: the error (as every command shapes it) plus the state reached. */
export function failureDocument(error: unknown, state: object): Record<string, unknown> {
  return { ...state, ok: false, error: describeError(error) };
}
