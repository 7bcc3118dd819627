/** Many waiters, one read per tick; a waiter with its own stop leaves without stopping the others. */

import { describe, expect, it } from 'vitest';
import { SharedPoll } from '../../src/apply/pool-watcher.js';

describe('SharedPoll', () => {
  it('serves every waiter from one read per tick, each resolved when its item is done; a waiter whose signal aborts is rejected alone', async () => {
    const states = new Map([
      ['a', 'initial'],
      ['b', 'initial'],
      ['c', 'initial'],
    ]);
    let reads = 0;
    const poll = new SharedPoll<string>(
      async () => {
        reads++;
        if (reads === 2) states.set('a', 'running');
        if (reads === 3) states.set('b', 'failed');
        return new Map(states);
      },
      { initialMs: 5, factor: 1, maxMs: 5 },
      new AbortController().signal,
      // A real pause between ticks: the test acts between two reads.
      (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    );
    const stopC = new AbortController();
    const done = (s: string) => s !== 'initial';
    const a = poll.until('a', done);
    const b = poll.until('b', done);
    const c = poll.until('c', done, undefined, stopC.signal);
    expect(await a).toBe('running');
    stopC.abort(new Error('profile c timed out'));
    await expect(c).rejects.toThrow('profile c timed out');
    expect(await b).toBe('failed');
    expect(reads).toBe(3);
  });
});
