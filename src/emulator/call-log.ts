/** The call log: every API call the emulator answered (or dropped), newest last, bounded. */

import type { RequestFault } from './faults.js';

const MAX_CALLS = 20_000;

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

export class CallLog {
  readonly entries: CallRecord[] = [];

  record(call: CallRecord): void {
    this.entries.push(call);
    if (this.entries.length > MAX_CALLS) this.entries.splice(0, this.entries.length - MAX_CALLS);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
