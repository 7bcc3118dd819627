/** Fault classes, one-shot faults, flow control and the call log, through the official SDKs. */

import { afterEach, describe, expect, it } from 'vitest';
import { parseFaultSpec, type RunningEmulator } from '../../src/emulator/index.js';
import { UserError } from '../../src/errors.js';
import { apiError, clients, clusterRequest, control, cs, ecs, fastEmulator, poolRequest, runningCluster, waitTask, WORLD, type EcsClient } from './helpers.js';

const vpcs = (ec: EcsClient) => ec.describeVpcs(new ecs.DescribeVpcsRequest({ regionId: WORLD.region }));

describe('faults and flow control', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('throttle answers 400 Throttling.User, unavailable 503 ServiceUnavailable; both in the call log', async () => {
    emulator = await fastEmulator({ faults: 'throttle=1' });
    const { ecs: ec, cs: ack } = clients(emulator);
    const throttled = await apiError(vpcs(ec));
    expect(throttled).toMatchObject({ code: 'Throttling.User', statusCode: 400 });
    expect(await apiError(ack.describeClustersForRegion(WORLD.region, new cs.DescribeClustersForRegionRequest({})))).toMatchObject({ code: 'Throttling.User', statusCode: 400 });
    await control(emulator, 'POST', '/_emulator/faults', { probabilities: { unavailable: 1 } });
    expect(await apiError(vpcs(ec))).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503 });
    const calls = (await control(emulator, 'GET', '/_emulator/calls')).calls;
    expect(calls.map((c: any) => [c.action, c.status, c.errorCode, c.fault])).toEqual([
      ['DescribeVpcs', 400, 'Throttling.User', 'throttle'],
      ['DescribeClustersForRegion', 400, 'Throttling.User', 'throttle'],
      ['DescribeVpcs', 503, 'ServiceUnavailable', 'unavailable'],
    ]);
  });

  it('reset drops the connection; the server keeps serving', async () => {
    emulator = await fastEmulator({ faults: 'reset@DescribeVpcs' });
    const { ecs: ec } = clients(emulator);
    await expect(vpcs(ec)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await vpcs(ec)).statusCode).toBe(200);
    const calls = emulator.calls();
    expect(calls.map((c) => [c.action, c.fault ?? null])).toEqual([
      ['DescribeVpcs', 'reset'],
      ['DescribeVpcs', null],
    ]);
  });

  it('slow adds latency', async () => {
    emulator = await fastEmulator({ faults: 'slow=1,slowMs=150' });
    const { ecs: ec } = clients(emulator);
    const started = Date.now();
    expect((await vpcs(ec)).statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(emulator.calls()[0]).toMatchObject({ fault: 'slow', status: 200 });
    expect(emulator.calls()[0]!.durationMs).toBeGreaterThanOrEqual(145);
  });

  it('taskFail: the cluster task ends in fail with a stage and an error; the cluster is failed', async () => {
    emulator = await fastEmulator({ faults: 'taskFail=1' });
    const { cs: ack } = clients(emulator);
    const created = await ack.createCluster(clusterRequest({ name: 'unlucky' }));
    const task = await waitTask(ack, created.body!.taskId!);
    expect(task.state).toBe('fail');
    expect(task.error).toMatchObject({ code: 'ClusterInitFailed' });
    expect(task.currentStage).toBe('InstallAddons');
    expect(task.stages?.map((s) => s.state)).toEqual(['success', 'success', 'success', 'fail']);
    expect((await ack.describeClusterDetail(created.body!.clusterId!)).body?.state).toBe('failed');
    expect(emulator.calls().find((c) => c.action === 'CreateCluster')?.fault).toBe('taskFail');
  });

  it('one-shot faults: fail the next CreateClusterNodePool task, throttle the next 3 DescribeTaskInfo', async () => {
    emulator = await fastEmulator();
    const { cs: ack } = clients(emulator);
    const clusterId = await runningCluster(ack, 'oneshot');
    const armed = await control(emulator, 'POST', '/_emulator/faults', { spec: 'taskFail@CreateClusterNodePool,throttle@DescribeTaskInfo*3' });
    expect(armed.oneShot).toEqual([
      { fault: 'taskFail', action: 'CreateClusterNodePool', count: 1 },
      { fault: 'throttle', action: 'DescribeTaskInfo', count: 3 },
    ]);
    const doomed = await ack.createClusterNodePool(clusterId, poolRequest('doomed', 2));
    for (let i = 0; i < 3; i++) expect(await apiError(ack.describeTaskInfo(doomed.body!.taskId!))).toMatchObject({ code: 'Throttling.User' });
    const failed = await waitTask(ack, doomed.body!.taskId!);
    expect(failed).toMatchObject({ state: 'fail', error: { code: 'NodePoolInitFailed' } });
    const pool = (await ack.describeClusterNodePoolDetail(clusterId, doomed.body!.nodepoolId!)).body!;
    // ACK's documented pool states have no 'failed': the pool is active, its nodes run but are NotReady
    expect(pool.status).toMatchObject({ state: 'active', failedNodes: 2, healthyNodes: 0 });
    const nodes = (await ack.describeClusterNodes(clusterId, new cs.DescribeClusterNodesRequest({ nodepoolId: doomed.body!.nodepoolId! }))).body!.nodes!;
    expect(nodes.map((n) => [n.state, n.nodeStatus])).toEqual([['running', 'NotReady'], ['running', 'NotReady']]);
    expect(failed.taskResult?.map((r) => [r.data, r.status]).sort()).toEqual(nodes.map((n) => [n.instanceId, 'failed']).sort());
    const lucky = await ack.createClusterNodePool(clusterId, poolRequest('lucky', 1));
    expect((await waitTask(ack, lucky.body!.taskId!)).state).toBe('success');
    expect((await control(emulator, 'GET', '/_emulator/faults')).oneShot).toEqual([]);
    const faults = emulator.calls().filter((c) => c.fault).map((c) => `${c.action}:${c.fault}`);
    expect(faults).toEqual(['CreateClusterNodePool:taskFail', 'DescribeTaskInfo:throttle', 'DescribeTaskInfo:throttle', 'DescribeTaskInfo:throttle']);
  });

  it('a failed attach hands the instances back, so the same join can be retried', async () => {
    emulator = await fastEmulator();
    const { cs: ack } = clients(emulator);
    const clusterId = await runningCluster(ack, 'retry-join');
    const pool = await ack.createClusterNodePool(clusterId, poolRequest('joined', 0, { vswitchIds: [WORLD.vswH] }));
    await waitTask(ack, pool.body!.taskId!);
    await control(emulator, 'POST', '/_emulator/faults', { oneShot: [{ fault: 'taskFail', action: 'AttachInstancesToNodePool', count: 1 }] });
    const attach = () => ack.attachInstancesToNodePool(clusterId, pool.body!.nodepoolId!, new cs.AttachInstancesToNodePoolRequest({ instances: ['i-bp1spare000003'] }));
    const failed = await waitTask(ack, (await attach()).body!.taskId!);
    expect(failed).toMatchObject({ state: 'fail', error: { code: 'AttachInstancesFailed' } });
    expect(emulator.state().instances['i-bp1spare000003']?.clusterId).toBeUndefined();
    expect((await ack.describeClusterNodePoolDetail(clusterId, pool.body!.nodepoolId!)).body?.scalingGroup?.desiredSize).toBe(0);
    expect((await waitTask(ack, (await attach()).body!.taskId!)).state).toBe('success');
    expect(emulator.state().nodes['i-bp1spare000003']).toMatchObject({ state: 'running', clusterId });
  });

  it('flow control: a token bucket per action answers Throttling.User past the rate, other actions unaffected', async () => {
    let clock = Date.now();
    emulator = await fastEmulator({ qps: 5, now: () => clock });
    const { ecs: ec } = clients(emulator);
    const answers = await Promise.all(Array.from({ length: 8 }, () => vpcs(ec).then(() => 200, (e: { statusCode: number }) => e.statusCode)));
    expect(answers.filter((s) => s === 200)).toHaveLength(5);
    expect(answers.filter((s) => s === 400)).toHaveLength(3);
    expect((await ec.describeVSwitches(new ecs.DescribeVSwitchesRequest({ regionId: WORLD.region }))).statusCode).toBe(200);
    expect(emulator.calls().filter((c) => c.errorCode === 'Throttling.User' && c.fault === undefined)).toHaveLength(3);
    clock += 200; // one token back at 5/s
    expect((await vpcs(ec)).statusCode).toBe(200);
    expect(await apiError(vpcs(ec))).toMatchObject({ code: 'Throttling.User', statusCode: 400 });
  });

  it('the default limit is 20/s with a burst of 20', async () => {
    const frozen = Date.now();
    emulator = await fastEmulator({ now: () => frozen });
    const { ecs: ec } = clients(emulator);
    const answers = await Promise.all(Array.from({ length: 24 }, () => vpcs(ec).then(() => 200, (e: { statusCode: number }) => e.statusCode)));
    expect(answers.filter((s) => s === 200)).toHaveLength(20);
    expect(answers.filter((s) => s === 400)).toHaveLength(4);
  });

  it('a seed replays the same faults for the same calls', async () => {
    const pattern = async (seed: number) => {
      const emu = await fastEmulator({ seed, faults: 'throttle=0.5' });
      try {
        const { ecs: ec } = clients(emu);
        const out: number[] = [];
        for (let i = 0; i < 16; i++) out.push(await vpcs(ec).then(() => 200, (e: { statusCode: number }) => e.statusCode));
        return out.join('');
      } finally {
        await emu.close();
      }
    };
    const a = await pattern(42);
    expect(await pattern(42)).toBe(a);
    expect(a).toMatch(/200/);
    expect(a).toMatch(/400/);
    expect(await pattern(43)).not.toBe(a);
  });

  it('never crashes under a fault mix, and logs every injected fault', async () => {
    emulator = await fastEmulator({ faults: 'throttle=0.2,unavailable=0.2,reset=0.2,slow=0.2,slowMs=5,taskFail=0.5', qps: 0 });
    const { ecs: ec, cs: ack } = clients(emulator);
    // Sequential, so the seeded dice fall the same way on every run.
    const outcomes: PromiseSettledResult<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      outcomes.push(...(await Promise.allSettled([i % 4 === 0 ? ack.createCluster(clusterRequest({ name: `mix-${i}` })) : vpcs(ec)])));
    }
    expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
    expect(outcomes.some((o) => o.status === 'rejected')).toBe(true);
    expect(await control(emulator, 'GET', '/_emulator/health')).toEqual({ ok: true });
    const calls = emulator.calls();
    expect(calls).toHaveLength(40);
    const injected = new Set(calls.map((c) => c.fault).filter(Boolean));
    expect([...injected].sort()).toEqual(['reset', 'slow', 'throttle', 'unavailable', ...(injected.has('taskFail') ? ['taskFail'] : [])].sort());
    for (const call of calls) {
      if (call.fault === 'reset') expect(call.status).toBe(0);
      if (call.fault === 'unavailable') expect(call.status).toBe(503);
      if (call.fault === 'throttle') expect(call.errorCode).toBe('Throttling.User');
    }
  });

  it('control endpoints: state dump, reset to the initial world, call log clearing', async () => {
    // time stands still: the dump sees the cluster initial however loaded the machine is
    emulator = await fastEmulator({ clock: { virtual: { stepMs: 0 } } });
    const { cs: ack } = clients(emulator);
    const created = await ack.createCluster(clusterRequest({ name: 'before-reset' }));
    const dump = await control(emulator, 'GET', '/_emulator/state');
    expect(dump.clusters[created.body!.clusterId!]).toMatchObject({ name: 'before-reset', state: 'initial' });
    expect(dump.world.regions.map((r: { id: string }) => r.id)).toEqual(['cn-hangzhou', 'cn-beijing']);
    await control(emulator, 'POST', '/_emulator/faults', { spec: 'throttle=1' });
    expect(await control(emulator, 'POST', '/_emulator/reset')).toEqual({ ok: true, seed: expect.any(Number) });
    expect((await control(emulator, 'GET', '/_emulator/state')).clusters).toEqual({});
    expect((await control(emulator, 'GET', '/_emulator/faults')).probabilities).toEqual({});
    expect(await apiError(ack.describeClusterDetail(created.body!.clusterId!))).toMatchObject({ code: 'ErrorClusterNotFound' });
    expect((await control(emulator, 'GET', '/_emulator/calls')).calls).toHaveLength(1);
    await control(emulator, 'DELETE', '/_emulator/calls');
    expect((await control(emulator, 'GET', '/_emulator/calls')).calls).toEqual([]);
    const unknown = await fetch(`${emulator.endpoint}/_emulator/nope`);
    expect(unknown.status).toBe(404);
    const badFaults = await fetch(`${emulator.endpoint}/_emulator/faults`, { method: 'POST', headers: { authorization: `Bearer ${emulator.token}` }, body: '{"spec":"explode=1"}' });
    expect(badFaults.status).toBe(400);
    expect(((await badFaults.json()) as { error: string }).error).toMatch(/unknown fault class "explode"/);
  });

  it('parseFaultSpec reads probabilities and one-shots, and names every problem', () => {
    expect(parseFaultSpec('throttle=0.1, slow=0.5,slowMs=40,taskFail@CreateClusterNodePool,throttle@DescribeTaskInfo*3')).toEqual({
      probabilities: { throttle: 0.1, slow: 0.5 },
      slowMs: 40,
      oneShot: [
        { fault: 'taskFail', action: 'CreateClusterNodePool', count: 1 },
        { fault: 'throttle', action: 'DescribeTaskInfo', count: 3 },
      ],
    });
    let error: unknown;
    try {
      parseFaultSpec('throttle=2,boom=0.1,slowMs=-1,oops');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      'bad fault spec: throttle must be a probability between 0 and 1, not "2"; unknown fault class "boom" (known: throttle, unavailable, reset, slow, taskFail, conflict, slowMs); slowMs must be a whole number of milliseconds, not "-1"; cannot read "oops"',
    );
  });
});
