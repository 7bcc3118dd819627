/**
 * Keeps a long-running emulator's memory level. V8 collects its old generation only once that
 * has grown well past the live data: the first time after minutes of a steady request stream
 * (its first limit is set before it knows the program), then each time it grew about 8 MiB past
 * what survived the last collection. Its memory reducer, which would collect sooner, waits for a
 * quiet process, and an emulator answering a soak or a CI job is never quiet for long. Measured
 * (docs/BENCHMARKS.md, soak): the RSS of `ackl2 emulator` rose 62 -> 72 MiB over the first 300
 * of 1,000 runs while the live heap stayed about 8 MiB; the rise was mostly garbage waiting in the old
 * space. So the emulator runs a full collection itself, every `everyMs`, when the heap in use grew
 * by `minGrowthBytes` since the last one: about 20 ms of CPU on its 10 to 15 MiB heap, none when
 * idle.
 */

import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often `ackl2 emulator` looks at its heap by default (`--gc-every`). */
export const DEFAULT_GC_EVERY_MS = 20_000;
/** The growth of the heap in use since the last collection that makes the next one worth it. */
export const GC_MIN_GROWTH_BYTES = 1 << 20;

export interface HousekeepingOptions {
  everyMs: number;
  minGrowthBytes?: number;
  /** A full collection: V8's own by default (fullCollection()). */
  collect?: () => void;
  /** Bytes of JS heap in use now. */
  heapUsed?: () => number;
}

export interface HousekeepingStats {
  /** 0: off, V8's own heuristics alone. */
  everyMs: number;
  /** Full collections run so far. */
  collections: number;
}

export interface Housekeeping {
  stats(): HousekeepingStats;
  stop(): void;
}

/**
 * V8's full collection as a function, without a command-line flag: `--expose-gc` set at run
 * time installs `gc` in contexts created after it (here, one throwaway context), not in the
 * program's own global scope.
 */
export function fullCollection(): () => void {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as () => void;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const heapInUse = (): number => getHeapStatistics().used_heap_size;

/** Starts the periodic check (the timer never keeps the process alive); `everyMs` 0 starts nothing. */
export function startHousekeeping(options: HousekeepingOptions): Housekeeping {
  const { everyMs } = options;
  let collections = 0;
  if (everyMs === 0) return { stats: () => ({ everyMs, collections }), stop: () => {} };
  if (!Number.isInteger(everyMs) || everyMs < 0) throw new RangeError(`the housekeeping interval must be a whole number of ms >= 0, not ${everyMs}`);
  const minGrowth = options.minGrowthBytes ?? GC_MIN_GROWTH_BYTES;
  const collect = options.collect ?? fullCollection();
  const heapUsed = options.heapUsed ?? heapInUse;
  let afterLast = heapUsed();
  const timer = setInterval(() => {
    if (heapUsed() - afterLast < minGrowth) return;
    collect();
    collections++;
    afterLast = heapUsed();
  }, everyMs);
  timer.unref();
  return { stats: () => ({ everyMs, collections }), stop: () => clearInterval(timer) };
}
