/**
 * applyUpdates against a small scripted ACK: when a pool's change is sent, relative to the
 * pool's state. The lifecycle end to end runs against the emulator (test/e2e/lifecycle.test.ts).
 */

import { describe, expect, it } from 'vitest';
import type { AckGateway, NodePoolSummary, TaskInfo } from '../../src/cloud/types.js';
import { applyUpdates } from '../../src/lifecycle/apply-updates.js';
import type { PoolUpdate } from '../../src/lifecycle/update-plan.js';

/** One pool that reads `busyReads` times busy before it rests; a change makes it scale for one read. */
function scriptedAck(busyReads: number) {
  const calls: string[] = [];
  let busy = busyReads;
  const pool = (): NodePoolSummary => ({
    nodepoolId: 'np-1',
    name: 'web',
    state: busy > 0 ? 'scaling' : 'active',
    desiredSize: 1,
    nodes: { total: 1, healthy: 1, serving: 1, initial: 0, failed: 0, removing: 0 },
    instanceTypes: [],
    vswitchIds: [],
    tags: [],
  });
  const ack: Partial<AckGateway> = {
    async describeClusterNodePools() {
      calls.push('DescribeClusterNodePools');
      const answer = [pool()];
      busy = Math.max(0, busy - 1);
      return answer;
    },
    async modifyClusterNodePool() {
      calls.push(`ModifyClusterNodePool (pool ${pool().state})`);
      busy = 1;
      return { taskId: 'T-1' };
    },
    async describeTaskInfo(taskId: string): Promise<TaskInfo> {
      calls.push('DescribeTaskInfo');
      return { taskId, state: 'success', stages: [], results: [] } as unknown as TaskInfo;
    },
  };
  return { ack: ack as AckGateway, calls };
}

const update = (liveState: string): PoolUpdate => ({ pool: 'web', nodepoolId: 'np-1', liveState, modify: { scaling_group: { desired_size: 2 } }, changes: ['desiredSize: 1 -> 2'] });

async function run(ack: AckGateway, liveState: string) {
  return applyUpdates(
    { ack, clusterId: 'c-1', poll: { initialMs: 1, factor: 1, maxMs: 1 }, signal: new AbortController().signal, progress: () => undefined, prune: false },
    { pools: [update(liveState)], unmanaged: [], manual: [], kept: [] },
  );
}

describe('applyUpdates: when a pool change is sent', () => {
  it('a pool that rested when the diff was read gets its change first, without a poll before it', async () => {
    const { ack, calls } = scriptedAck(0);
    const outcomes = await run(ack, 'active');
    expect(outcomes.map((o) => [o.id, o.outcome])).toEqual([['update/web', 'done']]);
    expect(calls[0]).toBe('ModifyClusterNodePool (pool active)');
    // then waited for: the pool rests again and its task says it worked
    expect(calls.slice(1)).toEqual(['DescribeClusterNodePools', 'DescribeClusterNodePools', 'DescribeTaskInfo']);
  });

  it('a pool busy with an earlier change is waited for before anything new is sent to it', async () => {
    const { ack, calls } = scriptedAck(2);
    const outcomes = await run(ack, 'scaling');
    expect(outcomes.map((o) => o.outcome)).toEqual(['done']);
    expect(calls.slice(0, 4)).toEqual(['DescribeClusterNodePools', 'DescribeClusterNodePools', 'DescribeClusterNodePools', 'ModifyClusterNodePool (pool active)']);
  });
});
