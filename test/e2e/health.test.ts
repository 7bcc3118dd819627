/**
 * Health, not state: a pool is done when its task succeeded AND its nodes are Ready. A failed
 * pool task leaves the pool active with NotReady nodes (as ACK reports it); the rerun repairs
 * them (RepairClusterNodePool) or exits 4 naming them; never 0 with a failed node.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { jsonOf, startCloud, type TestCloud } from './harness.js';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

const EIGHT = ['create', '-f', 'test/fixtures/bench/eight-pools.yaml', '--yes', '--output', 'json'];

function failedNodes(c: TestCloud): string[] {
  return Object.values(c.emulator.state().nodes).filter((n) => n.state === 'failed').map((n) => n.instanceId);
}

describe('health, not state', () => {
  it('taskFail@CreateClusterNodePool, created three times: exit 4 naming the failed nodes, then repaired (exit 0, every node Ready), then "already matches"', async () => {
    cloud = await startCloud({ speed: 10, seed: 5, faults: 'taskFail@CreateClusterNodePool' });
    const first = await cloud.run(EIGHT);
    expect(first.code, first.stderr).toBe(4);
    const failed = failedNodes(cloud);
    expect(failed.length).toBeGreaterThan(0);
    const doc = jsonOf(first);
    expect(doc.error.message).toContain(`failed nodes: ${failed.join(', ')}`);
    const pool = Object.values(cloud.emulator.state().nodePools).find((p) => `nodepool/${p.name}` === doc.error.operation)!;
    expect(pool.state).toBe('active');
    const task = cloud.emulator.state().tasks[doc.error.taskId]!;
    expect(task.results?.map((r) => r.data).sort()).toEqual([...failed].sort());

    await cloud.clearCalls();
    const second = await cloud.run(EIGHT);
    expect(second.code, second.stderr).toBe(0);
    expect(failedNodes(cloud)).toEqual([]);
    expect((await cloud.calls()).filter((c) => c.action === 'RepairClusterNodePool')).toHaveLength(1);
    expect(jsonOf(second).nodePools.find((p: { name: string }) => `nodepool/${p.name}` === doc.error.operation)).toMatchObject({ action: 'repaired' });

    const third = await cloud.run(['create', '-f', 'test/fixtures/bench/eight-pools.yaml', '--yes']);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toContain('bench-eight-pools in cn-hangzhou exists and matches the profile: nothing to do');
  }, 120_000);

  it('when the repair fails too, the rerun exits 4 naming the nodes that are not ready', async () => {
    cloud = await startCloud({ speed: 10, seed: 5, faults: 'taskFail@CreateClusterNodePool,taskFail@RepairClusterNodePool' });
    expect((await cloud.run(EIGHT)).code).toBe(4);
    const failed = failedNodes(cloud);
    const second = await cloud.run(EIGHT);
    expect(second.code, second.stderr).toBe(4);
    expect(jsonOf(second).error.message).toMatch(/repairing node pool .* failed: RepairNodesFailed/);
    for (const id of failed) expect(second.stderr).toContain(id);
  }, 120_000);
});
