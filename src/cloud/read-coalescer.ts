/**
 * Identical reads in flight at the same time share one request: fifty waiters of one
 * cluster's task, or of one cluster's node pools, cost one DescribeTaskInfo or
 * DescribeClusterNodePools per tick, not fifty. A read that starts after the shared one
 * answered sends its own (nothing is cached).
 */

export class ReadCoalescer {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Reads answered by another caller's request. */
  shared = 0;

  run<T>(key: string, read: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) {
      this.shared++;
      return pending as Promise<T>;
    }
    const started = read().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
