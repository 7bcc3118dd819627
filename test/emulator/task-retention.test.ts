/** settle() keeps a long-running emulator's tasks bounded: a gone cluster's for a while, a live cluster's newest finished ones. */

import { describe, expect, it } from 'vitest';
import { DEFAULT_DURATIONS } from '../../src/emulator/lifecycle.js';
import { ENDED_TASKS_PER_CLUSTER, settle, TASK_RETENTION_MS } from '../../src/emulator/settle.js';
import { initialState, type ClusterRecord, type EmulatorState, type TaskRecord } from '../../src/emulator/state.js';
import { defaultWorld } from '../../src/emulator/world.js';

function task(id: string, clusterId: string, updated: number, state: TaskRecord['state'] = 'success'): TaskRecord {
  return { id, type: 'cluster_update', clusterId, target: { type: 'cluster', id: clusterId }, created: updated - 1, endsAt: state === 'running' ? updated + 60_000 : updated, outcome: 'success', state, stages: [], parameters: {}, effect: { kind: 'none' }, updated };
}

function stateWith(clusterIds: string[], tasks: TaskRecord[]): EmulatorState {
  const state = initialState(defaultWorld(), 1, 0);
  for (const id of clusterIds) state.clusters[id] = { id, state: 'running' } as ClusterRecord;
  for (const t of tasks) state.tasks[t.id] = t;
  return state;
}

describe('task retention', () => {
  it(`keeps the newest ${ENDED_TASKS_PER_CLUSTER} finished tasks of a live cluster, and every running one`, () => {
    const ended = Array.from({ length: ENDED_TASKS_PER_CLUSTER + 5 }, (_, n) => task(`T-${n}`, 'c-live', 1_000 + n));
    const running = task('T-running', 'c-live', 1, 'running');
    const state = stateWith(['c-live'], [running, ...ended]);
    expect(settle(state, 2_000, DEFAULT_DURATIONS)).toBe(true);
    const kept = Object.keys(state.tasks);
    expect(kept).toHaveLength(ENDED_TASKS_PER_CLUSTER + 1);
    expect(kept).toContain('T-running');
    for (const n of [0, 1, 2, 3, 4]) expect(kept).not.toContain(`T-${n}`);
    expect(kept).toContain('T-5');
    expect(settle(state, 2_000, DEFAULT_DURATIONS)).toBe(false);
  });

  it('keeps a gone cluster’s finished tasks for the retention time, then drops them; counts per cluster', () => {
    const state = stateWith(['c-other'], [task('T-gone', 'c-gone', 1_000), ...Array.from({ length: 3 }, (_, n) => task(`T-o${n}`, 'c-other', 1_000))]);
    settle(state, 1_000 + TASK_RETENTION_MS - 1, DEFAULT_DURATIONS);
    expect(Object.keys(state.tasks).sort()).toEqual(['T-gone', 'T-o0', 'T-o1', 'T-o2']);
    settle(state, 1_000 + TASK_RETENTION_MS, DEFAULT_DURATIONS);
    expect(Object.keys(state.tasks).sort()).toEqual(['T-o0', 'T-o1', 'T-o2']);
  });
});
