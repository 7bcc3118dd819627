/**
 * One read shared by everyone who asks at about the same time: the callers of one turn of the
 * event loop (e.g. every pool a poll tick found active) get the answer of a single call, made
 * for all their keys at once. Every caller is answered by a read that started after it asked,
 * never by one already under way, so sharing never hands out an answer older than the question.
 */

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function sharedRead<K, T>(read: (keys: readonly K[]) => Promise<T>): (key: K) => Promise<T> {
  let running: Promise<unknown> = Promise.resolve();
  let queued: { keys: Set<K>; answer: Promise<T> } | undefined;
  return (key) => {
    if (!queued) {
      const keys = new Set<K>();
      const answer = (async () => {
        // The read under way started before these callers asked: wait for it, then read afresh.
        await running.catch(() => undefined);
        await nextTurn();
        queued = undefined;
        const reading = read([...keys]);
        running = reading;
        return reading;
      })();
      queued = { keys, answer };
    }
    queued.keys.add(key);
    return queued.answer;
  };
}
