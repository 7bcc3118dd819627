/**
 * Identical reads asked while one is still waiting to be sent share it: fifty waiters of one
 * cluster's task, queued behind the flow limiter, cost one DescribeTaskInfo, not fifty. Once a
 * request is on the wire, a new caller gets a request of its own, so no caller is answered by
 * a read that started before it asked (after a change, a wait never sees the state before it).
 * Nothing is cached.
 */

export class ReadCoalescer {
  private readonly unsent = new Map<string, Promise<unknown>>();
  /** Reads answered by another caller's request. */
  shared = 0;

  /** `read` calls `sent()` just before its request goes out. */
  run<T>(key: string, read: (sent: () => void) => Promise<T>): Promise<T> {
    const pending = this.unsent.get(key);
    if (pending) {
      this.shared++;
      return pending as Promise<T>;
    }
    let onWire = false;
    let answer: Promise<T> | undefined;
    const sent = () => {
      onWire = true;
      if (answer && this.unsent.get(key) === answer) this.unsent.delete(key);
    };
    answer = read(sent).finally(sent);
    if (!onWire) this.unsent.set(key, answer);
    return answer;
  }
}
