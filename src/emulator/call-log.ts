/** The call log: every API call the emulator answered (or dropped), newest last, bounded. */

import type { RequestFault } from './faults.js';

/** The most calls kept: older ones are dropped (and counted) so a long-running emulator stays flat. */
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

/** What the log holds and what it let go since it was last cleared. */
export interface CallLogStats {
  kept: number;
  /** Calls dropped (oldest first) because the log was full. */
  dropped: number;
  cap: number;
}

export class CallLog {
  readonly entries: CallRecord[] = [];
  private droppedCount = 0;

  constructor(private readonly cap = CALL_LOG_CAP) {}

  record(call: CallRecord): void {
    this.entries.push(call);
    if (this.entries.length > this.cap) {
      const over = this.entries.length - this.cap;
      this.entries.splice(0, over);
      this.droppedCount += over;
    }
  }

  clear(): void {
    this.entries.length = 0;
    this.droppedCount = 0;
  }

  stats(): CallLogStats {
    return { kept: this.entries.length, dropped: this.droppedCount, cap: this.cap };
  }
}
