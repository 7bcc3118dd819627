/**
 * Walks the planned steps against the cloud: the DAG in parallel (all node pools at once
 * once the cluster runs), each creation reconciled against what exists when its answer was
 * lost (a retry never makes a second cluster or pool), tasks waited on with the bounded poll
 * schedule, attach batched. Produces a report of what was created, found, left pending or
 * failed; the command turns that into output and errors.
 */

import type { OperationKind, PlannedStep } from './intents.js';
import { runDag } from './scheduler.js';
import type { ApplyOptions, ApplyReport, StepReport } from './types.js';
import { ApplyState, makeStepContext, type StepRunner } from './step-context.js';
import { runAutoscaler } from './steps/autoscaler.js';
import { runCluster } from './steps/cluster.js';
import { runJoin } from './steps/join.js';
import { runNodePool } from './steps/nodepool.js';
import { runOsParameters } from './steps/os-parameters.js';
import { runKubeObject } from './steps/kube-object.js';

export { isTaskFailed, isTaskSucceeded, taskFailureStage } from './tasks.js';

export { ATTACH_BATCH_SIZE } from './steps/join.js';

const RUNNERS: Record<OperationKind, StepRunner> = {
  cluster: runCluster,
  nodepool: runNodePool,
  join: runJoin,
  autoscaler: runAutoscaler,
  osParameters: runOsParameters,
  kube: runKubeObject,
};

export type { ApplyOptions, ApplyReport, JoinReport, StepAction, StepReport } from './types.js';

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

