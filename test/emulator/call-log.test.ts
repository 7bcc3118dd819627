/** The call log keeps the newest calls up to its cap, counts the ones it let go, and keeps exact totals per action. */

import { describe, expect, it } from 'vitest';
import { CALL_LOG_CAP, CallLog, type CallRecord } from '../../src/emulator/call-log.js';
import { UserError } from '../../src/errors.js';
import { startEmulator } from '../../src/emulator/index.js';
import { clients, control, ecs, fastEmulator, WORLD } from './helpers.js';

const call = (n: number, over: Partial<CallRecord> = {}): CallRecord => ({ time: '', service: 'ack', action: `A${n}`, method: 'GET', path: '/', status: 200, durationMs: 0, mutating: false, requestId: String(n), ...over });

describe('CallLog', () => {
  it('drops the oldest calls beyond its cap and counts them; clearing starts over', () => {
    const log = new CallLog(3);
    for (let n = 1; n <= 5; n++) log.record(call(n));
    expect(log.entries.map((c) => c.action)).toEqual(['A3', 'A4', 'A5']);
    expect(log.stats()).toEqual({ kept: 3, dropped: 2, cap: 3, recorded: 5 });
    log.record(call(6));
    log.record(call(7));
    log.record(call(8));
    log.record(call(9));
    expect(log.entries.map((c) => c.action)).toEqual(['A7', 'A8', 'A9']);
    log.clear();
    expect(log.stats()).toEqual({ kept: 0, dropped: 0, cap: 3, recorded: 0 });
    expect(log.entries).toEqual([]);
    expect(log.byAction()).toEqual({});
    log.record(call(10));
    expect(log.entries.map((c) => c.action)).toEqual(['A10']);
  });

  it('keeps totals per action that count every call, the dropped ones too', () => {
    const log = new CallLog(2);
    log.record(call(1, { action: 'CreateCluster', mutating: true, status: 202 }));
    log.record(call(2, { action: 'CreateCluster', mutating: true, status: 400, errorCode: 'Throttling.User', fault: 'throttle' }));
    log.record(call(3, { action: 'DescribeTaskInfo' }));
    log.record(call(4, { action: 'DescribeTaskInfo', status: 0, fault: 'reset' }));
    log.record(call(5, { action: 'DescribeTaskInfo', status: 503, fault: 'unavailable' }));
    expect(log.entries.map((c) => c.requestId)).toEqual(['4', '5']);
    expect(log.stats()).toEqual({ kept: 2, dropped: 3, cap: 2, recorded: 5 });
    expect(log.byAction()).toEqual({
      CreateCluster: { calls: 2, accepted: 1, changes: 1, faults: { throttle: 1 } },
      DescribeTaskInfo: { calls: 3, accepted: 1, changes: 0, faults: { reset: 1, unavailable: 1 } },
    });
  });

  it('with cap 0 keeps no call but still counts them all', () => {
    const log = new CallLog(0);
    for (let n = 1; n <= 4; n++) log.record(call(n, { action: 'DescribeVpcs' }));
    expect(log.entries).toEqual([]);
    expect(log.stats()).toEqual({ kept: 0, dropped: 4, cap: 0, recorded: 4 });
    expect(log.byAction().DescribeVpcs?.calls).toBe(4);
  });

  it('is reported by the control plane: GET /_emulator/calls names its cap, GET /_emulator/stats what the emulator holds', async () => {
    const emulator = await fastEmulator();
    try {
      const calls = await control(emulator, 'GET', '/_emulator/calls');
      expect(calls).toMatchObject({ calls: [], kept: 0, dropped: 0, cap: CALL_LOG_CAP, recorded: 0, byAction: {} });
      const stats = await control(emulator, 'GET', '/_emulator/stats');
      expect(stats.calls).toEqual({ kept: 0, dropped: 0, cap: CALL_LOG_CAP, recorded: 0 });
      expect(stats.records).toMatchObject({ clusters: 0, nodePools: 0, nodes: 0, tasks: 0 });
      expect(stats.memory.rss).toBeGreaterThan(stats.memory.heapUsed);
      expect(Object.keys(stats.heapSpaces)).toContain('new_space');
    } finally {
      await emulator.close();
    }
  });

  it('a smaller cap (the --call-log option) drops the oldest calls; /_emulator/calls/totals still counts them all', async () => {
    const emulator = await fastEmulator({ callLog: 2 });
    try {
      const { ecs: ec } = clients(emulator);
      for (let i = 0; i < 3; i++) await ec.describeVpcs(new ecs.DescribeVpcsRequest({ regionId: WORLD.region }));
      await ec.describeVSwitches(new ecs.DescribeVSwitchesRequest({ regionId: WORLD.region, vpcId: WORLD.vpc }));
      const log = await control(emulator, 'GET', '/_emulator/calls');
      expect(log.calls.map((c: CallRecord) => c.action)).toEqual(['DescribeVpcs', 'DescribeVSwitches']);
      expect(log).toMatchObject({ kept: 2, dropped: 2, cap: 2, recorded: 4 });
      const totals = await control(emulator, 'GET', '/_emulator/calls/totals');
      expect(totals).toEqual({
        kept: 2,
        dropped: 2,
        cap: 2,
        recorded: 4,
        byAction: { DescribeVSwitches: { calls: 1, accepted: 1, changes: 0, faults: {} }, DescribeVpcs: { calls: 3, accepted: 3, changes: 0, faults: {} } },
      });
      await control(emulator, 'DELETE', '/_emulator/calls');
      expect(await control(emulator, 'GET', '/_emulator/calls/totals')).toEqual({ kept: 0, dropped: 0, cap: 2, recorded: 0, byAction: {} });
    } finally {
      await emulator.close();
    }
  });

  it('refuses a cap that is not a whole number of calls', async () => {
    await expect(startEmulator({ callLog: -1 })).rejects.toThrow(UserError);
    await expect(startEmulator({ callLog: 1.5 })).rejects.toThrow(/whole number/);
  });
});
