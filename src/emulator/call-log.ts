/**
 * The call log: every API call the emulator answered (or dropped), newest last, bounded. The
 * entries are a ring of at most `cap` calls; the totals per action count every call since the
 * log was last cleared and never drop, so a reader that counts calls stays exact however long
 * the emulator runs.
 */

import type { RequestFault } from './faults.js';

/** The most calls kept by default: older ones are dropped (and counted) so a long-running emulator stays flat. */
export const CALL_LOG_CAP = 20_000;

export interface CallRecord {
  time: string;
  service: 'ack' | 'ecs' | 'vpc' | 'unknown';
  action: string;
  method: string;
  path: string;
  status: number;
  errorCode?: string;
  durationMs: number;
  /** The fault injected into this call, if any (taskFail: the task it started will fail). */
  fault?: RequestFault | 'taskFail';
  mutating: boolean;
  requestId: string;
}

/** Every call of one action since the log was last cleared, kept or dropped. */
export interface ActionTotals {
  calls: number;
  /** Answered 2xx. */
  accepted: number;
  /** Calls of this action that change the world and were answered 2xx. */
  changes: number;
  /** Calls that met an injected fault, by fault. */
  faults: Record<string, number>;
}

/** What the log holds and what it let go since it was last cleared. */
export interface CallLogStats {
  kept: number;
  /** Calls dropped (oldest first) because the log was full. */
  dropped: number;
  cap: number;
  /** Every call recorded (kept + dropped). */
  recorded: number;
}

export class CallLog {
  private ring: CallRecord[] = [];
  /** Where the oldest kept call is once the ring is full. */
  private oldest = 0;
  private droppedCount = 0;
  private totals = new Map<string, ActionTotals>();

  constructor(private readonly cap = CALL_LOG_CAP) {
    if (!Number.isInteger(cap) || cap < 0) throw new RangeError(`the call log cap must be a whole number >= 0, not ${cap}`);
  }

  record(call: CallRecord): void {
    this.count(call);
    if (this.cap === 0) {
      this.droppedCount++;
    } else if (this.ring.length < this.cap) {
      this.ring.push(call);
    } else {
      this.ring[this.oldest] = call;
      this.oldest = (this.oldest + 1) % this.cap;
      this.droppedCount++;
    }
  }

  /** The kept calls, oldest first. */
  get entries(): CallRecord[] {
    return this.oldest === 0 ? [...this.ring] : [...this.ring.slice(this.oldest), ...this.ring.slice(0, this.oldest)];
  }

  clear(): void {
    this.ring = [];
    this.oldest = 0;
    this.droppedCount = 0;
    this.totals = new Map();
  }

  stats(): CallLogStats {
    return { kept: this.ring.length, dropped: this.droppedCount, cap: this.cap, recorded: this.ring.length + this.droppedCount };
  }

  /** Totals per action (sorted by action), exact whatever the ring dropped. */
  byAction(): Record<string, ActionTotals> {
    const sorted = [...this.totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(sorted.map(([action, t]) => [action, { ...t, faults: { ...t.faults } }]));
  }

  private count(call: CallRecord): void {
    let totals = this.totals.get(call.action);
    if (!totals) this.totals.set(call.action, (totals = { calls: 0, accepted: 0, changes: 0, faults: {} }));
    totals.calls++;
    if (call.status >= 200 && call.status < 300) {
      totals.accepted++;
      if (call.mutating) totals.changes++;
    }
    if (call.fault) totals.faults[call.fault] = (totals.faults[call.fault] ?? 0) + 1;
  }
}
