/**
 * What the apply will do with each planned operation, given what already exists: the diff
 * between the plan and the cloud. Shown before confirmation, and what a rerun after success
 * finds ("nothing to do").
 */

import { UserError } from '../errors.js';
import type { JsonObject, Operation, Plan } from '../plan/types.js';
import type { ExistingState } from './discover.js';
import { nodepoolOfPath } from './placeholders.js';
import { sameSysctlValue } from '../scenarios/os-parameters.js';
import { mergeFor } from '../kube/merges.js';
import { objectLabel, objectPath, type KubeObject } from '../kube/objects.js';

export type OperationKind = 'cluster' | 'nodepool' | 'join' | 'autoscaler' | 'osParameters' | 'kube';

/** A node pool sent inside CreateCluster's `nodepools[]` (src/plan/inline-pools.ts). */
export interface InlinePool {
  name: string;
  body: JsonObject;
}

export type Intent =
  /** `inlinePools`: the cluster's CreateCluster also creates these pools. */
  | { kind: 'create'; inlinePools?: InlinePool[] }
  /** A node pool the cluster's CreateCluster creates: find it once the cluster runs, wait until it is active. */
  | { kind: 'inline' }
  /** Exists; `ready` false means still being created: wait for it. */
  | { kind: 'exists'; id: string; state: string; ready: boolean; failedNodes?: number }
  /** A node pool an earlier run created whose scale-out failed: ask for its size again. */
  | { kind: 'retry'; id: string; state: string }
  | { kind: 'attach'; instances: string[]; alreadyAttached: string[] }
  | { kind: 'configure' }
  | { kind: 'done'; reason: string };

export interface PlannedStep {
  op: Operation;
  kind: OperationKind;
  /** Pool name for nodepool/join operations. */
  pool: string | undefined;
  intent: Intent;
}

export const CLUSTER_READY_STATES = new Set(['running']);
export const CLUSTER_FAILED_STATES = new Set(['failed', 'unavailable', 'stopped']);
export const POOL_READY_STATES = new Set(['active']);
export const POOL_FAILED_STATES = new Set(['failed', 'deleting', 'deleted', 'delete_failed']);

export function kindOf(op: Operation): OperationKind {
  switch (op.api) {
    case 'CreateCluster':
      return 'cluster';
    case 'CreateClusterNodePool':
      return 'nodepool';
    case 'AttachInstancesToNodePool':
      return 'join';
    case 'CreateAutoscalingConfig':
      return 'autoscaler';
    case 'ModifyNodePoolNodeConfig':
      return 'osParameters';
    case 'ApplyConfigMap':
    case 'ApplyNamespace':
      return 'kube';
  }
}

