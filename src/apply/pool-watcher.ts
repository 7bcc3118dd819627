/**
 * Waiting on many node pools of one cluster with one call per tick: every waiter shares a
 * single DescribeClusterNodePools poll instead of polling its own task. Eight pools cost
 * one request per tick, not eight, and each learns its state as soon as any of them would.
 */

import type { AckGateway, NodePoolSummary } from '../cloud/types.js';
import { sleep } from '../cloud/sleep.js';
import { pollDelay, type PollSchedule } from './poll.js';

interface Waiter {
  nodepoolId: string;
  /** When it began to wait (about when its change was sent). */
  since: number;
  done: (pool: NodePoolSummary) => boolean;
  onUpdate: ((pool: NodePoolSummary) => void) | undefined;
  resolve: (pool: NodePoolSummary) => void;
  reject: (error: unknown) => void;
}

export class PoolWatcher {
  private readonly waiters = new Set<Waiter>();
  private running = false;
  private tick = 0;

  constructor(
    private readonly ack: AckGateway,
    private readonly clusterId: string,
    private readonly schedule: PollSchedule,
    private readonly signal: AbortSignal,
    private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Resolves with the pool once `done(pool)` holds (e.g. active or failed). */
  until(nodepoolId: string, done: (pool: NodePoolSummary) => boolean, onUpdate?: (pool: NodePoolSummary) => void): Promise<NodePoolSummary> {
    return new Promise((resolve, reject) => {
      this.waiters.add({ nodepoolId, since: this.now(), done, onUpdate, resolve, reject });
      // A newcomer gets the fast start of the schedule.
      this.tick = 0;
      if (!this.running) void this.loop();
    });
  }

  /**
   * Pools changed together (their waits began within one longest gap of each other) tend to
   * finish together: once one is done, the others get the fast start of the schedule again
   * instead of waiting out its longest gap. Pools changed apart keep their backoff.
   */
  private changedTogether(finished: readonly Waiter[]): boolean {
    return finished.some((f) => [...this.waiters].some((w) => Math.abs(w.since - f.since) <= this.schedule.maxMs));
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.waiters.size > 0) {
        await this.wait(pollDelay(this.schedule, this.tick++), this.signal);
        const pools = new Map((await this.ack.describeClusterNodePools(this.clusterId)).map((p) => [p.nodepoolId, p]));
        const finished: Waiter[] = [];
        for (const waiter of [...this.waiters]) {
          const pool = pools.get(waiter.nodepoolId);
          if (!pool) continue;
          waiter.onUpdate?.(pool);
          if (waiter.done(pool)) {
            this.waiters.delete(waiter);
            waiter.resolve(pool);
            finished.push(waiter);
          }
        }
        if (this.changedTogether(finished)) this.tick = 0;
      }
    } catch (error) {
      for (const waiter of this.waiters) waiter.reject(error);
      this.waiters.clear();
    } finally {
      this.running = false;
    }
  }
}
