/**
 * What a run will change, by kind: the scope of its preflight. Each check guards some kinds
 * (preflight-checks/), and judges only the pools with one of them planned, so an apply that
 * only resizes and relabels pools asks the account nothing, while anything that creates, or
 * brings a pool new instance types, vSwitches, an image or a key pair, is checked as before.
 *
 * Sizes and autoscaling bounds are guarded by no account check: whether the zones have stock
 * for more nodes is ACK's answer at the moment it scales (its scaling group tries each of the
 * pool's instance types and zones), which the scale task reports and apply shows as the
 * failure, the pool resting at its old size; a rerun converges. The types themselves were
 * checked when the pool was created or last given new ones.
 */

import type { Profile } from '../profile/schema.js';
import type { DiffReport } from '../lifecycle/differ.js';
import type { PlannedStep } from './intents.js';

export type GuardedChange =
  /** Cluster-wide: CreateCluster, UpgradeCluster. */
  | 'create-cluster'
  | 'upgrade-cluster'
  /** A pool created (or a failed one asked for its nodes again: create's resume). */
  | 'create-pool'
  | 'attach-instances'
  /** In place (ModifyClusterNodePool, ModifyNodePoolNodeConfig, UpgradeClusterNodepool). */
  | 'scale'
  | 'autoscaling'
  | 'instance-types'
  | 'vswitches'
  | 'image'
  | 'upgrade-pool'
  | 'disks'
  | 'login'
  | 'kubelet'
  /** Labels, taints, tags, the pre-join script, OS parameters: nothing the account can refuse up front. */
  | 'settings';

export interface PreflightScope {
  cluster: ReadonlySet<GuardedChange>;
  /** By pool name. */
  pools: ReadonlyMap<string, ReadonlySet<GuardedChange>>;
}

/** Everything the profile describes, created: what `create` of a new cluster checks. */
export function wholeProfileScope(profile: Profile): PreflightScope {
  return {
    cluster: new Set(['create-cluster']),
    pools: new Map(profile.nodePools.map((pool) => [pool.name, new Set<GuardedChange>(pool.join ? ['create-pool', 'attach-instances'] : ['create-pool'])])),
  };
}

class ScopeBuilder {
  readonly cluster = new Set<GuardedChange>();
  readonly pools = new Map<string, Set<GuardedChange>>();

  pool(name: string, change: GuardedChange): void {
    let set = this.pools.get(name);
    if (!set) this.pools.set(name, (set = new Set()));
    set.add(change);
  }
}

/** The changes create's steps make: what is created, resumed or attached. */
function addSteps(scope: ScopeBuilder, steps: readonly PlannedStep[]): void {
  for (const step of steps) {
    const kind = step.intent.kind;
    if (step.kind === 'cluster' && kind === 'create') scope.cluster.add('create-cluster');
    if (step.kind === 'nodepool' && step.pool !== undefined && (kind === 'create' || kind === 'inline' || kind === 'retry')) scope.pool(step.pool, 'create-pool');
    if (step.kind === 'join' && step.pool !== undefined && kind === 'attach') scope.pool(step.pool, 'attach-instances');
  }
}

const POOL_FIELD_CHANGES: Record<string, GuardedChange> = {
  desiredSize: 'scale',
  autoscaling: 'autoscaling',
  instanceTypes: 'instance-types',
  vswitchIds: 'vswitches',
  'image.id': 'image',
  'image.os': 'image',
  kubernetesVersion: 'upgrade-pool',
  systemDisk: 'disks',
  dataDisks: 'disks',
  'login.keyPair': 'login',
};

function poolFieldChange(field: string): GuardedChange {
  if (field.startsWith('kubelet.') && field !== 'kubelet.cpuManagerPolicy') return 'kubelet';
  return POOL_FIELD_CHANGES[field] ?? 'settings';
}

/** The changes apply makes in place: every differing field of a pool or cluster that exists. */
function addDiff(scope: ScopeBuilder, report: DiffReport): void {
  for (const resource of report.resources) {
    if (resource.action !== 'update') continue;
    for (const f of resource.fields) {
      if (f.status !== 'differs') continue;
      if (resource.kind === 'cluster') {
        if (f.field === 'kubernetesVersion') scope.cluster.add('upgrade-cluster');
      } else {
        scope.pool(resource.name, poolFieldChange(f.field));
      }
    }
  }
}

/** The scope of a run: create's steps, and with `apply` the in-place differences of what exists. */
export function scopeOf(steps: readonly PlannedStep[], inPlace?: DiffReport): PreflightScope {
  const scope = new ScopeBuilder();
  addSteps(scope, steps);
  if (inPlace) addDiff(scope, inPlace);
  return scope;
}
