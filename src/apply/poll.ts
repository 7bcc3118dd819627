/**
 * Waiting on cloud tasks with a bounded schedule: the first check after `initialMs`, each
 * gap `factor` times the last, never more than `maxMs`. ACK creates clusters in minutes, so
 * the defaults are 1s x1.5 up to 10s; the in-process emulator finishes in seconds, so it is
 * polled 5x faster. ACKL2_POLL="initial,factor,max" (e.g. "100ms,1.5,1s", see settings.ts) overrides both.
 */

import { UserError } from '../errors.js';
import { sleep } from '../cloud/sleep.js';
import type { PollOverride } from '../settings.js';

export interface PollSchedule {
  initialMs: number;
  factor: number;
  maxMs: number;
}

export const CLOUD_POLL: PollSchedule = { initialMs: 1000, factor: 1.5, maxMs: 10_000 };
export const EMULATOR_POLL: PollSchedule = { initialMs: 200, factor: 1.5, maxMs: 2000 };

/** The schedule for a cloud (or `--emulator`) run, with the ACKL2_POLL override (settings.ts) applied. */
export function pollScheduleFrom(override: PollOverride | undefined, emulator: boolean): PollSchedule {
  const base = emulator ? EMULATOR_POLL : CLOUD_POLL;
  const schedule: PollSchedule = {
    initialMs: override?.initialMs ?? base.initialMs,
    factor: override?.factor ?? base.factor,
    maxMs: override?.maxMs ?? base.maxMs,
  };
  if (schedule.maxMs < schedule.initialMs) {
    throw new UserError(`ACKL2_POLL waits at most ${schedule.maxMs}ms, less than its first wait of ${schedule.initialMs}ms`, { hint: 'write "initial,factor,max" with max >= initial, e.g. "1s,1.5,10s", or unset it' });
  }
  return schedule;
}

/** Gap before check number `n` (0-based). */
export function pollDelay(schedule: PollSchedule, n: number): number {
  return Math.min(schedule.maxMs, Math.round(schedule.initialMs * schedule.factor ** n));
}

export interface PollOptions {
  schedule: PollSchedule;
  signal?: AbortSignal | undefined;
  /** Check once before the first wait (when the state may already be final). */
  checkFirst?: boolean;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Calls `check` on the schedule until it returns a value (not undefined). */
export async function pollUntil<T>(check: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let n = 0; ; n++) {
    if (n > 0 || !options.checkFirst) await wait(pollDelay(options.schedule, options.checkFirst ? n - 1 : n), options.signal);
    const value = await check();
    if (value !== undefined) return value;
  }
}
