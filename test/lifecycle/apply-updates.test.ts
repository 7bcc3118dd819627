/**
 * applyUpdates against a small scripted ACK: when a pool's change is sent, relative to the
 * pool's state, and how its end is read. The lifecycle end to end runs against the emulator
 * (test/e2e/lifecycle.test.ts).
 */

import { describe, expect, it } from 'vitest';
import type { AckGateway, ClusterTask, NodePoolSummary, TaskInfo } from '../../src/cloud/types.js';
import { CloudError } from '../../src/errors.js';
import { applyUpdates } from '../../src/lifecycle/apply-updates.js';
import type { PoolUpdate } from '../../src/lifecycle/update-plan.js';

interface Script {
  /** Reads of the pool that find it busy before it rests. */
  busyReads?: number;
  /** How the changes' tasks end. */
  outcome?: 'success' | 'failed';
  /** The task listing: lists the tasks (default), leaves them out, or is refused with a 400. */
  listing?: 'lists' | 'omits' | 'refused';
}

/**
 * Pools np-1... that read `busyReads` times busy before they rest; a change makes its pool
 * scale for one read, and its task run for one read of it (listed or its own).
 */
function scriptedAck({ busyReads = 0, outcome = 'success', listing = 'lists' }: Script = {}) {
  const calls: string[] = [];
  const busy = new Map<string, number>();
  const tasks = new Map<string, { pool: string; readsLeft: number }>();
  const pool = (id: string): NodePoolSummary => ({
    nodepoolId: id,
    name: id,
    state: (busy.get(id) ?? busyReads) > 0 ? 'scaling' : 'active',
    desiredSize: 1,
    nodes: { total: 1, healthy: 1, serving: 1, initial: 0, failed: 0, removing: 0 },
    instanceTypes: [],
    vswitchIds: [],
    tags: [],
  });
  const taskState = (taskId: string) => ((tasks.get(taskId)?.readsLeft ?? 0) > 0 ? 'running' : outcome);
  const ack: Partial<AckGateway> = {
    async describeClusterNodePools() {
      calls.push('DescribeClusterNodePools');
      const ids = ['np-1', 'np-2', 'np-3'];
      const answer = ids.map(pool);
      for (const id of ids) busy.set(id, Math.max(0, (busy.get(id) ?? busyReads) - 1));
      return answer;
    },
    async modifyClusterNodePool(_clusterId: string, nodepoolId: string) {
      calls.push(`ModifyClusterNodePool (pool ${pool(nodepoolId).state})`);
      busy.set(nodepoolId, 1);
      const taskId = `T-${nodepoolId}`;
      tasks.set(taskId, { pool: nodepoolId, readsLeft: 1 });
      return { taskId };
    },
    async describeClusterTasks(): Promise<ClusterTask[]> {
      calls.push('DescribeClusterTasks');
      if (listing === 'refused') throw new CloudError({ code: 'InvalidParameter', message: 'page_size is invalid', statusCode: 400 });
      const answer = listing === 'omits' ? [] : [...tasks.keys()].map((taskId) => ({ taskId, state: taskState(taskId), taskType: 'nodepool_scale_out' }));
      for (const task of tasks.values()) task.readsLeft = Math.max(0, task.readsLeft - 1);
      return answer;
    },
    async describeTaskInfo(taskId: string): Promise<TaskInfo> {
      calls.push(`DescribeTaskInfo ${taskId}`);
      const state = taskState(taskId);
      const task = tasks.get(taskId);
      if (task) task.readsLeft = Math.max(0, task.readsLeft - 1);
      const failed = state === 'failed';
      return { taskId, state, currentStage: failed ? 'ScaleOutNodes' : undefined, stages: [], results: [], error: failed ? { code: 'ScaleOutFailed', message: 'no stock' } : undefined };
    },
  };
  return { ack: ack as AckGateway, calls };
}

const update = (liveState: string, nodepoolId = 'np-1'): PoolUpdate => ({ pool: `pool-${nodepoolId}`, nodepoolId, liveState, modify: { scaling_group: { desired_size: 2 } }, changes: ['desiredSize: 1 -> 2'] });

