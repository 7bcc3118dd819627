/**
 * Managed state transitions. Work the API accepts becomes a task with a start time, an end
 * time and an outcome decided up front; `settle(state, now)` (settle.ts) applies every task
 * whose end has passed. Nothing runs on timers: state is a function of stored timestamps and the clock, so
 * a restarted emulator continues exactly where the previous one stopped.
 */

import type { FaultController } from './faults.js';
import type { IdFactory } from './random.js';
import type { EmulatorState, JsonObject, NodePoolRecord, NodePoolState, TaskEffect, TaskRecord } from './state.js';

/** Task durations at speed 1 (divided by the speed factor). Seconds, not minutes. */
export interface Durations {
  clusterCreateMs: number;
  nodePoolCreateMs: number;
  scaleMs: number;
  attachMs: number;
  clusterDeleteMs: number;
  /** How long a deleted cluster stays visible (state "deleted") before it is gone. */
  deletedVisibleMs: number;
  /** Small housekeeping tasks (autoscaler config). */
  quickTaskMs: number;
  /** One batch of a rolling pool upgrade: nodes drained, system disks replaced, rejoined. */
  nodeReplaceMs: number;
}

export const DEFAULT_DURATIONS: Durations = {
  clusterCreateMs: 6000,
  nodePoolCreateMs: 4000,
  scaleMs: 3000,
  attachMs: 3000,
  clusterDeleteMs: 3000,
  deletedVisibleMs: 2000,
  quickTaskMs: 500,
  nodeReplaceMs: 2000,
};

export function scaleDurations(durations: Partial<Durations>, speed: number): Durations {
  const merged = { ...DEFAULT_DURATIONS, ...durations };
  const scaled = {} as Durations;
  for (const key of Object.keys(merged) as (keyof Durations)[]) scaled[key] = Math.max(1, Math.round(merged[key] / speed));
  return scaled;
}

const STAGES: Record<string, string[]> = {
  cluster_create: ['CreateVPCResources', 'CreateMasterResources', 'InitializeCluster', 'InstallAddons'],
  cluster_delete: ['DeleteNodePools', 'DeleteMasterResources', 'DeleteClusterResources'],
  nodepool_create: ['CreateScalingGroup', 'ScaleOutNodes', 'InitializeNodes'],
  nodepool_scale_out: ['ScaleOutNodes', 'InitializeNodes'],
  nodepool_scale_in: ['DrainNodes', 'RemoveNodes'],
  nodepool_update: ['UpdateNodePool'],
  nodepool_attach: ['CheckInstances', 'AttachInstances', 'InitializeNodes'],
  nodepool_repair: ['RepairNodes'],
  cluster_autoscaler_config: ['InstallClusterAutoscaler'],
  cluster_update: ['UpdateCluster'],
  cluster_upgrade: ['PreCheck', 'UpgradeMasters', 'UpgradeAddons'],
  nodepool_update_config: ['UpdateNodeConfig', 'RollNodes'],
  nodepool_delete: ['DrainNodes', 'RemoveNodes', 'DeleteScalingGroup'],
  nodepool_upgrade: ['PreCheck', 'ReplaceSystemDisks', 'PostCheck'],
};

const FAILURES: Record<string, { code: string; message: string }> = {
  cluster_create: { code: 'ClusterInitFailed', message: 'failed to install addons: timed out waiting for the control plane (emulated fault)' },
  cluster_delete: { code: 'ClusterDeleteFailed', message: 'failed to release cluster resources (emulated fault)' },
  nodepool_create: { code: 'NodePoolInitFailed', message: 'nodes failed to join the cluster: kubelet did not become ready (emulated fault)' },
  nodepool_scale_out: { code: 'ScaleOutFailed', message: 'scaling activity failed: nodes did not become ready (emulated fault)' },
  nodepool_scale_in: { code: 'ScaleInFailed', message: 'failed to drain nodes (emulated fault)' },
  nodepool_update: { code: 'NodePoolUpdateFailed', message: 'failed to update the node pool (emulated fault)' },
  nodepool_repair: { code: 'RepairNodesFailed', message: 'nodes are still not ready after the repair (emulated fault)' },
  nodepool_attach: { code: 'AttachInstancesFailed', message: 'instances failed to join the cluster: pre_user_data exited with status 1 (emulated fault)' },
  cluster_autoscaler_config: { code: 'InstallAutoscalerFailed', message: 'failed to install cluster-autoscaler (emulated fault)' },
  cluster_upgrade: { code: 'ClusterUpgradeFailed', message: 'control plane upgrade failed a health check (emulated fault)' },
  nodepool_update_config: { code: 'NodeConfigUpdateFailed', message: 'kubelet did not restart on a node (emulated fault)' },
  nodepool_delete: { code: 'NodePoolDeleteFailed', message: 'failed to drain nodes (emulated fault)' },
  nodepool_upgrade: { code: 'NodePoolUpgradeFailed', message: 'a replaced node did not become ready; the rollout stopped (emulated fault)' },
};

