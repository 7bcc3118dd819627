/**
 * The planner: a pure function from a validated profile to the exact API requests `create`
 * sends. Same profile, byte-identical plan: bodies have sorted keys, scripts are stable.
 */

import type { Profile } from '../profile/schema.js';
import { applyScenarios } from '../scenarios/index.js';
import { SCENARIO_IDS, type ScenarioId } from '../scenarios/types.js';
import { attachBody, clusterBody, nodePoolBody } from './bodies.js';
import { emptyNodeTuning, hasNodeTuning, type PlanDraft, type PoolDraft } from './draft.js';
import { describeAutoscaler, describeCluster, describeJoin, describePool, type Fact } from './describe.js';
import { canonicalObject } from './json.js';
import { renderPreJoinScript } from './script.js';
import { withScriptHashTag } from '../lifecycle/script-hash.js';
import { CLUSTER_ID_PLACEHOLDER, nodepoolIdPlaceholder, type Operation, type Plan } from './types.js';

export type { Operation, Plan } from './types.js';
export type { Fact } from './describe.js';

/** What the human plan says about an operation beyond its body. */
export interface OperationDetail {
  /** Key settings, one line each. */
  facts: Fact[];
  /** Scenarios that changed this operation, in catalogue order. */
  tunings: ScenarioId[];
  /** The decoded pre-join script (node pools with node tunings). */
  script?: string;
}

export interface DetailedPlan {
  plan: Plan;
  /** By operation id. */
  details: Map<string, OperationDetail>;
}

export const operationIds = {
  cluster: 'cluster',
  autoscaler: 'autoscaler',
  nodepool: (pool: string) => `nodepool/${pool}`,
  join: (pool: string) => `join/${pool}`,
} as const;

export function planProfile(profile: Profile): Plan {
  return planProfileDetailed(profile).plan;
}

export function planProfileDetailed(profile: Profile): DetailedPlan {
  const draft = buildDraft(profile);
  const operations: Operation[] = [];
  const details = new Map<string, OperationDetail>();

  operations.push({
    id: operationIds.cluster,
    api: 'CreateCluster',
    method: 'POST',
    path: '/clusters',
    body: canonicalObject(draft.cluster.body),
    dependsOn: [],
  });
  details.set(operationIds.cluster, {
    facts: [...describeCluster(draft.cluster.body), ...draft.cluster.manualSteps.map((step): Fact => ['manual step', `${step.by}: ${step.text}`])],
    tunings: ordered(draft.cluster.tunings),
  });

  if (draft.autoscaler) {
    operations.push({
      id: operationIds.autoscaler,
      api: 'CreateAutoscalingConfig',
      method: 'POST',
      path: `/cluster/${CLUSTER_ID_PLACEHOLDER}/autoscale/config/`,
      body: canonicalObject(draft.autoscaler.body),
      dependsOn: [operationIds.cluster],
    });
    details.set(operationIds.autoscaler, { facts: describeAutoscaler(draft.autoscaler.body), tunings: ordered(draft.autoscaler.tunings) });
  }

  for (const pool of draft.pools) {
    const script = finishPool(pool, profile);
    const id = operationIds.nodepool(pool.pool.name);
    operations.push({
      id,
      api: 'CreateClusterNodePool',
      method: 'POST',
      path: `/clusters/${CLUSTER_ID_PLACEHOLDER}/nodepools`,
      body: canonicalObject(pool.body),
      dependsOn: [operationIds.cluster],
    });
    details.set(id, {
      facts: describePool(pool.body, pool.pool.image.os, script !== undefined ? pool.node : undefined),
      tunings: ordered(pool.tunings),
      ...(script !== undefined && { script }),
    });
  }

  for (const pool of draft.pools) {
    const body = attachBody(pool.pool);
    if (!body) continue;
    const id = operationIds.join(pool.pool.name);
    operations.push({
      id,
      api: 'AttachInstancesToNodePool',
      method: 'POST',
      path: `/clusters/${CLUSTER_ID_PLACEHOLDER}/nodepools/${nodepoolIdPlaceholder(pool.pool.name)}/attach`,
      body: canonicalObject(body),
      dependsOn: [operationIds.nodepool(pool.pool.name)],
    });
    details.set(id, { facts: describeJoin(body), tunings: [] });
  }

  return { plan: { profile: profile.metadata.name, region: profile.metadata.region, operations }, details };
}

function buildDraft(profile: Profile): PlanDraft {
  const draft: PlanDraft = {
    profile,
    cluster: { body: clusterBody(profile), tunings: new Set(), manualSteps: [] },
    pools: profile.nodePools.map((pool, index) => ({
      index,
      pool,
      body: nodePoolBody(profile, pool),
      node: emptyNodeTuning(),
      unsafeSysctls: new Set(pool.allowedUnsafeSysctls),
      tunings: new Set(),
    })),
  };
  applyScenarios(draft);
  return draft;
}

/** Writes the kubelet settings and the pre-join script into the pool body; returns the script. */
function finishPool(pool: PoolDraft, profile: Profile): string | undefined {
  // The pool's own sysctls are the most specific word (the validator flags contradictions).
  for (const [name, value] of Object.entries(pool.pool.sysctls)) pool.node.sysctls.set(name, String(value));

  const kubelet = {
    ...(pool.pool.kubelet.maxPods !== undefined && { maxPods: pool.pool.kubelet.maxPods }),
    ...(pool.unsafeSysctls.size > 0 && { allowedUnsafeSysctls: [...pool.unsafeSysctls].sort() }),
  };
  if (Object.keys(kubelet).length > 0) pool.body.node_config = { kubelet_configuration: kubelet };

  if (!hasNodeTuning(pool.node)) return undefined;
  const script = renderPreJoinScript(pool.node, { profile: profile.metadata.name, pool: pool.pool.name, tunings: ordered(pool.tunings) });
  pool.body.kubernetes_config.pre_user_data = Buffer.from(script, 'utf8').toString('base64');
  pool.body.scaling_group.tags = withScriptHashTag(pool.body.scaling_group.tags, pool.body.kubernetes_config.pre_user_data);
  return script;
}

function ordered(tunings: ReadonlySet<ScenarioId>): ScenarioId[] {
  return SCENARIO_IDS.filter((id) => tunings.has(id));
}
