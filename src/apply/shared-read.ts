/**
 * One read shared by everyone who asks at about the same time: the callers of one turn of the
 * event loop (e.g. every pool a poll tick found active) get the answer of a single call. Every
 * caller is answered by a read that started after it asked, never by one already under way, so
 * sharing never hands out an answer older than the question.
 */

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<unknown> = Promise.resolve();
  let queued: Promise<T> | undefined;
  return () => {
    queued ??= (async () => {
      // The read under way started before these callers asked: wait for it, then read afresh.
      await running.catch(() => undefined);
      await nextTurn();
      queued = undefined;
      const answer = read();
      running = answer;
      return answer;
    })();
    return queued;
  };
}
