/**
 * The emulator's time. Emulated work (tasks, deleted clusters fading away) is a function of
 * stored timestamps and `now()`, so the clock decides how fast the world moves:
 *
 *  - wall: real time (the default; `--speed` shortens the tasks instead).
 *  - virtual: starts at real time and moves only when told: by `advance(ms)` (POST
 *    /_emulator/clock) and by `stepMs` for every API call served, so a task of D ms finishes
 *    after D / stepMs calls whatever the machine's load. Tests drive it; every state a task
 *    goes through stays observable.
 *  - a function (`now: () => number`): injected by unit tests, used for everything.
 *
 * Signatures and flow control are about the client's real clock: `wallNow()` is what they
 * are checked against (the injected function for a custom clock, real time for a virtual one).
 */

import { UserError } from '../errors.js';

export type ClockKind = 'wall' | 'virtual' | 'custom';

export interface ClockView {
  kind: ClockKind;
  /** Emulated time, epoch ms. */
  now: number;
  /** Virtual time added per API call served (virtual clocks). */
  stepMs?: number;
}

export interface ClockChange {
  /** Move emulated time forward by this much. */
  advanceMs?: number;
  /** Time added per API call from now on. */
  stepMs?: number;
}

export interface EmulatorClock {
  readonly kind: ClockKind;
  /** Emulated time, epoch ms. */
  now(): number;
  /** The client-facing real time: request signatures and flow control are checked against it. */
  wallNow(): number;
  /** One API call is being served: a stepping virtual clock moves on. */
  tick(): void;
  /** Advance and/or set the step; only a virtual clock accepts it. */
  change(change: ClockChange): ClockView;
  view(): ClockView;
}

/** What `startEmulator({ clock })` accepts. */
export type ClockOption = 'wall' | 'virtual' | { virtual: { stepMs?: number; startMs?: number } };

export function createClock(option: ClockOption | undefined, custom?: () => number): EmulatorClock {
  if (custom) return functionClock(custom);
  if (option === undefined || option === 'wall') return wallClock();
  const settings = option === 'virtual' ? {} : option.virtual;
  return virtualClock(settings.startMs ?? Date.now(), settings.stepMs ?? 0);
}

function wallClock(): EmulatorClock {
  return {
    kind: 'wall',
    now: Date.now,
    wallNow: Date.now,
    tick: () => undefined,
    change: () => {
      throw new UserError('the emulator runs on the wall clock, which cannot be moved', { hint: 'start it with a virtual clock (`ackl2 emulator --clock virtual`) to drive time' });
    },
    view: () => ({ kind: 'wall', now: Date.now() }),
  };
}

function functionClock(now: () => number): EmulatorClock {
  return {
    kind: 'custom',
    now,
    wallNow: now,
    tick: () => undefined,
    change: () => {
      throw new UserError('this emulator was given its clock in process; move that clock instead');
    },
    view: () => ({ kind: 'custom', now: now() }),
  };
}

function virtualClock(startMs: number, initialStepMs: number): EmulatorClock {
  let time = startMs;
  let stepMs = checkedMs(initialStepMs, 'stepMs');
  const view = (): ClockView => ({ kind: 'virtual', now: time, stepMs });
  return {
    kind: 'virtual',
    now: () => time,
    wallNow: Date.now,
    tick: () => {
      time += stepMs;
    },
    change: (change) => {
      if (change.stepMs !== undefined) stepMs = checkedMs(change.stepMs, 'stepMs');
      if (change.advanceMs !== undefined) time += checkedMs(change.advanceMs, 'advanceMs');
      return view();
    },
    view,
  };
}

/** Virtual time only moves forward, by whole milliseconds. */
function checkedMs(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 365 * 86_400_000) throw new UserError(`${name} must be a whole number of milliseconds from 0 to one year, not ${String(value)}`);
  return value;
}
