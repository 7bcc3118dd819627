import { describe, expect, it } from 'vitest';
import { PoolWatcher } from '../../src/apply/pool-watcher.js';
import type { AckGateway, NodePoolSummary } from '../../src/cloud/types.js';

/** A cluster whose pools finish at the given poll (1-based): pool id -> poll number it is active from. */
function cluster(activeFrom: Record<string, number>) {
  let polls = 0;
  const ack = {
    async describeClusterNodePools() {
      polls++;
      return Object.entries(activeFrom).map(([id, from]) => ({ nodepoolId: id, name: id, state: polls >= from ? 'active' : 'scaling' }) as NodePoolSummary);
    },
  } as unknown as AckGateway;
  return { ack, polls: () => polls };
}

describe('PoolWatcher', () => {
  const schedule = { initialMs: 20, factor: 2, maxMs: 200 };
  const rests = (p: NodePoolSummary) => p.state === 'active';

  it('shares one poll among all waiters and backs off while nothing finishes', async () => {
    const { ack, polls } = cluster({ a: 6, b: 6 });
    const waits: number[] = [];
    const watcher = new PoolWatcher(ack, 'c-1', schedule, new AbortController().signal, async (ms) => void waits.push(ms));
    const [a, b] = await Promise.all([watcher.until('a', rests), watcher.until('b', rests)]);
    expect([a.state, b.state]).toEqual(['active', 'active']);
    expect(polls()).toBe(6);
    // b's arrival restarts the schedule (a newcomer gets the fast start), then it grows to its cap.
    expect(waits).toEqual([20, 20, 40, 80, 160, 200]);
  });

  it('once one pool is done, polls the others at the fast start again', async () => {
    const { ack } = cluster({ a: 6, b: 8 });
    const waits: number[] = [];
    const watcher = new PoolWatcher(ack, 'c-1', schedule, new AbortController().signal, async (ms) => void waits.push(ms));
    await Promise.all([watcher.until('a', rests), watcher.until('b', rests)]);
    // a finishes at poll 6; b is then polled after 20 ms and 40 ms, not 200 ms each.
    expect(waits).toEqual([20, 20, 40, 80, 160, 200, 20, 40]);
  });

  it('pools changed apart keep the backoff when one of them is done', async () => {
    const { ack } = cluster({ a: 6, b: 8 });
    const waits: number[] = [];
    let clock = 0;
    const watcher = new PoolWatcher(ack, 'c-1', schedule, new AbortController().signal, async (ms) => void waits.push(ms), () => clock);
    const a = watcher.until('a', rests);
    clock = 1000; // b's change went out a second after a's: more than the longest gap
    await Promise.all([a, watcher.until('b', rests)]);
    expect(waits).toEqual([20, 20, 40, 80, 160, 200, 200, 200]);
  });
});
