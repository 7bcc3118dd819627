/**
 * The one retry policy for every API call: capped exponential backoff with full jitter
 * (delay = random(0, min(cap, base * 2^retry))), on throttling, 5xx, dropped connections and
 * timeouts; never on 4xx user errors. The SDK's own retries are off (see session.ts).
 */

import { classifyFailure, isAmbiguous, isCloudFailure, isTransient, type ClassifiedFailure } from './errors.js';
import { sleep } from './sleep.js';

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const REFUSED_ATTEMPTS = 3;

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 10_000 };

/** Full-jitter backoff before retry number `retry` (0 for the first retry). */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

export interface RetryOptions {
  policy?: RetryPolicy;
  /**
   * Whether repeating the call is harmless. A non-idempotent call (CreateCluster...) is only
   * retried when the server certainly did not act on it (throttled, connection refused); an
   * ambiguous failure is thrown for the caller to reconcile (look up what exists).
   */
  idempotent: boolean;
  signal?: AbortSignal | undefined;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called before each wait, e.g. for debug logs and counting throttles. */
  onRetry?: (failure: ClassifiedFailure, attempt: number, delayMs: number) => void;
}

export interface RetryOutcome<T> {
  value: T;
  attempts: number;
}

/** Thrown (wrapping the last error) when the call failed; carries the attempts made. */
export class RetryExhausted extends Error {
  constructor(
    readonly lastError: unknown,
    readonly failure: ClassifiedFailure,
    readonly attempts: number,
  ) {
    super(failure.message);
    this.name = 'RetryExhausted';
  }
}

export async function withRetry<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<RetryOutcome<T>> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await call(attempt), attempts: attempt };
    } catch (error) {
      if (options.signal?.aborted || !isCloudFailure(error)) throw error;
      const failure = classifyFailure(error);
      const retryable = isTransient(failure.kind) && (options.idempotent || !isAmbiguous(failure.kind));
      // Nothing listening is usually a wrong endpoint, rarely a restart: a few quick tries only.
      const limit = failure.kind === 'refused' ? Math.min(REFUSED_ATTEMPTS, policy.maxAttempts) : policy.maxAttempts;
      if (!retryable || attempt >= limit) throw new RetryExhausted(error, failure, attempt);
      const delay = Math.max(backoffDelay(policy, attempt - 1, options.random), failure.retryAfterMs ?? 0);
      options.onRetry?.(failure, attempt, delay);
      await wait(delay, options.signal);
    }
  }
}
