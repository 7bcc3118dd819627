/**
 * Waiting on cloud tasks with a bounded schedule: the first check after `initialMs`, each
 * gap `factor` times the last, never more than `maxMs`. ACK creates clusters in minutes, so
 * the defaults are 1s x1.5 up to 10s; the in-process emulator finishes in seconds, so it is
 * polled 5x faster. ACKL2_POLL="initial,factor,max" (e.g. "100ms,1.5,1s") overrides both.
 */

import { UserError } from '../errors.js';
import { sleep } from '../cloud/sleep.js';
import { parseDuration } from './duration.js';

export interface PollSchedule {
  initialMs: number;
  factor: number;
  maxMs: number;
}

export const CLOUD_POLL: PollSchedule = { initialMs: 1000, factor: 1.5, maxMs: 10_000 };
export const EMULATOR_POLL: PollSchedule = { initialMs: 200, factor: 1.5, maxMs: 2000 };

export function pollScheduleFrom(env: NodeJS.ProcessEnv, emulator: boolean): PollSchedule {
  const raw = env.ACKL2_POLL;
  const base = emulator ? EMULATOR_POLL : CLOUD_POLL;
  if (raw === undefined || raw.trim() === '') return base;
  const [initial, factor, max] = raw.split(',').map((s) => s.trim());
  const bad = () => new UserError(`ACKL2_POLL="${raw}" is not a poll schedule`, { hint: 'write "initial,factor,max", e.g. "1s,1.5,10s", or unset it' });
  try {
    const schedule: PollSchedule = {
      initialMs: initial ? parseDuration(initial, 'ACKL2_POLL') : base.initialMs,
      factor: factor ? Number(factor) : base.factor,
      maxMs: max ? parseDuration(max, 'ACKL2_POLL') : base.maxMs,
    };
    if (!(schedule.factor >= 1 && schedule.factor <= 10) || schedule.maxMs < schedule.initialMs) throw bad();
    return schedule;
  } catch {
    throw bad();
  }
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
