import { describe, expect, it } from 'vitest';
import { PoolWatcher, TaskWatcher, UNLISTED } from '../../src/apply/pool-watcher.js';
import type { AckGateway, ClusterTask, NodePoolSummary } from '../../src/cloud/types.js';
import { CloudError } from '../../src/errors.js';

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

describe('TaskWatcher', () => {
  const schedule = { initialMs: 1, factor: 1, maxMs: 1 };
  const over = (t: ClusterTask) => t.state !== 'running';
  const noWait = async () => undefined;

  it('answers a task the listing does not hold as unlisted, and the listed ones as listed', async () => {
    const ack = { describeClusterTasks: async () => [{ taskId: 'T-1', state: 'success' }] } as unknown as AckGateway;
    const watcher = new TaskWatcher(ack, 'c-1', schedule, new AbortController().signal, noWait);
    expect(await Promise.all([watcher.until('T-1', over), watcher.until('T-2', over)])).toEqual([
      { taskId: 'T-1', state: 'success' },
      { taskId: 'T-2', state: UNLISTED },
    ]);
  });

  it('a server error (5xx) of the listing is an error of the wait, not a reason to stop listing', async () => {
    let reads = 0;
    const ack = {
      describeClusterTasks: async () => {
        reads++;
        throw new CloudError({ code: 'ServiceUnavailable', message: 'try later', statusCode: 503 });
      },
    } as unknown as AckGateway;
    const watcher = new TaskWatcher(ack, 'c-1', schedule, new AbortController().signal, noWait);
    await expect(watcher.until('T-1', over)).rejects.toThrow('try later');
    expect(reads).toBe(1);
  });
});
