/** `--timeout` values: `45m`, `90s`, `1h30m`, `1500ms`, or a bare number of seconds. */

import { UserError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The longest wait a timer can hold (2^31-1 ms, 24.8 days): past it Node fires at once. */
export const MAX_DURATION_MS = 2_147_483_647;

export function parseDuration(text: string, flag = '--timeout'): number {
  const trimmed = text.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    ms = Number(trimmed) * 1000;
  } else {
    const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
    const consumed = parts.map((p) => p[0]).join('');
    if (parts.length === 0 || consumed !== trimmed) {
      throw new UserError(`${flag} "${text}" is not a duration`, { hint: `write it like 45m, 90s, 1h30m or 500ms` });
    }
    ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
  }
  if (Math.round(ms) <= 0) throw new UserError(`${flag} "${text}" must be longer than zero`, { hint: 'e.g. 45m' });
  if (ms > MAX_DURATION_MS) throw new UserError(`${flag} "${text}" is longer than ackl2 can wait (24 days)`, { hint: 'e.g. 45m, or 24h for a very long wait' });
  return Math.round(ms);
}

/** 2h03m, 4m10s, 12s, 850ms: for progress lines and summaries. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}
