/**
 * What preflight judges: the target (the profile, the pools in scope, what already exists) and
 * the facts the account answered, and the vSwitch and instance references of the target. A
 * leaf: preflight-facts.ts gathers `Facts`, the checks (preflight-checks/) read them, and
 * neither imports the other for these types.
 */

import type { ProfilePath } from '../profile/issues.js';
import type { NodePool, Profile } from '../profile/schema.js';
import type { AvailableZone, Image, Instance, InstanceTypeInfo, KubernetesVersionMetadata, ServiceRoleStatus, Vpc, VSwitch } from '../cloud/types.js';
import type { GuardedChange } from './preflight-scope.js';

export interface TargetPool {
  pool: NodePool;
  /** Its index in nodePools (for located issues). */
  index: number;
  /** What the run changes of it (preflight-scope.ts); default: it is created. */
  changes?: ReadonlySet<GuardedChange> | undefined;
}

/** What is being checked: the profile, the pools in scope, and what already exists. */
export interface PreflightTarget {
  profile: Profile;
  /** The pools in scope. */
  pools: TargetPool[];
  /** What the run changes cluster-wide (preflight-scope.ts); default: it creates the cluster. */
  cluster?: ReadonlySet<GuardedChange> | undefined;
  env: NodeJS.ProcessEnv;
  /** The profile file as the user named it (for hints such as `ackl2 migrate -f FILE`). */
  file?: string | undefined;
  /** `profiles/<name>-alinux3.yaml` when the file is a ready-made AliyunLinux2 profile that has one. */
  alinux3Sibling?: string | undefined;
  existingClusterId?: string | undefined;
  existingPools?: ReadonlySet<string> | undefined;
  existingNodes?: ReadonlySet<string> | undefined;
  clusterType: string;
}

export interface VswitchRef {
  id: string;
  path: ProfilePath;
}

/**
 * The account reads a check needs for its target (gatherFacts reads the union of every check
 * that runs, and nothing else): flags for the reads of the whole region or VPC, lists for the
 * reads by id or name.
 */
export interface FactNeeds {
  zones?: boolean;
  vpc?: boolean;
  /** The VPC's vSwitches, and where these ids are when they are not in it. */
  vswitches?: readonly string[];
  images?: readonly string[];
  keyPairs?: readonly string[];
  versions?: boolean;
  /** Instances to join, by id. */
  instances?: readonly string[];
  serviceRoles?: readonly string[];
  /** Instance types whose ENI counts are needed. */
  instanceTypes?: readonly string[];
}

export interface Facts {
  region: string;
  /** Zones with their instance types; empty: not asked, or (when asked) the region is not available to the account and nothing else was asked. */
  zones: AvailableZone[];
  vpc: Vpc | undefined;
  /** The vSwitches of the profile's VPC, by id. */
  vpcVswitches: Map<string, VSwitch>;
  /** vSwitches the profile names that are not in its VPC: where they are, or undefined if nowhere. */
  foreignVswitches: Map<string, VSwitch | undefined>;
  /** Pinned image id -> the image, or undefined if it does not exist. */
  images: Map<string, Image | undefined>;
  /** Key pair name -> exists. */
  keyPairs: Map<string, boolean>;
  versions: KubernetesVersionMetadata[];
  /** Instances to join, by id (absent: does not exist). */
  instances: Map<string, Instance>;
  /**
   * Clusters the instances to join belong to that carry the profile's name: the profile's own
   * cluster, made by a run of the same profile after this one looked for it.
   */
  ownClusterIds?: Set<string> | undefined;
  /** ACK's service roles (CheckServiceRole), or why they could not be checked. */
  serviceRoles: { activated: true; roles: Map<string, ServiceRoleStatus> } | { activated: false; code: string; message: string };
  /** ENI counts of the Terway pools' instance types. */
  instanceTypes: Map<string, InstanceTypeInfo>;
}

/** The run creates the cluster (a target without a cluster scope: the whole profile is created). */
export const createsCluster = (target: PreflightTarget): boolean => !target.cluster || target.cluster.has('create-cluster');

/** The pool is created (or resumed as create resumes it): default for a pool without changes. */
export const createsPool = (pool: TargetPool): boolean => !pool.changes || pool.changes.has('create-pool');

/** The vSwitches of the pools in scope, and the cluster's own and pod vSwitches when the cluster is created. */
export function vswitchRefs(target: PreflightTarget): { all: VswitchRef[]; byPool: VswitchRef[][] } {
  const network = target.profile.cluster.network;
  const clusterRefs = network.vswitchIds.map((id, j) => ({ id, path: ['cluster', 'network', 'vswitchIds', j] as ProfilePath }));
  const byPool = target.pools.map(({ pool, index }) =>
    pool.vswitchIds ? pool.vswitchIds.map((id, j) => ({ id, path: ['nodePools', index, 'vswitchIds', j] as ProfilePath })) : clusterRefs,
  );
  const podRefs = (network.podVswitchIds ?? []).map((id, j) => ({ id, path: ['cluster', 'network', 'podVswitchIds', j] as ProfilePath }));
  return { all: [...(createsCluster(target) ? [...clusterRefs, ...podRefs] : []), ...byPool.flat()], byPool };
}

export function joinRefs(target: PreflightTarget): VswitchRef[] {
  return target.pools.flatMap(({ pool, index }) => (pool.join?.instanceIds ?? []).map((id, j) => ({ id, path: ['nodePools', index, 'join', 'instanceIds', j] as ProfilePath })));
}
