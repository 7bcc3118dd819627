/**
 * Time moves the emulator's world: `settle(state, now)` applies every task whose end has
 * passed (the engine's own effects here, the ACK lifecycle effects in ack/lifecycle-actions.ts)
 * and lets rollouts progress. Kept apart from lifecycle.ts, which starts tasks: the ACK
 * handlers import that one, and this one imports their lifecycle effects (no import cycle).
 */

import { finishLifecycleTask, progressRollouts } from './ack/lifecycle-actions.js';
import { releaseNode, type Durations } from './lifecycle.js';
import { restPool, type EmulatorState, type TaskRecord } from './state.js';

/** Apply every transition whose time has come. Returns whether anything changed. */
export function settle(state: EmulatorState, now: number, durations: Durations): boolean {
  let changed = progressRollouts(state, now);
  const due = Object.values(state.tasks)
    .filter((t) => t.state === 'running' && t.endsAt <= now)
    .sort((a, b) => a.endsAt - b.endsAt);
  for (const task of due) {
    finishTask(state, task, durations);
    changed = true;
  }
  for (const cluster of Object.values(state.clusters)) {
    if (cluster.state === 'deleted' && cluster.goneAt !== undefined && cluster.goneAt <= now) {
      delete state.clusters[cluster.id];
      changed = true;
    }
  }
  return dropOldTasks(state, now) || changed;
}

/** How long a finished task of a cluster that is gone can still be read (DescribeTaskInfo). */
export const TASK_RETENTION_MS = 10 * 60_000;
/** The most finished tasks kept per cluster that still exists: a cluster changed for weeks stays flat. */
export const ENDED_TASKS_PER_CLUSTER = 100;

/**
 * A long-running emulator keeps no task of a cluster long gone (a caller still waiting on the
 * deletion task reads it for a while after the cluster went), and of a live cluster only its
 * newest finished tasks.
 */
function dropOldTasks(state: EmulatorState, now: number): boolean {
  let changed = false;
  const endedByCluster = new Map<string, TaskRecord[]>();
  for (const task of Object.values(state.tasks)) {
    if (task.state === 'running') continue;
    if (!state.clusters[task.clusterId]) {
      if (task.updated + TASK_RETENTION_MS <= now) {
        delete state.tasks[task.id];
        changed = true;
      }
      continue;
    }
    const ended = endedByCluster.get(task.clusterId);
    if (ended) ended.push(task);
    else endedByCluster.set(task.clusterId, [task]);
  }
  for (const ended of endedByCluster.values()) {
    if (ended.length <= ENDED_TASKS_PER_CLUSTER) continue;
    ended.sort((a, b) => b.updated - a.updated || b.created - a.created);
    for (const task of ended.slice(ENDED_TASKS_PER_CLUSTER)) delete state.tasks[task.id];
    changed = true;
  }
  return changed;
}

function finishTask(state: EmulatorState, task: TaskRecord, durations: Durations): void {
  const ok = task.outcome === 'success';
  const at = task.endsAt;
  task.state = task.outcome;
  task.updated = at;
  const effect = task.effect;
  const nodeOutcome = ok ? ('running' as const) : ('failed' as const);
  const results: NonNullable<TaskRecord['results']> = [];
  const settleNodes = (instanceIds: string[]) => {
    for (const id of instanceIds) {
      const node = state.nodes[id];
      if (!node || node.state !== 'initial') continue;
      node.state = nodeOutcome;
      results.push({ data: id, status: ok ? 'success' : 'failed' });
      if (!ok) node.errorMessage = task.error?.message;
      const instance = state.instances[id];
      if (instance && ok && instance.managed) instance.status = 'Running';
    }
  };
  switch (effect.kind) {
    case 'clusterCreate': {
      const cluster = state.clusters[task.clusterId];
      if (cluster && cluster.state === 'initial') {
        cluster.state = ok ? 'running' : 'failed';
        cluster.updated = at;
      }
      break;
    }
    case 'poolCreate': {
      const pool = restPool(state, effect.nodepoolId, at);
      if (pool) settleNodes(Object.values(state.nodes).filter((n) => n.nodepoolId === pool.id).map((n) => n.instanceId));
      break;
    }
    case 'poolRepair': {
      restPool(state, effect.nodepoolId, at);
      for (const id of effect.instanceIds) {
        const node = state.nodes[id];
        if (!node || node.state !== 'failed') continue;
        if (ok) {
          node.state = 'running';
          node.errorMessage = undefined;
        }
        results.push({ data: id, status: ok ? 'success' : 'failed' });
      }
      break;
    }
    case 'poolScale': {
      restPool(state, effect.nodepoolId, at);
      settleNodes(effect.add);
      if (ok) for (const id of effect.remove) releaseNode(state, id);
      else for (const id of effect.remove) if (state.nodes[id]) state.nodes[id].state = 'running';
      break;
    }
    case 'poolAttach': {
      const pool = restPool(state, effect.nodepoolId, at);
      if (ok) {
        settleNodes(effect.instanceIds);
        break;
      }
      // A failed attach hands the instances back untouched, so the same join can be retried.
      for (const id of effect.instanceIds) if (state.nodes[id]?.state === 'initial') releaseNode(state, id);
      if (pool) pool.desiredSize = Math.max(0, pool.desiredSize - effect.instanceIds.length);
      break;
    }
    case 'clusterDelete': {
      const cluster = state.clusters[task.clusterId];
      if (!cluster) break;
      if (!ok) {
        cluster.state = 'failed';
        cluster.updated = at;
        break;
      }
      for (const node of Object.values(state.nodes)) if (node.clusterId === cluster.id) releaseNode(state, node.instanceId);
      for (const pool of Object.values(state.nodePools)) if (pool.clusterId === cluster.id) delete state.nodePools[pool.id];
      delete state.autoscalingConfigs[cluster.id];
      cluster.state = 'deleted';
      cluster.updated = at;
      cluster.goneAt = at + durations.deletedVisibleMs;
      break;
    }
    case 'none':
      break;
    default:
      finishLifecycleTask(state, task, effect, ok);
  }
  task.results = results;
}
