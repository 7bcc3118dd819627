/** A long-running emulator collects its own garbage when its heap grew, and says so in /_emulator/stats. */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.js';
import { startEmulator } from '../../src/emulator/index.js';
import { fullCollection, GC_MIN_GROWTH_BYTES, startHousekeeping } from '../../src/emulator/memory-housekeeping.js';
import { control, fastEmulator } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('memory housekeeping', () => {
  it('collects only when the heap in use grew by the threshold since the last collection, and counts', () => {
    vi.useFakeTimers();
    let heap = 10 << 20;
    const collect = vi.fn(() => (heap = 10 << 20));
    const housekeeping = startHousekeeping({ everyMs: 1000, collect, heapUsed: () => heap });
    heap += GC_MIN_GROWTH_BYTES - 1;
    vi.advanceTimersByTime(1000);
    expect(collect).not.toHaveBeenCalled();
    heap += 1;
    vi.advanceTimersByTime(1000);
    expect(collect).toHaveBeenCalledTimes(1);
    // measured again after the collection: the heap is back at 10 MiB, nothing grew since
    vi.advanceTimersByTime(5000);
    expect(collect).toHaveBeenCalledTimes(1);
    heap += 2 * GC_MIN_GROWTH_BYTES;
    vi.advanceTimersByTime(1000);
    expect(housekeeping.stats()).toEqual({ everyMs: 1000, collections: 2 });
    housekeeping.stop();
    heap += 2 * GC_MIN_GROWTH_BYTES;
    vi.advanceTimersByTime(5000);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('every 0 ms is off: no timer, no collection', () => {
    vi.useFakeTimers();
    const collect = vi.fn();
    let heap = 0;
    const housekeeping = startHousekeeping({ everyMs: 0, collect, heapUsed: () => (heap += 1 << 30) });
    vi.advanceTimersByTime(60_000);
    expect(vi.getTimerCount()).toBe(0);
    expect(collect).not.toHaveBeenCalled();
    expect(housekeeping.stats()).toEqual({ everyMs: 0, collections: 0 });
  });

  it("fullCollection() is V8's full collection: an object nothing refers to is gone after it", async () => {
    const collect = fullCollection();
    const weak = (() => new WeakRef({ payload: 'x'.repeat(1000) }))();
    // a WeakRef's target lives at least to the end of the job that made it
    await new Promise((resolve) => setImmediate(resolve));
    collect();
    expect(weak.deref()).toBeUndefined();
  });

  it('is off by default in process (the host keeps its own heuristics); on, /_emulator/stats counts its collections', async () => {
    const plain = await fastEmulator();
    try {
      expect((await control(plain, 'GET', '/_emulator/stats')).housekeeping).toEqual({ everyMs: 0, collections: 0 });
    } finally {
      await plain.close();
    }
    const housekept = await fastEmulator({ gcEveryMs: 20 });
    // 100,000 live objects (several MiB) grow the heap past the threshold until the test ends
    const held = Array.from({ length: 100_000 }, (_, n) => ({ n, name: `object-${n}` }));
    try {
      const deadline = Date.now() + 5000;
      let stats = await control(housekept, 'GET', '/_emulator/stats');
      while (stats.housekeeping.collections === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        stats = await control(housekept, 'GET', '/_emulator/stats');
      }
      expect(stats.housekeeping).toMatchObject({ everyMs: 20 });
      expect(stats.housekeeping.collections).toBeGreaterThan(0);
      expect(held).toHaveLength(100_000);
    } finally {
      await housekept.close();
    }
  });

  it('refuses an interval that is not a whole number of ms', async () => {
    await expect(startEmulator({ gcEveryMs: -1 })).rejects.toThrow(UserError);
    await expect(startEmulator({ gcEveryMs: 1.5 })).rejects.toThrow(/garbage collection interval must be a whole number of ms/);
  });
});
