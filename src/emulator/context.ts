/** What every service handler receives besides its request. */

import type { TaskContext, Durations } from './lifecycle.js';

export interface BackendContext extends TaskContext {
  durations: Durations;
  requestId: string;
  /** `http://127.0.0.1:PORT` of the emulator serving this call (the emulated API servers live there). */
  origin?: string | undefined;
}

/** `2024-06-28T08:00:00+00:00`, the way ACK writes times. */
export const ackTime = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, '+00:00');
/** `2024-06-28T08:00:00Z`, the way ECS writes times. */
export const ecsTime = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
