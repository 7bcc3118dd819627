import { describe, expect, it } from 'vitest';
import { ApiInvoker, type SdkResponse } from '../../src/cloud/invoker.js';
import { FlowLimiter } from '../../src/cloud/flow-limiter.js';
import { RateLimiter } from '../../src/cloud/rate-limiter.js';
import { virtualTime } from '../helpers/virtual-time.js';

/** An invoker whose requests stay open until released, counting what was sent. */
function openRequests() {
  const api = new ApiInvoker({ limiter: new RateLimiter({ ratePerSecond: 1000 }), sleep: async () => undefined, random: () => 0 });
  const pending: { label: string; answer: (body: unknown) => void }[] = [];
  const send = (label: string) => () =>
    new Promise<SdkResponse<unknown>>((resolve) => pending.push({ label, answer: (body) => resolve({ statusCode: 200, body }) }));
  const flush = () => new Promise((r) => setImmediate(r));
  return { api, pending, send, flush };
}

describe('identical concurrent reads', () => {
  it('share one request when asked together: every waiter of the same task gets the one answer', async () => {
    const { api, pending, send, flush } = openRequests();
    const reads = Array.from({ length: 5 }, () => api.call({ service: 'ack', action: 'DescribeTaskInfo', shareKey: 'T-1' }, send('T-1')));
    const other = api.call({ service: 'ack', action: 'DescribeTaskInfo', shareKey: 'T-2' }, send('T-2'));
    await flush();
    expect(pending.map((p) => p.label)).toEqual(['T-1', 'T-2']);
    pending[0]!.answer({ state: 'running' });
    pending[1]!.answer({ state: 'success' });
    expect((await Promise.all(reads)).map((r) => r.body)).toEqual(Array(5).fill({ state: 'running' }));
    expect((await other).body).toEqual({ state: 'success' });
    expect(api.stats.requests).toBe(2);
    expect(api.sharedReads).toBe(4);
  });

  it('never answers a caller with a read already on the wire before it asked', async () => {
    const { api, pending, send, flush } = openRequests();
    const first = api.call({ service: 'ack', action: 'DescribeClusterNodePools', shareKey: 'c-1' }, send('first'));
    await flush();
    // "first" is on the wire: a caller asking now (e.g. right after a change) gets its own read.
    const second = api.call({ service: 'ack', action: 'DescribeClusterNodePools', shareKey: 'c-1' }, send('second'));
    await flush();
    expect(pending.map((p) => p.label)).toEqual(['first', 'second']);
    pending[0]!.answer({ nodepools: [] });
    pending[1]!.answer({ nodepools: [{}] });
    expect((await first).body).toEqual({ nodepools: [] });
    expect((await second).body).toEqual({ nodepools: [{}] });
    expect(api.sharedReads).toBe(0);
  });

  it('shares a read while it waits for the flow limiter', async () => {
    const time = virtualTime();
    const limiter = new FlowLimiter({ totalPerSecond: 100, perActionPerSecond: 2, now: time.now, setTimer: time.setTimer });
    const api = new ApiInvoker({ limiter, sleep: async () => undefined, random: () => 0 });
    let sent = 0;
    const poll = () => api.call({ service: 'ack', action: 'DescribeTaskInfo', shareKey: 'T-1' }, async () => (sent++, { statusCode: 200, body: { n: sent } }));
    await poll(); // takes the only token of the burst
    const queued = [poll(), poll(), poll()];
    await time.advance(1000);
    expect((await Promise.all(queued)).map((r) => r.body)).toEqual([{ n: 2 }, { n: 2 }, { n: 2 }]);
    expect(sent).toBe(2);
  });

  it('never shares changes, nor reads without a key', async () => {
    const { api, pending, send, flush } = openRequests();
    const calls = [
      api.call({ service: 'ack', action: 'CreateClusterNodePool', mutating: true, shareKey: 'c-1' }, send('create-a')),
      api.call({ service: 'ack', action: 'CreateClusterNodePool', mutating: true, shareKey: 'c-1' }, send('create-b')),
      api.call({ service: 'ack', action: 'DescribeClustersForRegion' }, send('list-a')),
      api.call({ service: 'ack', action: 'DescribeClustersForRegion' }, send('list-b')),
    ];
    await flush();
    expect(pending.map((p) => p.label)).toEqual(['create-a', 'create-b', 'list-a', 'list-b']);
    for (const p of pending) p.answer({});
    await Promise.all(calls);
    expect(api.sharedReads).toBe(0);
  });
});
