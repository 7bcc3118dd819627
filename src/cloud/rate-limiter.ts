/**
 * One client-side token bucket shared by all parallel work of a command, so a create with
 * many pools stays under the cloud's flow control instead of provoking Throttling.User.
 * Waiters are served first come, first served.
 */

import { abortReason } from './sleep.js';

export const DEFAULT_REQUESTS_PER_SECOND = 10;

export interface RateLimiterOptions {
  /** Sustained requests per second. */
  ratePerSecond: number;
  /** Tokens available at once (default: one second's worth). */
  burst?: number;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export class RateLimiter {
  private tokens: number;
  private lastRefill: number;
  private readonly queue: Waiter[] = [];
  private timerPending = false;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  readonly ratePerSecond: number;
  readonly burst: number;

  constructor(options: RateLimiterOptions) {
    if (!(options.ratePerSecond > 0)) throw new Error(`rate must be positive, got ${options.ratePerSecond}`);
    this.ratePerSecond = options.ratePerSecond;
    this.burst = Math.max(1, options.burst ?? Math.ceil(options.ratePerSecond));
    this.now = options.now ?? (() => performance.now());
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.tokens = this.burst;
    this.lastRefill = this.now();
  }

  /** Resolves when the caller may send one request. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    this.refill();
    if (this.queue.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(abortReason(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Requests waiting for a token (for tests and diagnostics). */
  get waiting(): number {
    return this.queue.length;
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.lastRefill);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.ratePerSecond) / 1000);
    this.lastRefill = now;
  }

  private drain(): void {
    this.refill();
    while (this.queue.length > 0 && this.tokens >= 1) {
      const waiter = this.queue.shift()!;
      this.tokens -= 1;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
  }

  private schedule(): void {
    if (this.timerPending) return;
    this.drain();
    if (this.queue.length === 0) return;
    const wait = Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond));
    this.timerPending = true;
    this.setTimer(() => {
      this.timerPending = false;
      this.schedule();
    }, wait);
  }
}
