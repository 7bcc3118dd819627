/**
 * Walks the planned steps against the cloud: the DAG in parallel (all node pools at once
 * once the cluster runs), each creation reconciled against what exists when its answer was
 * lost (a retry never makes a second cluster or pool), tasks waited on with the bounded poll
 * schedule, attach batched. Produces a report of what was created, found, left pending or
 * failed; the command turns that into output and errors.
 */

import type { AckGateway, ClusterSummary, NodePoolSummary } from '../cloud/types.js';
import type { ProgressEvent } from '../ui/reporter.js';
import type { OperationKind, PlannedStep } from './intents.js';
import type { PollSchedule } from './poll.js';
import { runDag, type NodeOutcome } from './scheduler.js';
import { ApplyState, makeStepContext, type StepRunner } from './step-context.js';
import { runAutoscaler } from './steps/autoscaler.js';
import { runCluster } from './steps/cluster.js';
import { runJoin } from './steps/join.js';
import { runNodePool } from './steps/nodepool.js';

export { isTaskFailed, isTaskSucceeded, taskFailureStage } from './tasks.js';

export { ATTACH_BATCH_SIZE } from './steps/join.js';

const RUNNERS: Record<OperationKind, StepRunner> = {
  cluster: runCluster,
  nodepool: runNodePool,
  join: runJoin,
  autoscaler: runAutoscaler,
};

export interface ApplyOptions {
  ack: AckGateway;
  steps: PlannedStep[];
  /** metadata.name: the cluster name and the `ackl2.io/profile` tag value. */
  profile: string;
  /** Cluster found by discovery (for steps whose cluster exists). */
  existingCluster?: ClusterSummary | undefined;
  /** Pools found by discovery, by name. */
  existingPools?: Map<string, NodePoolSummary> | undefined;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  poll: PollSchedule;
  /** Submit what can be submitted, wait for nothing. */
  noWait?: boolean;
  maxParallel?: number;
  /** Exact Kubernetes version resolved by preflight (replaces a minor like "1.30"). */
  kubernetesVersion?: string | undefined;
  progress: (event: ProgressEvent) => void;
  onSecret?: (secret: string) => void;
  deleteCommand: string;
  now?: () => number;
}

export type StepAction = 'created' | 'found' | 'waited' | 'retried' | 'repaired' | 'attached' | 'configured' | 'none';

export interface StepReport {
  id: string;
  kind: OperationKind;
  pool: string | undefined;
  api: string;
  outcome: NodeOutcome['status'];
  /** What this run did. */
  action: StepAction;
  resourceId?: string | undefined;
  state?: string | undefined;
  taskId?: string | undefined;
  error?: unknown;
  blockedBy?: string | undefined;
  durationMs?: number | undefined;
}

export interface JoinReport {
  pool: string;
  instanceId: string;
  result: 'attached' | 'already-attached' | 'failed' | 'submitted' | 'pending';
  message?: string | undefined;
}

export interface ApplyReport {
  clusterId: string | undefined;
  clusterState: string | undefined;
  steps: StepReport[];
  pools: Map<string, { id?: string | undefined; state?: string | undefined; desiredSize?: number | undefined; nodes?: number | undefined }>;
  joins: JoinReport[];
}

export async function applySteps(options: ApplyOptions): Promise<ApplyReport> {
  const now = options.now ?? (() => Date.now());
  const state = new ApplyState();
  const ctx = makeStepContext(options, state);
  if (options.existingCluster) {
    state.clusterId = options.existingCluster.clusterId;
    state.clusterState = options.existingCluster.state;
  }
  for (const [name, pool] of options.existingPools ?? []) {
    state.pools.set(name, { id: pool.nodepoolId, state: pool.state, desiredSize: pool.desiredSize, nodes: pool.nodes.total });
  }
  const byId = new Map(options.steps.map((s) => [s.op.id, s]));
  const autoscaler = options.steps.find((s) => s.kind === 'autoscaler');
  const report = (step: PlannedStep): StepReport => {
    let r = state.reports.get(step.op.id);
    if (!r) {
      r = { id: step.op.id, kind: step.kind, pool: step.pool, api: step.op.api, outcome: 'pending', action: 'none' };
      state.reports.set(step.op.id, r);
    }
    return r;
  };

  const nodes = options.steps.map((s) => ({
    id: s.op.id,
    // Pools wait for the autoscaler config so "a pool exists" proves it was applied (intents.ts).
    dependsOn: s.kind === 'nodepool' && autoscaler ? [...new Set([...s.op.dependsOn, autoscaler.op.id])] : s.op.dependsOn,
  }));

  const outcomes = await runDag(
    nodes,
    async (id) => {
      const step = byId.get(id)!;
      const r = report(step);
      const started = now();
      try {
        return await RUNNERS[step.kind](ctx, step, r);
      } finally {
        r.durationMs = now() - started;
      }
    },
    { maxParallel: options.maxParallel, signal: options.signal },
  );

  const steps = options.steps.map((step) => {
    const r = report(step);
    const outcome = outcomes.get(step.op.id)!;
    r.outcome = outcome.status;
    if (outcome.status === 'failed') r.error = outcome.error;
    if (outcome.status === 'blocked') r.blockedBy = outcome.by;
    if (step.kind === 'cluster') r.state = state.clusterState;
    if (step.kind === 'nodepool' && step.pool) r.state = state.pools.get(step.pool)?.state;
    if (step.kind === 'join' && step.pool && (outcome.status === 'pending' || outcome.status === 'blocked')) {
      for (const id of step.intent.kind === 'attach' ? step.intent.instances : []) state.joins.push({ pool: step.pool, instanceId: id, result: 'pending' });
    }
    return r;
  });

  return { clusterId: state.clusterId, clusterState: state.clusterState, steps, pools: state.pools, joins: state.joins };
}

