import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/apply/duration.js';
import { readSettings } from '../../src/settings.js';
import { CLOUD_POLL, EMULATOR_POLL, pollDelay, pollScheduleFrom, pollUntil } from '../../src/apply/poll.js';
import { UserError } from '../../src/errors.js';

describe('poll schedule', () => {
  it('starts at 1s, grows x1.5 and caps at 10s against the cloud', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => pollDelay(CLOUD_POLL, n))).toEqual([1000, 1500, 2250, 3375, 5063, 7594, 10000, 10000]);
  });

  it('polls the in-process emulator faster, and ACKL2_POLL overrides both', () => {
    expect(pollScheduleFrom({}, false)).toEqual(CLOUD_POLL);
    expect(pollScheduleFrom({}, true)).toEqual(EMULATOR_POLL);
    expect(pollScheduleFrom(readSettings({ ACKL2_POLL: '100ms,2,1s' }).poll, false)).toEqual({ initialMs: 100, factor: 2, maxMs: 1000 });
    expect(pollScheduleFrom(readSettings({ ACKL2_POLL: ',,5s' }).poll, true)).toEqual({ ...EMULATOR_POLL, maxMs: 5000 });
    expect(() => readSettings({ ACKL2_POLL: 'soon' }).poll).toThrow(UserError);
    expect(() => pollScheduleFrom(readSettings({ ACKL2_POLL: '10s,1.5,1s' }).poll, false)).toThrow(UserError);
  });

  it('pollUntil waits the schedule between checks and returns the first value', async () => {
    const waits: number[] = [];
    let checks = 0;
    const value = await pollUntil(async () => (++checks === 4 ? 'ready' : undefined), {
      schedule: { initialMs: 100, factor: 2, maxMs: 300 },
      sleep: async (ms) => void waits.push(ms),
    });
    expect(value).toBe('ready');
    expect(waits).toEqual([100, 200, 300, 300]);
  });

  it('checkFirst looks before the first wait', async () => {
    const waits: number[] = [];
    const value = await pollUntil(async () => 'now', { schedule: CLOUD_POLL, checkFirst: true, sleep: async (ms) => void waits.push(ms) });
    expect(value).toBe('now');
    expect(waits).toEqual([]);
  });
});

describe('durations', () => {
  it('parses --timeout values', () => {
    expect(parseDuration('45m')).toBe(2_700_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2.5')).toBe(2500);
  });

  it('refuses what is not a duration, with an example', () => {
    for (const bad of ['', 'soon', '10 minutes', '5m3', '-1s', '0s']) {
      expect(() => parseDuration(bad), bad).toThrow(UserError);
    }
  });

  it('refuses a bare 0 and waits longer than a timer can hold (Node would fire those at once)', () => {
    expect(() => parseDuration('0')).toThrow(/must be longer than zero/);
    expect(() => parseDuration('0.0001')).toThrow(/must be longer than zero/);
    expect(() => parseDuration('1000h')).toThrow(/longer than ackl2 can wait \(24 days\)/);
    expect(() => parseDuration('9999999999')).toThrow(UserError);
    expect(parseDuration('500h')).toBe(1_800_000_000);
  });

  it('formats durations for people', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(250_000)).toBe('4m10s');
    expect(formatDuration(7_380_000)).toBe('2h03m');
  });
});
