/**
 * An API answer without what ackl2 needs from it (no body, no id) is the cloud's fault, not a bug
 * in ackl2: a CloudError (exit 3) with the action and request id, saying the call may have
 * taken effect and a rerun looks again before sending anything.
 */

import { CloudError } from '../errors.js';
import type { SdkResponse } from './invoker.js';

export function incompleteAnswer(what: string, answer: { action?: string | undefined; requestId?: string | undefined } = {}): CloudError {
  return new CloudError({
    code: 'IncompleteAnswer',
    action: answer.action,
    requestId: answer.requestId,
    message: `${answer.action ? `${answer.action}: ` : ''}the API answer has no ${what}`,
    hint: 'the call may have taken effect; rerun the same command: it looks up what exists before sending anything again',
  });
}

/** The body of an SDK response, or an IncompleteAnswer naming the action and request id. */
export function body<B>(response: SdkResponse<B>, action: string): B {
  if (response.body === undefined || response.body === null) {
    throw incompleteAnswer('body', { action, requestId: response.headers?.['x-acs-request-id'] });
  }
  return response.body;
}

/** A field the answer must carry. */
export function required<T>(value: T | undefined | null, what: string, answer: { action?: string | undefined; requestId?: string | undefined } = {}): T {
  if (value === undefined || value === null || value === '') throw incompleteAnswer(what, answer);
  return value;
}
