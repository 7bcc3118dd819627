import { describe, expect, it } from 'vitest';
import { sharedRead } from '../../src/apply/shared-read.js';

/** A read whose answers the test hands out one by one; it records the keys of each read. */
function controlledRead() {
  const started: { keys: readonly string[]; answer: (value: number) => void }[] = [];
  const read = (keys: readonly string[]) => new Promise<number>((resolve) => started.push({ keys, answer: resolve }));
  return { read, started };
}

/** A few turns of the event loop: long enough for a queued read to start. */
async function turns(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('sharedRead', () => {
  it('callers of one turn share one read, made for all their keys', async () => {
    const { read, started } = controlledRead();
    const shared = sharedRead(read);
    const answers = Promise.all([shared('web'), shared('api'), shared('web')]);
    await turns();
    expect(started.map((s) => s.keys)).toEqual([['web', 'api']]);
    started[0]!.answer(7);
    expect(await answers).toEqual([7, 7, 7]);
  });

  it('a caller who asks while a read is under way gets the next read, never the older answer', async () => {
    const { read, started } = controlledRead();
    const shared = sharedRead(read);
    const first = shared('web');
    await turns();
    expect(started).toHaveLength(1);
    const second = shared('api');
    const third = shared('gpu');
    await turns();
    // the next read waits for the one under way instead of overlapping it
    expect(started).toHaveLength(1);
    started[0]!.answer(1);
    expect(await first).toBe(1);
    await turns();
    expect(started.map((s) => s.keys)).toEqual([['web'], ['api', 'gpu']]);
    started[1]!.answer(2);
    expect(await Promise.all([second, third])).toEqual([2, 2]);
  });

  it('a failed read fails its callers and the next caller reads again', async () => {
    let calls = 0;
    const shared = sharedRead(async () => {
      calls++;
      if (calls === 1) throw new Error('reset');
      return calls;
    });
    await expect(Promise.all([shared('web'), shared('api')])).rejects.toThrow('reset');
    expect(await shared('web')).toBe(2);
    expect(calls).toBe(2);
  });
});
