/**
 * Every API call goes through `ApiInvoker.call`: the shared flow limiter, the one retry
 * policy, one request for identical reads queued together (`shareKey`), call counting, `--debug`
 * logging (action, status, ms, RequestId; nothing else, and redacted) and the translation of
 * failures into `CloudError`.
 */

import { setMaxListeners } from 'node:events';
import { FAILURE_KIND, classifyFailure, isCloudFailure, isConnectionFailure, toCloudError, toConnectionFailed } from './errors.js';
import type { RequestGate } from './flow-limiter.js';
import { ReadCoalescer } from './read-coalescer.js';
import { RetryExhausted, withRetry, type RetryPolicy } from './retry.js';
import { raceAbort } from './sleep.js';

export type Service = 'ack' | 'ecs' | 'vpc';

export interface CallSpec {
  service: Service;
  action: string;
  /** Changes something in the cloud (counted apart; see `idempotent`). */
  mutating?: boolean;
  /** Safe to repeat blindly. Reads are; creations are not. Defaults to `!mutating`. */
  idempotent?: boolean;
  /**
   * A read's arguments (e.g. the task id): identical reads asked while one waits to be sent
   * share it (read-coalescer.ts). Reads without it are always sent.
   */
  shareKey?: string | undefined;
}

export interface CallStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Requests of mutating actions. */
  mutatingRequests: number;
  retries: number;
  /** Answers that were throttling errors. */
  throttled: number;
  byAction: Record<string, number>;
}

/** What the SDK clients return: the decoded body plus status and headers. */
export interface SdkResponse<B> {
  statusCode?: number | undefined;
  headers?: Record<string, string> | undefined;
  body?: B | undefined;
}

export interface InvokerOptions {
  /** One token per request (a FlowLimiter: by action, under a total cap). */
  limiter: RequestGate;
  policy?: RetryPolicy | undefined;
  signal?: AbortSignal | undefined;
  /** Debug log sink (already gated on --debug by the caller). */
  debug?: ((line: string) => void) | undefined;
  redact?: ((text: string) => string) | undefined;
  endpoint?: string | undefined;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

function requestIdOf(response: SdkResponse<unknown>): string | undefined {
  const body = response.body as { requestId?: unknown; RequestId?: unknown } | undefined;
  const fromBody = body && typeof body === 'object' ? (body.requestId ?? body.RequestId) : undefined;
  if (typeof fromBody === 'string' && fromBody !== '') return fromBody;
  const header = response.headers?.['x-acs-request-id'];
  return typeof header === 'string' && header !== '' ? header : undefined;
}

export class ApiInvoker {
  readonly stats: CallStats = { requests: 0, mutatingRequests: 0, retries: 0, throttled: 0, byAction: {} };
  private readonly now: () => number;
  private readonly reads = new ReadCoalescer();

  constructor(private readonly options: InvokerOptions) {
    this.now = options.now ?? (() => performance.now());
    // Each request in flight or waiting for the limiter listens on the signal until it settles:
    // a command sends dozens at once (a pool listing per cluster), which is no leak; Node's
    // default of 10 listeners would print MaxListenersExceededWarning on stderr.
    if (options.signal) setMaxListeners(0, options.signal);
  }

  get signal(): AbortSignal | undefined {
    return this.options.signal;
  }

  call<B>(spec: CallSpec, send: () => Promise<SdkResponse<B>>): Promise<SdkResponse<B>> {
    if (spec.mutating || spec.shareKey === undefined) return this.send(spec, send);
    return this.reads.run(`${spec.service} ${spec.action} ${spec.shareKey}`, (sent) => this.send(spec, send, sent));
  }

  /** Reads answered by an identical read that was still waiting to be sent (no request of their own). */
  get sharedReads(): number {
    return this.reads.shared;
  }

  private async send<B>(spec: CallSpec, send: () => Promise<SdkResponse<B>>, onSend?: () => void): Promise<SdkResponse<B>> {
    const { limiter, signal } = this.options;
    const idempotent = spec.idempotent ?? !spec.mutating;
    const label = `${spec.service} ${spec.action}`;
    try {
      const outcome = await withRetry(
        async () => {
          await limiter.acquire(signal, `${spec.service}:${spec.action}`);
          onSend?.();
          this.count(spec);
          const started = this.now();
          try {
            // A read stops at once on Ctrl-C. A change already on the wire is waited for: its
            // answer says what now exists (a cluster id), so the stop can say what was left.
            const response = spec.mutating ? await send() : await raceAbort(send(), signal);
            this.log(`${label} → ${response.statusCode ?? 200} in ${Math.round(this.now() - started)}ms (RequestId ${requestIdOf(response) ?? '-'})`);
            return response;
          } catch (error) {
            if (signal?.aborted || !isCloudFailure(error)) throw error;
            const failure = classifyFailure(error);
            if (failure.kind === 'throttled') this.stats.throttled++;
            this.log(`${label} → ${failure.statusCode ?? failure.code} ${failure.code} in ${Math.round(this.now() - started)}ms (RequestId ${failure.requestId ?? '-'})`);
            throw error;
          }
        },
        {
          idempotent,
          policy: this.options.policy,
          signal,
          random: this.options.random,
          sleep: this.options.sleep,
          onRetry: (failure, attempt, delay) => {
            this.stats.retries++;
            this.log(`${label}: ${failure.kind} (${failure.code}), retry ${attempt} in ${delay}ms`);
          },
        },
      );
      return outcome.value;
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof RetryExhausted) {
        const context = { action: spec.action, endpoint: this.options.endpoint, attempts: error.attempts, redact: this.options.redact };
        // A lost connection is not the cloud refusing anything: its own error, saying what became of the request.
        const described = isConnectionFailure(error.failure.kind)
          ? toConnectionFailed(error.lastError, { ...context, mutating: spec.mutating === true })
          : toCloudError(error.lastError, context);
        Object.defineProperty(described, FAILURE_KIND, { value: error.failure.kind });
        throw described;
      }
      if (!isCloudFailure(error)) throw error;
      throw toCloudError(error, { action: spec.action, endpoint: this.options.endpoint, redact: this.options.redact });
    }
  }

  private count(spec: CallSpec): void {
    this.stats.requests++;
    if (spec.mutating) this.stats.mutatingRequests++;
    this.stats.byAction[spec.action] = (this.stats.byAction[spec.action] ?? 0) + 1;
  }

  private log(line: string): void {
    if (!this.options.debug) return;
    this.options.debug(this.options.redact ? this.options.redact(line) : line);
  }
}
