import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/cloud/rate-limiter.js';
import { virtualTime } from '../helpers/virtual-time.js';


describe('RateLimiter', () => {
  it('lets a burst through at once, then paces at the rate', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter({ ratePerSecond: 10, now: time.now, setTimer: time.setTimer });
    const granted: number[] = [];
    for (let i = 0; i < 25; i++) void limiter.acquire().then(() => granted.push(time.now()));
    await time.advance(0);
    expect(granted).toHaveLength(10);
    await time.advance(1000);
    expect(granted).toHaveLength(20);
    await time.advance(500);
    expect(granted).toHaveLength(25);
    // never more than burst + rate * elapsed
    for (const [i, t] of granted.entries()) expect(i + 1).toBeLessThanOrEqual(10 + Math.floor((t * 10) / 1000) + 1);
  });

  it('serves waiters first come, first served', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter({ ratePerSecond: 2, burst: 1, now: time.now, setTimer: time.setTimer });
    const order: string[] = [];
    await limiter.acquire();
    void limiter.acquire().then(() => order.push('a'));
    void limiter.acquire().then(() => order.push('b'));
    void limiter.acquire().then(() => order.push('c'));
    await time.advance(2000);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('drops an aborted waiter and rejects it with the reason', async () => {
    const time = virtualTime();
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1, now: time.now, setTimer: time.setTimer });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(limiter.waiting).toBe(1);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(limiter.waiting).toBe(0);
  });

  it('holds the real rate under load: 30 requests at 20/s take at least 0.5s', async () => {
    const limiter = new RateLimiter({ ratePerSecond: 20 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 30 }, () => limiter.acquire()));
    expect(performance.now() - started).toBeGreaterThanOrEqual(480);
  });

  it('refuses a non-positive rate', () => {
    expect(() => new RateLimiter({ ratePerSecond: 0 })).toThrow(/positive/);
  });
});
