/**
 * Waiting on many resources with one call per tick: every waiter shares a single listing poll
 * instead of polling its own task. Eight pools of a cluster cost one DescribeClusterNodePools
 * per tick, not eight (PoolWatcher); the changes sent to a cluster's pools, one
 * DescribeClusterTasks per tick (TaskWatcher); the clusters of a fleet run cost one listing of
 * the region's clusters per tick (ClusterWatcher); each waiter learns its state as soon as any
 * of them would.
 */

import type { AckGateway, ClusterSummary, ClusterTask, NodePoolSummary } from '../cloud/types.js';
import { sleep } from '../cloud/sleep.js';
import { CloudError } from '../errors.js';
import { listRegionClusters } from './discover.js';
import { pollDelay, type PollSchedule } from './poll.js';

interface Waiter<T> {
  id: string;
  /** When it began to wait (about when its change was sent). */
  since: number;
  done: (item: T) => boolean;
  onUpdate: ((item: T) => void) | undefined;
  resolve: (item: T) => void;
  reject: (error: unknown) => void;
}

export class SharedPoll<T> {
  private readonly waiters = new Set<Waiter<T>>();
  private running = false;
  private tick = 0;

  constructor(
    /** One listing, given the ids waited for. */
    private readonly read: (ids: readonly string[]) => Promise<Map<string, T>>,
    private readonly schedule: PollSchedule,
    private readonly signal: AbortSignal,
    private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Resolves with the item once `done(item)` holds (e.g. active or failed). `signal`: this
   * waiter's own stop (a profile's --timeout in a fleet run), besides the poll's.
   */
  until(id: string, done: (item: T) => boolean, onUpdate?: (item: T) => void, signal?: AbortSignal): Promise<T> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter<T> = { id, since: this.now(), done, onUpdate, resolve, reject };
      if (signal) {
        if (signal.aborted) return reject(signal.reason);
        const stop = () => {
          if (this.waiters.delete(waiter)) reject(signal.reason);
        };
        signal.addEventListener('abort', stop, { once: true });
        waiter.resolve = (item) => {
          signal.removeEventListener('abort', stop);
          resolve(item);
        };
      }
      this.waiters.add(waiter);
      // A newcomer gets the fast start of the schedule.
      this.tick = 0;
      if (!this.running) void this.loop();
    });
  }

  /**
   * Waiters that began together (within one longest gap of each other, e.g. pools changed
   * together) tend to finish together: once one is done, the others get the fast start of the
   * schedule again instead of waiting out its longest gap. Waiters begun apart keep their backoff.
   */
  private changedTogether(finished: readonly Waiter<T>[]): boolean {
    return finished.some((f) => [...this.waiters].some((w) => Math.abs(w.since - f.since) <= this.schedule.maxMs));
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.waiters.size > 0) {
        await this.wait(pollDelay(this.schedule, this.tick++), this.signal);
        if (this.waiters.size === 0) break;
        const items = await this.read([...this.waiters].map((w) => w.id));
        const finished: Waiter<T>[] = [];
        for (const waiter of [...this.waiters]) {
          const item = items.get(waiter.id);
          if (!item) continue;
          waiter.onUpdate?.(item);
          if (waiter.done(item)) {
            this.waiters.delete(waiter);
            waiter.resolve(item);
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

/** The node pools of one cluster, one DescribeClusterNodePools per tick. */
export class PoolWatcher extends SharedPoll<NodePoolSummary> {
  constructor(ack: AckGateway, clusterId: string, schedule: PollSchedule, signal: AbortSignal, wait?: (ms: number, signal?: AbortSignal) => Promise<void>, now?: () => number) {
    super(async () => new Map((await ack.describeClusterNodePools(clusterId)).map((p) => [p.nodepoolId, p])), schedule, signal, wait, now);
  }
}

/** What a TaskWatcher answers for a task it cannot list. */
export const UNLISTED = 'unlisted';

/**
 * The tasks of one cluster, one DescribeClusterTasks per tick: a change is over when its own
 * task says so, read in the same call for every pool, with no read of its own after the pool
 * rests. ACK's reference names neither the listing's order nor its largest page, so a task
 * missing from the page, or every task once ACK refuses the listing (a 4xx answer: a RAM
 * policy without cs:DescribeClusterTasks, a page size it does not take), is answered with state
 * UNLISTED, and its waiter goes back to its pool and a DescribeTaskInfo of its own.
 */
export class TaskWatcher extends SharedPoll<ClusterTask> {
  /** Wide enough for the newest tasks of a cluster whose pools all change at once. */
  static readonly PAGE_SIZE = 50;
  private refused = false;

  constructor(ack: AckGateway, clusterId: string, schedule: PollSchedule, signal: AbortSignal, wait?: (ms: number, signal?: AbortSignal) => Promise<void>, now?: () => number) {
    super(
      async (ids) => {
        const listed = new Map<string, ClusterTask>();
        if (!this.refused) {
          try {
            for (const task of await ack.describeClusterTasks(clusterId, { pageSize: TaskWatcher.PAGE_SIZE })) listed.set(task.taskId, task);
          } catch (error) {
            if (!(error instanceof CloudError) || error.statusCode === undefined || error.statusCode < 400 || error.statusCode >= 500) throw error;
            this.refused = true;
          }
        }
        for (const id of ids) if (!listed.has(id)) listed.set(id, { taskId: id, state: UNLISTED });
        return listed;
      },
      schedule,
      signal,
      wait,
      now,
    );
  }
}

/** The clusters of a region (a fleet run's), one listing (DescribeClustersForRegion) per tick. */
export class ClusterWatcher extends SharedPoll<ClusterSummary> {
  constructor(ack: AckGateway, schedule: PollSchedule, signal: AbortSignal, wait?: (ms: number, signal?: AbortSignal) => Promise<void>) {
    super(async () => new Map((await listRegionClusters(ack)).map((c) => [c.clusterId, c])), schedule, signal, wait);
  }
}
