/**
 * A Plan: the exact ACK/ECS OpenAPI requests `create` sends, as a small DAG.
 * Produced by the pure planner (src/plan/), printed by `ackl2 plan`, walked by src/apply/.
 */

import type { JsonObject } from '../json-types.js';

export type ApiName =
  | 'CreateCluster'
  | 'CreateClusterNodePool'
  | 'AttachInstancesToNodePool'
  | 'CreateAutoscalingConfig'
  | 'ModifyNodePoolNodeConfig'
  /** Not ACK's: the cluster's own Kubernetes API (create or merge one ConfigMap, label one Namespace). */
  | 'ApplyConfigMap'
  | 'ApplyNamespace';

/** A JSON value as the API receives it (snake_case keys, as in the SDK models' names()). */
export type { JsonObject, JsonValue } from '../json-types.js';

export interface Operation {
  /** Stable id: "cluster", "nodepool/<pool>", "join/<pool>", "autoscaler", "os-parameters/<pool>", and the kube steps "slo-config", "coredns", "dns-injection/<namespace>", "ebpf-conntrack". */
  id: string;
  api: ApiName;
  method: 'POST' | 'PUT' | 'GET' | 'DELETE';
  /**
   * ROA path with placeholders resolved at apply time:
   * `{cluster_id}` and `{nodepool_id:<pool name>}`.
   */
  path: string;
  /**
   * Request body exactly as sent. Secrets never appear here: a password read from the
   * environment is the placeholder string `${env:NAME}`, substituted at send time.
   */
  body: JsonObject;
  dependsOn: string[];
  /**
   * A node pool CreateCluster can carry (src/plan/inline-pools.ts): when the run creates the
   * cluster, this body goes inside CreateCluster's `nodepools[]` and no CreateClusterNodePool
   * is sent; when the cluster exists already, it is sent as CreateClusterNodePool.
   */
  inline?: true;
}

export interface Plan {
  /** metadata.name of the profile. */
  profile: string;
  region: string;
  operations: Operation[];
}

/** Placeholder helpers shared by the planner and the applier. */
export const CLUSTER_ID_PLACEHOLDER = '{cluster_id}';
export const nodepoolIdPlaceholder = (pool: string): string => `{nodepool_id:${pool}}`;
export const envPlaceholder = (name: string): string => `\${env:${name}}`;
export const ENV_PLACEHOLDER_PATTERN = /^\$\{env:([A-Z_][A-Z0-9_]*)\}$/;

/** The tag every ackl2-made cluster and pool carries, so a rerun finds them. */
export const PROFILE_TAG_KEY = 'ackl2.io/profile';