async function run(ack: AckGateway, pools: PoolUpdate[]) {
  const progress: string[] = [];
  const outcomes = await applyUpdates(
    { ack, clusterId: 'c-1', poll: { initialMs: 1, factor: 1, maxMs: 1 }, signal: new AbortController().signal, progress: (e) => progress.push(`${e.id}: ${e.message}`), prune: false },
    { pools, unmanaged: [], manual: [], kept: [] },
  );
  return { outcomes, progress };
}

describe('applyUpdates: when a pool change is sent', () => {
  it('a pool that rested when the diff was read gets its change first, without a poll before it', async () => {
    const { ack, calls } = scriptedAck();
    const { outcomes } = await run(ack, [update('active')]);
    expect(outcomes.map((o) => [o.id, o.outcome])).toEqual([['update/pool-np-1', 'done']]);
    expect(calls[0]).toBe('ModifyClusterNodePool (pool active)');
  });

  it('a pool busy with an earlier change is waited for before anything new is sent to it', async () => {
    const { ack, calls } = scriptedAck({ busyReads: 2 });
    const { outcomes } = await run(ack, [update('scaling')]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['done']);
    expect(calls.slice(0, 4)).toEqual(['DescribeClusterNodePools', 'DescribeClusterNodePools', 'DescribeClusterNodePools', 'ModifyClusterNodePool (pool active)']);
  });
});

describe('applyUpdates: how a change is known to be over', () => {
  it('by its task in the cluster task listing, one listing per tick for every pool, with no read after it', async () => {
    const { ack, calls } = scriptedAck();
    const { outcomes, progress } = await run(ack, [update('active', 'np-1'), update('active', 'np-2'), update('active', 'np-3')]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['done', 'done', 'done']);
    // the first listing finds the three tasks running, the second over: no DescribeTaskInfo, no pool read
    expect(calls.filter((c) => !c.startsWith('Modify'))).toEqual(['DescribeClusterTasks', 'DescribeClusterTasks']);
    expect(progress).toContain('update/pool-np-1: task nodepool_scale_out is running');
  });

  it('a failed task fails the change, with the stage and error of its DescribeTaskInfo', async () => {
    const { ack, calls } = scriptedAck({ outcome: 'failed' });
    const { outcomes } = await run(ack, [update('active')]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['failed']);
    expect(String((outcomes[0]!.error as Error).message)).toBe('update/pool-np-1 failed: ScaleOutFailed: no stock');
    expect(outcomes[0]!.error).toMatchObject({ stage: 'ScaleOutNodes', taskId: 'T-np-1' });
    expect(calls.at(-1)).toBe('DescribeTaskInfo T-np-1');
  });

  it('a task the listing does not hold is waited for by its pool, then its own task', async () => {
    const { ack, calls } = scriptedAck({ listing: 'omits' });
    const { outcomes } = await run(ack, [update('active')]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['done']);
    expect(calls.slice(1)).toEqual(['DescribeClusterTasks', 'DescribeClusterNodePools', 'DescribeClusterNodePools', 'DescribeTaskInfo T-np-1']);
  });

  it('a failed task the listing does not hold still fails the change', async () => {
    const { ack } = scriptedAck({ listing: 'omits', outcome: 'failed' });
    const { outcomes } = await run(ack, [update('active')]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['failed']);
  });

  it('a refused listing (4xx) is asked once; every change then waits by its pool and its own task', async () => {
    const { ack, calls } = scriptedAck({ listing: 'refused' });
    const { outcomes } = await run(ack, [update('active', 'np-1'), update('active', 'np-2')]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['done', 'done']);
    expect(calls.filter((c) => c === 'DescribeClusterTasks')).toHaveLength(1);
    expect(new Set(calls.filter((c) => c.startsWith('DescribeTaskInfo')))).toEqual(new Set(['DescribeTaskInfo T-np-1', 'DescribeTaskInfo T-np-2']));
  });
});
