/**
 * The client side of the cloud's flow control. ACK and ECS throttle each API action on its own
 * (per account and region: one action over its threshold does not slow the others), so a
 * request waits for a token of its action's bucket, then for one of the run's total cap.
 * One limiter serves every session of a run (a fleet shares it), so all profiles together
 * stay under each action's quota while different actions proceed side by side.
 */

import { RateLimiter } from './rate-limiter.js';

/** What ApiInvoker needs: one token per request, by action (a plain RateLimiter ignores it). */
export interface RequestGate {
  acquire(signal?: AbortSignal, action?: string): Promise<void>;
}

export interface FlowLimits {
  /** Requests per second of all actions together (a guard, not a cloud number). */
  totalPerSecond: number;
  /** Requests per second of any one action. */
  perActionPerSecond: number;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
}

export class FlowLimiter implements RequestGate {
  private readonly total: RateLimiter;
  private readonly byAction = new Map<string, RateLimiter>();

  constructor(private readonly limits: FlowLimits) {
    this.total = this.bucket(limits.totalPerSecond);
  }

  async acquire(signal?: AbortSignal, action = 'unnamed'): Promise<void> {
    await this.actionBucket(action).acquire(signal);
    await this.total.acquire(signal);
  }

  /** Requests waiting for a token of this action (for tests and diagnostics). */
  waiting(action: string): number {
    return this.byAction.get(action)?.waiting ?? 0;
  }

  private actionBucket(action: string): RateLimiter {
    let bucket = this.byAction.get(action);
    if (!bucket) {
      // Half a second's burst, not a whole one: requests sent evenly can arrive bunched (a busy
      // machine, a slow network), and the cloud's bucket must keep room to take them.
      const rate = this.limits.perActionPerSecond;
      bucket = this.bucket(rate, Math.max(1, Math.floor(rate / 2)));
      this.byAction.set(action, bucket);
    }
    return bucket;
  }

  private bucket(ratePerSecond: number, burst?: number): RateLimiter {
    return new RateLimiter({ ratePerSecond, burst, now: this.limits.now, setTimer: this.limits.setTimer });
  }
}
