import { describe, expect, it } from 'vitest';
import { FlowLimiter } from '../../src/cloud/flow-limiter.js';
import { ApiInvoker } from '../../src/cloud/invoker.js';
import { virtualTime } from '../helpers/virtual-time.js';


describe('FlowLimiter', () => {
  it('paces each action on its own: one busy action does not hold back another', async () => {
    const time = virtualTime();
    const limiter = new FlowLimiter({ totalPerSecond: 1000, perActionPerSecond: 10, now: time.now, setTimer: time.setTimer });
    const granted: Record<string, number[]> = { create: [], poll: [] };
    for (let i = 0; i < 25; i++) void limiter.acquire(undefined, 'ack:CreateClusterNodePool').then(() => granted.create!.push(time.now()));
    for (let i = 0; i < 5; i++) void limiter.acquire(undefined, 'ack:DescribeTaskInfo').then(() => granted.poll!.push(time.now()));
    await time.advance(0);
    // Each action gets its own burst (three quarters of a second's worth) at once, although 25 creations are queued.
    expect(granted.create).toHaveLength(7);
    expect(granted.poll).toHaveLength(5);
    expect(limiter.waiting('ack:CreateClusterNodePool')).toBe(18);
    await time.advance(1000);
    expect(granted.create).toHaveLength(17);
    await time.advance(1000);
    expect(granted.create).toHaveLength(25);
    // never more than burst + rate x elapsed of one action
    for (const [i, t] of granted.create!.entries()) expect(i + 1).toBeLessThanOrEqual(7 + Math.floor((t * 10) / 1000) + 1);
  });

  it("at the default 18/s sends 13 of a fleet's 50 CreateCluster at once, the last 37 / 18 s later", async () => {
    const time = virtualTime();
    const limiter = new FlowLimiter({ totalPerSecond: 100, perActionPerSecond: 18, now: time.now, setTimer: time.setTimer });
    const granted: number[] = [];
    for (let i = 0; i < 50; i++) void limiter.acquire(undefined, 'ack:CreateCluster').then(() => granted.push(time.now()));
    await time.advance(0);
    expect(granted).toHaveLength(13);
    await time.advance(3000);
    expect(granted).toHaveLength(50);
    // A token every 1/18 s after the burst; timers round up to the millisecond.
    expect(granted.at(-1)).toBeGreaterThanOrEqual((37 / 18) * 1000 - 1);
    expect(granted.at(-1)).toBeLessThanOrEqual((37 / 18) * 1000 + 37);
  });

  it('keeps all actions together under the total cap', async () => {
    const time = virtualTime();
    const limiter = new FlowLimiter({ totalPerSecond: 4, perActionPerSecond: 100, now: time.now, setTimer: time.setTimer });
    let granted = 0;
    for (const action of ['a', 'b', 'c']) for (let i = 0; i < 4; i++) void limiter.acquire(undefined, action).then(() => granted++);
    await time.advance(0);
    expect(granted).toBe(4);
    await time.advance(1000);
    expect(granted).toBe(8);
    await time.advance(1000);
    expect(granted).toBe(12);
  });

  it('is what ApiInvoker waits on, by service and action', async () => {
    const time = virtualTime();
    const limiter = new FlowLimiter({ totalPerSecond: 1000, perActionPerSecond: 1, now: time.now, setTimer: time.setTimer });
    const api = new ApiInvoker({ limiter, sleep: async () => undefined, random: () => 0 });
    const sent: string[] = [];
    const call = (service: 'ack' | 'ecs', action: string) => api.call({ service, action }, async () => (sent.push(`${service}:${action}`), { statusCode: 200, body: {} }));
    void call('ack', 'DescribeTaskInfo');
    void call('ack', 'DescribeTaskInfo');
    void call('ecs', 'DescribeInstances');
    await time.advance(0);
    expect(sent).toEqual(['ack:DescribeTaskInfo', 'ecs:DescribeInstances']);
    await time.advance(1000);
    expect(sent).toEqual(['ack:DescribeTaskInfo', 'ecs:DescribeInstances', 'ack:DescribeTaskInfo']);
  });
});
