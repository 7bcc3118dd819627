/**
 * The planner: a pure function from a validated profile to the exact API requests `create`
 * sends. Same profile, byte-identical plan: bodies have sorted keys, scripts are stable.
 */

import type { Profile } from '../profile/schema.js';
import { applyScenarios } from '../scenarios/index.js';
import { SCENARIO_IDS, type ScenarioId } from '../scenarios/types.js';
import { attachBody, clusterBody, nodePoolBody } from './bodies.js';
import { emptyNodeTuning, hasNodeTuning, type KubeObjectDraft, type PlanDraft, type PoolDraft } from './draft.js';
import { describeAutoscaler, describeCluster, describeJoin, describeOsParameters, describePool, type Fact } from './describe.js';
import { clusterTakesOsParameters, splitNodeSysctls } from '../scenarios/os-parameters.js';
import { canonicalObject } from './json.js';
import { markInlinePools } from './inline-pools.js';
import { objectLabel, objectPath } from '../kube/objects.js';
import { renderPreJoinScript } from './script.js';
import { withScriptHashTag } from '../lifecycle/script-hash.js';
import { CLUSTER_ID_PLACEHOLDER, nodepoolIdPlaceholder, type JsonObject, type Operation, type Plan } from './types.js';
import { MAX_ROLLING_PARALLELISM, type OsParametersBody } from './wire.js';

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
  osParameters: (pool: string) => `os-parameters/${pool}`,
} as const;

const KUBE_APIS = { Namespace: 'ApplyNamespace', ConfigMap: 'ApplyConfigMap' } as const;

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
    facts: describeCluster(draft.cluster.body),
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

  // Listed before the pools that wait for them, so the plan reads in the order things happen.
  addKubeOperations(draft.cluster.kubeObjects.filter((k) => k.beforePools), operations, details);

  const osParameters = new Map<string, Map<string, string>>();
  for (const pool of draft.pools) {
    const { script, osSysctls } = finishPool(pool, profile);
    if (osSysctls.size > 0) osParameters.set(pool.pool.name, osSysctls);
    const id = operationIds.nodepool(pool.pool.name);
    operations.push({
      id,
      api: 'CreateClusterNodePool',
      method: 'POST',
      path: `/clusters/${CLUSTER_ID_PLACEHOLDER}/nodepools`,
      body: canonicalObject(pool.body),
      dependsOn: [operationIds.cluster, ...draft.cluster.kubeObjects.filter((k) => k.beforePools).map((k) => k.id)],
    });
    details.set(id, {
      facts: describePool(pool.body, pool.pool.image.os, script !== undefined ? pool.node : undefined, osSysctls, clusterTakesOsParameters(profile.cluster.kubernetesVersion)),
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

  for (const pool of draft.pools) {
    const sysctls = osParameters.get(pool.pool.name);
    if (!sysctls) continue;
    const id = operationIds.osParameters(pool.pool.name);
    const body = osParametersBody(sysctls, pool.pool.rollingPolicy.maxUnavailable);
    const joins = operations.some((o) => o.id === operationIds.join(pool.pool.name)) ? [operationIds.join(pool.pool.name)] : [];
    operations.push({
      id,
      api: 'ModifyNodePoolNodeConfig',
      method: 'PUT',
      path: `/clusters/${CLUSTER_ID_PLACEHOLDER}/nodepools/${nodepoolIdPlaceholder(pool.pool.name)}/node_config`,
      body: canonicalObject(body),
      // After the pool's own nodes and any attached instances: ACK changes one pool at a time.
      dependsOn: [operationIds.nodepool(pool.pool.name), ...joins],
    });
    // The pool's own sysctls (no scenario sets one ACK takes): no tuning to name.
    details.set(id, { facts: describeOsParameters(sysctls), tunings: [] });
  }

  addKubeOperations(draft.cluster.kubeObjects.filter((k) => !k.beforePools), operations, details);

  return { plan: { profile: profile.metadata.name, region: profile.metadata.region, operations: markInlinePools(operations) }, details };
}

/** One operation per object merged into the running cluster through its API server. */
function addKubeOperations(kubeObjects: readonly KubeObjectDraft[], operations: Operation[], details: Map<string, OperationDetail>): void {
  for (const kube of kubeObjects) {
    operations.push({
      id: kube.id,
      api: KUBE_APIS[kube.object.kind === 'Namespace' ? 'Namespace' : 'ConfigMap'],
      method: 'PUT',
      path: objectPath(kube.object),
      body: canonicalObject(kube.object as unknown as JsonObject),
      // The cluster's API server answers once the cluster runs; each component rereads its object when it changes.
      dependsOn: [operationIds.cluster],
    });
    details.set(kube.id, { facts: [[kube.object.kind ?? 'object', `${objectLabel(kube.object)}: ${kube.fact}, merged into the live one through the cluster's API server`]], tunings: [kube.by] });
  }
}

function buildDraft(profile: Profile): PlanDraft {
  const draft: PlanDraft = {
    profile,
    cluster: { body: clusterBody(profile), tunings: new Set(), kubeObjects: [] },
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

/**
 * Writes the kubelet settings and the pre-join script into the pool body; returns the script
 * and the sysctls ACK sets as the pool's OS parameters instead (the script leaves those out).
 */
function finishPool(pool: PoolDraft, profile: Profile): { script: string | undefined; osSysctls: Map<string, string> } {
  // The pool's own sysctls are the most specific word (the validator flags contradictions).
  for (const [name, value] of Object.entries(pool.pool.sysctls)) pool.node.sysctls.set(name, String(value));
  const { osParameters, script: scriptSysctls } = splitNodeSysctls(pool.node.sysctls, profile.cluster.kubernetesVersion);
  pool.node.sysctls = scriptSysctls;

  const kubelet = {
    ...(pool.pool.kubelet.maxPods !== undefined && { maxPods: pool.pool.kubelet.maxPods }),
    ...(pool.unsafeSysctls.size > 0 && { allowedUnsafeSysctls: [...pool.unsafeSysctls].sort() }),
  };
  if (Object.keys(kubelet).length > 0) pool.body.node_config = { kubelet_configuration: kubelet };

  if (!hasNodeTuning(pool.node)) return { script: undefined, osSysctls: osParameters };
  const script = renderPreJoinScript(pool.node, { profile: profile.metadata.name, pool: pool.pool.name, tunings: ordered(pool.tunings) });
  pool.body.kubernetes_config.pre_user_data = Buffer.from(script, 'utf8').toString('base64');
  pool.body.scaling_group.tags = withScriptHashTag(pool.body.scaling_group.tags, pool.body.kubernetes_config.pre_user_data);
  return { script, osSysctls: osParameters };
}

/** ModifyNodePoolNodeConfig: the pool's OS parameters, rolled to its nodes in batches of the pool's maxUnavailable. */
function osParametersBody(sysctls: ReadonlyMap<string, string>, maxUnavailable: number): OsParametersBody {
  return { os_config: { sysctl: Object.fromEntries(sysctls) }, rolling_policy: { max_parallelism: Math.min(maxUnavailable, MAX_ROLLING_PARALLELISM) } };
}

function ordered(tunings: ReadonlySet<ScenarioId>): ScenarioId[] {
  return SCENARIO_IDS.filter((id) => tunings.has(id));
}