export interface TaskContext {
  state: EmulatorState;
  now: number;
  ids: IdFactory;
  faults: FaultController;
  /** The API action starting the task (one-shot taskFail faults aim at it). */
  action: string;
  /** Set when a taskFail fault was injected, for the call log. */
  injectedTaskFail?: boolean;
}

export function startTask(
  ctx: TaskContext,
  fields: { type: string; clusterId: string; target: TaskRecord['target']; durationMs: number; effect: TaskEffect; parameters?: JsonObject },
): TaskRecord {
  const stages = STAGES[fields.type] ?? ['Run'];
  const decision = ctx.faults.taskFails(ctx.action);
  if (decision.fail) ctx.injectedTaskFail = true;
  const task: TaskRecord = {
    id: ctx.ids.task(),
    type: fields.type,
    clusterId: fields.clusterId,
    target: fields.target,
    created: ctx.now,
    endsAt: ctx.now + fields.durationMs,
    outcome: decision.fail ? 'fail' : 'success',
    state: 'running',
    stages,
    failStage: decision.fail ? stages[stages.length - 1] : undefined,
    error: decision.fail ? failureOf(fields.type) : undefined,
    parameters: fields.parameters ?? {},
    effect: fields.effect,
    updated: ctx.now,
  };
  ctx.state.tasks[task.id] = task;
  return task;
}

/** Make a task that has not ended yet end in failure, with its type's error. */
export function failTaskUpFront(task: TaskRecord): void {
  task.outcome = 'fail';
  task.failStage = task.stages[task.stages.length - 1];
  task.error = failureOf(task.type);
}

const failureOf = (type: string): { code: string; message: string } => FAILURES[type] ?? { code: 'TaskFailed', message: 'task failed (emulated fault)' };

/** A node leaves its cluster: instances made for the pool are released, attached ones detached. */
export function releaseNode(state: EmulatorState, instanceId: string): void {
  delete state.nodes[instanceId];
  const instance = state.instances[instanceId];
  if (!instance) return;
  if (instance.managed) delete state.instances[instanceId];
  else instance.clusterId = undefined;
}

/** Stage view of a task at `now`, for DescribeTaskInfo. */
export function taskStages(task: TaskRecord, now: number): { current: string; stages: { state: string; message: string; start_time: string; end_time: string; outputs: JsonObject }[] } {
  const n = task.stages.length;
  const span = Math.max(1, task.endsAt - task.created);
  const stageStart = (i: number) => task.created + Math.floor((span * i) / n);
  const iso = (t: number) => new Date(t).toISOString();
  const stages: { state: string; message: string; start_time: string; end_time: string; outputs: JsonObject }[] = [];
  let current = task.stages[n - 1] ?? '';
  for (let i = 0; i < n; i++) {
    const name = task.stages[i] ?? '';
    const start = stageStart(i);
    const end = stageStart(i + 1);
    if (task.state === 'running') {
      if (now >= end) stages.push({ state: 'success', message: name, start_time: iso(start), end_time: iso(end), outputs: {} });
      else if (now >= start) {
        stages.push({ state: 'running', message: name, start_time: iso(start), end_time: '', outputs: {} });
        current = name;
      }
    } else if (task.state === 'fail' && name === task.failStage) {
      stages.push({ state: 'fail', message: `${name}: ${task.error?.message ?? 'failed'}`, start_time: iso(start), end_time: iso(end), outputs: {} });
      current = name;
      break;
    } else {
      stages.push({ state: 'success', message: name, start_time: iso(start), end_time: iso(end), outputs: {} });
    }
  }
  return { current, stages };
}

/** A task on one node pool; with `state`, the pool enters that busy state as the task starts. */
export function startPoolTask(
  ctx: TaskContext,
  pool: NodePoolRecord,
  state: NodePoolState | undefined,
  fields: { type: string; durationMs: number; effect: TaskEffect; parameters?: JsonObject },
): TaskRecord {
  if (state) {
    pool.state = state;
    pool.updated = ctx.now;
  }
  return startTask(ctx, { ...fields, clusterId: pool.clusterId, target: { type: 'nodepool', id: pool.id } });
}