export function poolOf(op: Operation): string | undefined {
  if (op.api === 'CreateClusterNodePool') {
    const info = op.body.nodepool_info;
    if (info && typeof info === 'object' && !Array.isArray(info) && typeof info.name === 'string') return info.name;
    return op.id.replace(/^nodepool\//, '');
  }
  if (op.api === 'AttachInstancesToNodePool') return nodepoolOfPath(op.path) ?? op.id.replace(/^join\//, '');
  if (op.api === 'ModifyNodePoolNodeConfig') return nodepoolOfPath(op.path);
  return undefined;
}

/** The object a kube step merges into the cluster (the operation's body). */
export function kubeObjectOf(op: Operation): KubeObject {
  return op.body as unknown as KubeObject;
}

/** The objects the plan's kube steps merge into: discovery reads them live (discover.ts). */
export function kubeTargetsOf(plan: Plan): KubeObject[] {
  return plan.operations.filter((op) => kindOf(op) === 'kube').map(kubeObjectOf);
}

/** The pools the plan sets OS parameters on: discovery reads their live values (discover.ts). */
export function osParameterPoolsOf(plan: Plan): string[] {
  return plan.operations.flatMap((op) => {
    const pool = op.api === 'ModifyNodePoolNodeConfig' ? poolOf(op) : undefined;
    return pool === undefined ? [] : [pool];
  });
}

export function instancesOf(op: Operation): string[] {
  const list = op.body.instances;
  return Array.isArray(list) ? list.filter((i): i is string => typeof i === 'string') : [];
}

export function decideIntents(plan: Plan, existing: ExistingState): PlannedStep[] {
  const steps: PlannedStep[] = [];
  const anyPlannedPoolExists = plan.operations.some((op) => {
    const pool = op.api === 'CreateClusterNodePool' ? poolOf(op) : undefined;
    return pool !== undefined && existing.pools.has(pool);
  });
  for (const op of plan.operations) {
    const kind = kindOf(op);
    const pool = poolOf(op);
    steps.push({ op, kind, pool, intent: decideOne(op, kind, pool, existing, anyPlannedPoolExists) });
  }
  return withInlinePools(steps);
}

/**
 * A cluster this run creates carries the missing pools the plan marks inline: those steps
 * only wait for their pool. A cluster that exists (a rerun) carries none: a missing pool is
 * then created on its own, and an inline pool an earlier run sent is found by name.
 */
function withInlinePools(steps: PlannedStep[]): PlannedStep[] {
  const cluster = steps.find((s) => s.kind === 'cluster');
  if (cluster?.intent.kind !== 'create') return steps;
  const inline = steps.filter((s) => s.kind === 'nodepool' && s.op.inline === true && s.intent.kind === 'create' && s.pool !== undefined);
  if (inline.length === 0) return steps;
  const carried = new Set(inline);
  return steps.map((s) => {
    if (s === cluster) return { ...s, intent: { kind: 'create', inlinePools: inline.map((p) => ({ name: p.pool!, body: p.op.body })) } };
    return carried.has(s) ? { ...s, intent: { kind: 'inline' } } : s;
  });
}

function decideOne(op: Operation, kind: OperationKind, pool: string | undefined, existing: ExistingState, anyPlannedPoolExists: boolean): Intent {
  switch (kind) {
    case 'cluster': {
      const c = existing.cluster;
      if (!c) return { kind: 'create' };
      return { kind: 'exists', id: c.clusterId, state: c.state, ready: CLUSTER_READY_STATES.has(c.state) };
    }
    case 'nodepool': {
      const p = pool === undefined ? undefined : existing.pools.get(pool);
      if (!p) return { kind: 'create' };
      if (p.state === 'failed') return { kind: 'retry', id: p.nodepoolId, state: p.state };
      // Health, not state: an active pool with failed nodes still has work to do (repair them).
      return { kind: 'exists', id: p.nodepoolId, state: p.state, ready: POOL_READY_STATES.has(p.state) && p.nodes.failed === 0, failedNodes: p.nodes.failed };
    }
    case 'join': {
      const wanted = instancesOf(op);
      const target = pool === undefined ? undefined : existing.pools.get(pool);
      const alreadyAttached: string[] = [];
      const elsewhere: string[] = [];
      const missing: string[] = [];
      for (const id of wanted) {
        const node = existing.nodes.get(id);
        if (!node) missing.push(id);
        else if (target && node.nodepoolId === target.nodepoolId) alreadyAttached.push(id);
        else elsewhere.push(`${id} (in node pool ${node.nodepoolId ?? 'unknown'})`);
      }
      if (elsewhere.length > 0) {
        throw new UserError(`instances listed for pool "${pool}" are already nodes of another pool of this cluster: ${elsewhere.join(', ')}`, {
          hint: 'list each instance under one pool only, or remove it from the other pool first',
        });
      }
      if (missing.length === 0) return { kind: 'done', reason: `all ${alreadyAttached.length} instance(s) already attached` };
      return { kind: 'attach', instances: missing, alreadyAttached };
    }
    case 'autoscaler':
      // Node pools are created only after the autoscaler config succeeded (engine.ts), so an
      // existing pool proves an earlier run configured it.
      return anyPlannedPoolExists ? { kind: 'done', reason: 'configured by an earlier run' } : { kind: 'configure' };
    case 'osParameters': {
      const live = pool === undefined ? undefined : existing.osSysctls?.get(pool);
      const missing = live === undefined ? undefined : missingSysctls(op, live);
      return missing !== undefined && missing.length === 0 ? { kind: 'done', reason: 'the pool already has these OS parameters' } : { kind: 'configure' };
    }
    case 'kube': {
      // Read by discovery only from a running cluster; unread means the step checks for itself.
      const wanted = kubeObjectOf(op);
      const live = existing.kubeObjects?.get(objectPath(wanted));
      if (live === undefined) return { kind: 'configure' };
      try {
        return mergeFor(wanted)(live ?? undefined) === undefined ? { kind: 'done', reason: `${objectLabel(wanted)} already holds these settings` } : { kind: 'configure' };
      } catch {
        // A live object ackl2 cannot merge: the step runs and fails with the reason.
        return { kind: 'configure' };
      }
    }
  }
}

/** The planned OS parameters (`os_config.sysctl`) the live pool lacks or holds with another value. */
export function missingSysctls(op: Operation, live: Readonly<Record<string, string>>): string[] {
  const config = op.body.os_config;
  const wanted = config && typeof config === 'object' && !Array.isArray(config) ? config.sysctl : undefined;
  if (!wanted || typeof wanted !== 'object' || Array.isArray(wanted)) return [];
  return Object.entries(wanted)
    .filter(([name, value]) => !sameSysctlValue(value, live[name]))
    .map(([name]) => name);
}

/**
 * `apply`: the OS parameters of a pool that exists already are left to its in-place changes,
 * which send them with the pool's kubelet settings in one ModifyNodePoolNodeConfig: one roll
 * over the nodes, not two. A pool this run creates still gets them as a create step.
 */
export function leaveNodeConfigToInPlace(steps: readonly PlannedStep[], existing: ExistingState): PlannedStep[] {
  return steps.map((step) =>
    step.kind === 'osParameters' && step.intent.kind === 'configure' && step.pool !== undefined && existing.pools.has(step.pool)
      ? { ...step, intent: { kind: 'done', reason: LEFT_TO_IN_PLACE } }
      : step,
  );
}

export const LEFT_TO_IN_PLACE = 'left to the in-place changes (one ModifyNodePoolNodeConfig with the kubelet settings)';

/** The steps leaveNodeConfigToInPlace handed over, by operation id -> pool. */
export function leftToInPlace(steps: readonly PlannedStep[]): Map<string, string> {
  return new Map(steps.flatMap((s) => (s.intent.kind === 'done' && s.intent.reason === LEFT_TO_IN_PLACE && s.pool !== undefined ? [[s.op.id, s.pool] as const] : [])));
}

export function hasChanges(steps: readonly PlannedStep[]): boolean {
  return steps.some((s) => s.intent.kind === 'create' || s.intent.kind === 'inline' || s.intent.kind === 'attach' || s.intent.kind === 'configure' || s.intent.kind === 'retry' || (s.intent.kind === 'exists' && !s.intent.ready));
}

/** One line per step: `+ nodepool/web  CreateClusterNodePool` / `= cluster  exists (c-1, running)`. */
export function describeIntent(step: PlannedStep): string {
  const i = step.intent;
  switch (i.kind) {
    case 'create':
      return `+ ${step.op.id}: ${step.op.api}${i.inlinePools?.length ? ` with node pool(s) ${i.inlinePools.map((p) => p.name).join(', ')} inline (nodepools[])` : ''}`;
    case 'inline':
      return `+ ${step.op.id}: created by CreateCluster (nodepools[]) with the cluster`;
    case 'configure':
      return `+ ${step.op.id}: ${step.op.api}`;
    case 'attach':
      return `+ ${step.op.id}: ${step.op.api} ${i.instances.length} instance(s)${i.alreadyAttached.length > 0 ? `, ${i.alreadyAttached.length} already attached` : ''}`;
    case 'exists':
      if (i.ready) return `= ${step.op.id}: exists (${i.id}, ${i.state})`;
      if (i.failedNodes) return `~ ${step.op.id}: exists (${i.id}, ${i.state}) with ${i.failedNodes} failed node(s): repair them`;
      return `~ ${step.op.id}: exists (${i.id}, ${i.state}), wait until ready`;
    case 'retry':
      return `~ ${step.op.id}: exists (${i.id}) but ${i.state}; ask for its nodes again`;
    case 'done':
      return `= ${step.op.id}: ${i.reason}`;
  }
}
