/** The call log keeps the newest calls up to its cap and counts the ones it let go. */

import { describe, expect, it } from 'vitest';
import { CALL_LOG_CAP, CallLog, type CallRecord } from '../../src/emulator/call-log.js';
import { control, fastEmulator } from './helpers.js';

const call = (n: number): CallRecord => ({ time: '', service: 'ack', action: `A${n}`, method: 'GET', path: '/', status: 200, durationMs: 0, mutating: false, requestId: String(n) });

describe('CallLog', () => {
  it('drops the oldest calls beyond its cap and counts them; clearing starts over', () => {
    const log = new CallLog(3);
    for (let n = 1; n <= 5; n++) log.record(call(n));
    expect(log.entries.map((c) => c.action)).toEqual(['A3', 'A4', 'A5']);
    expect(log.stats()).toEqual({ kept: 3, dropped: 2, cap: 3 });
    log.clear();
    expect(log.stats()).toEqual({ kept: 0, dropped: 0, cap: 3 });
  });

  it('is reported by the control plane: GET /_emulator/calls names its cap, GET /_emulator/stats what the emulator holds', async () => {
    const emulator = await fastEmulator();
    try {
      const calls = await control(emulator, 'GET', '/_emulator/calls');
      expect(calls).toMatchObject({ calls: [], kept: 0, dropped: 0, cap: CALL_LOG_CAP });
      const stats = await control(emulator, 'GET', '/_emulator/stats');
      expect(stats.calls).toEqual({ kept: 0, dropped: 0, cap: CALL_LOG_CAP });
      expect(stats.records).toMatchObject({ clusters: 0, nodePools: 0, nodes: 0, tasks: 0 });
      expect(stats.memory.rss).toBeGreaterThan(stats.memory.heapUsed);
      expect(Object.keys(stats.heapSpaces)).toContain('new_space');
    } finally {
      await emulator.close();
    }
  });
});
