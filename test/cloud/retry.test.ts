import { ClientError, ServerError, ThrottlingError } from '@alicloud/openapi-core';
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY, RetryExhausted, withRetry, type RetryPolicy } from '../../src/cloud/retry.js';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

const throttled = () => new ThrottlingError({ statusCode: 400, code: 'Throttling.User', message: 'code: 400, Request was denied due to user flow control. request id: R1', requestId: 'R1', data: {} });
const unavailable = () => new ServerError({ statusCode: 503, code: 'ServiceUnavailable', message: 'code: 503, busy request id: R2', requestId: 'R2', data: {} });
const badRequest = () => new ClientError({ statusCode: 400, code: 'InvalidVSwitchId.NotFound', message: 'code: 400, no such vswitch request id: R3', requestId: 'R3', data: {} });
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

/** Runs `withRetry` with a call that fails with the given errors in turn, then succeeds. */
async function run(errors: Error[], options: { idempotent?: boolean; random?: () => number } = {}) {
  const delays: number[] = [];
  let calls = 0;
  const outcome = withRetry(
    async () => {
      const error = errors[calls++];
      if (error) throw error;
      return 'ok';
    },
    { policy, idempotent: options.idempotent ?? true, random: options.random ?? (() => 0.5), sleep: async (ms) => void delays.push(ms) },
  );
  return { outcome, delays, calls: () => calls };
}

describe('backoffDelay (capped exponential, full jitter)', () => {
  it('stays within [0, min(cap, base * 2^retry))', () => {
    for (let retry = 0; retry < 12; retry++) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
      expect(backoffDelay(policy, retry, () => 0)).toBe(0);
      expect(backoffDelay(policy, retry, () => 0.999999)).toBe(ceiling - 1);
      expect(backoffDelay(policy, retry, () => 0.5)).toBe(Math.floor(ceiling / 2));
    }
  });

  it('has a sane default policy', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThanOrEqual(5);
    expect(DEFAULT_RETRY_POLICY.maxDelayMs).toBeLessThanOrEqual(30_000);
  });
});

describe('withRetry', () => {
  it('retries throttling and 5xx with growing jittered waits, then succeeds', async () => {
    const r = await run([throttled(), unavailable(), reset()]);
    await expect(r.outcome).resolves.toEqual({ value: 'ok', attempts: 4 });
    expect(r.delays).toEqual([50, 100, 200]);
  });

  it('never retries a 4xx user error', async () => {
    const r = await run([badRequest()]);
    const error = await r.outcome.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryExhausted);
    expect((error as RetryExhausted).attempts).toBe(1);
    expect((error as RetryExhausted).failure).toMatchObject({ kind: 'client', code: 'InvalidVSwitchId.NotFound', requestId: 'R3' });
    expect(r.delays).toEqual([]);
  });

  it('gives up after maxAttempts', async () => {
    const r = await run(Array.from({ length: 10 }, throttled));
    const error = (await r.outcome.catch((e: unknown) => e)) as RetryExhausted;
    expect(error.attempts).toBe(policy.maxAttempts);
    expect(r.calls()).toBe(policy.maxAttempts);
  });

  it('does not repeat a non-idempotent call after an ambiguous failure, but does after throttling', async () => {
    const ambiguous = await run([reset()], { idempotent: false });
    expect(((await ambiguous.outcome.catch((e: unknown) => e)) as RetryExhausted).failure.kind).toBe('network');
    expect(ambiguous.calls()).toBe(1);
    const refused = await run([Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), throttled()], { idempotent: false });
    await expect(refused.outcome).resolves.toEqual({ value: 'ok', attempts: 3 });
  });

  it('tries a refused connection only a few times', async () => {
    const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const r = await run(Array.from({ length: 10 }, refused));
    expect(((await r.outcome.catch((e: unknown) => e)) as RetryExhausted).attempts).toBe(3);
  });

  it('waits at least what the server asked for', async () => {
    const error = throttled();
    (error as unknown as { retryAfter: number }).retryAfter = 700;
    const r = await run([error], { random: () => 0 });
    await r.outcome;
    expect(r.delays).toEqual([700]);
  });

  it('lets bugs through untouched', async () => {
    const bug = new TypeError('x is not a function');
    const r = await run([bug]);
    await expect(r.outcome).rejects.toBe(bug);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const outcome = withRetry(
      async () => {
        throw throttled();
      },
      { idempotent: true, signal: controller.signal, policy: { maxAttempts: 10, baseDelayMs: 10_000, maxDelayMs: 10_000 }, random: () => 1 },
    );
    setTimeout(() => controller.abort(reason), 10);
    await expect(outcome).rejects.toBe(reason);
  });
});
