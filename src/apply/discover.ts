/**
 * The cloud is the state: before creating anything, find what a previous run (finished,
 * crashed, interrupted or timed out) already made. A cluster is ours when its name matches
 * and it carries `ackl2.io/profile` = the profile name; pools are found by name inside it;
 * attached instances by listing the cluster's nodes.
 */

import { KubeApiError, kubeApi } from '../cloud/kube-api.js';
import { clusterKubeconfig } from '../kube/cluster-access.js';
import { objectPath, type KubeObject } from '../kube/objects.js';
import { UserError } from '../errors.js';
import { PROFILE_TAG_KEY } from '../plan/types.js';
import { listAll } from '../cloud/paging.js';
import type { AckGateway, ClusterNode, ClusterSummary, NodePoolSummary } from '../cloud/types.js';

const GONE_STATES = new Set(['deleted']);

export function isOurs(cluster: ClusterSummary, profile: string): boolean {
  return cluster.tags.some((t) => t.key === PROFILE_TAG_KEY && t.value === profile);
}

/**
 * Clusters with exactly this name in the region (the API's name filter is a substring match).
 * `listing`: the region's clusters as a fleet run listed them once at its start, shared by its
 * profiles instead of a listing each (names are unique per profile in a run, so no profile
 * finds another's cluster there; what the run creates is never looked up in it).
 */
export async function clustersNamed(ack: AckGateway, name: string, listing?: RegionListing): Promise<ClusterSummary[]> {
  const all = listing ? await listing() : await listAll((pageNumber, pageSize) => ack.describeClustersForRegion({ name, pageNumber, pageSize }));
  return all.filter((c) => c.name === name && !GONE_STATES.has(c.state));
}

/** Every cluster of the region, listed once (see clustersNamed). */
export type RegionListing = () => Promise<ClusterSummary[]>;

export function listRegionClusters(ack: AckGateway): Promise<ClusterSummary[]> {
  return listAll((pageNumber, pageSize) => ack.describeClustersForRegion({ pageNumber, pageSize }));
}

/**
 * The cluster a profile made, if any. A same-named cluster without our tag is not ours to
 * touch: UserError. One being deleted is not reusable either.
 */
export async function findProfileCluster(ack: AckGateway, options: { name: string; profile: string; deleteCommand: string; listing?: RegionListing | undefined }): Promise<ClusterSummary | undefined> {
  const named = await clustersNamed(ack, options.name, options.listing);
  const ours = named.filter((c) => isOurs(c, options.profile));
  if (ours.length > 1) {
    throw new UserError(`${ours.length} clusters named "${options.name}" carry ${PROFILE_TAG_KEY}=${options.profile}: ${ours.map((c) => c.clusterId).join(', ')}`, {
      hint: 'delete the extra ones (ackl2 delete cluster ID) so the profile maps to one cluster',
    });
  }
  const found = ours[0];
  if (!found) {
    const foreign = named[0];
    if (foreign) {
      throw new UserError(`a cluster named "${options.name}" already exists in ${ack.region} (${foreign.clusterId}) but ackl2 did not create it from this profile (no ${PROFILE_TAG_KEY}=${options.profile} tag)`, {
        hint: 'choose another metadata.name, or delete or rename that cluster',
      });
    }
    return undefined;
  }
  if (found.state === 'deleting' || found.state === 'delete_failed') {
    throw new UserError(`cluster "${options.name}" (${found.clusterId}) is ${found.state === 'deleting' ? 'being deleted' : 'in state delete_failed'}`, {
      hint: found.state === 'deleting' ? 'wait until it is gone, then rerun' : `finish the deletion first: ${options.deleteCommand}`,
    });
  }
  return found;
}

export interface ExistingState {
  cluster: ClusterSummary | undefined;
  /** By pool name. */
  pools: Map<string, NodePoolSummary>;
  /** instance id -> node pool id, for every node of the cluster. */
  nodes: Map<string, ClusterNode>;
  /** By pool name: the live node-pool OS parameters of existing pools the plan sets them on. */
  osSysctls?: Map<string, Record<string, string> | undefined>;
  /**
   * The live objects the plan's kube steps merge into, by API path (null: absent), when the
   * cluster runs and its API server answered; undefined when not read.
   */
  kubeObjects?: Map<string, KubeObject | null> | undefined;
}

export async function listClusterNodes(ack: AckGateway, clusterId: string, nodepoolId?: string): Promise<ClusterNode[]> {
  return listAll((pageNumber, pageSize) => ack.describeClusterNodes(clusterId, { nodepoolId, pageNumber, pageSize }), { pageSize: 100 });
}

export interface DiscoveryOptions {
  name: string;
  profile: string;
  deleteCommand: string;
  needNodes: boolean;
  osParameterPools?: readonly string[];
  kubeTargets?: readonly KubeObject[];
  signal?: AbortSignal;
  /** A fleet run's shared listing of the region's clusters (clustersNamed). */
  listing?: RegionListing | undefined;
}

export async function discoverExisting(ack: AckGateway, options: DiscoveryOptions): Promise<ExistingState> {
  return discoverIn(ack, await findProfileCluster(ack, options), options);
}

/** What exists in the profile's cluster, once findProfileCluster found it (or found none). */
export async function discoverIn(ack: AckGateway, cluster: ClusterSummary | undefined, options: Omit<DiscoveryOptions, 'deleteCommand' | 'profile' | 'listing'>): Promise<ExistingState> {
  const pools = new Map<string, NodePoolSummary>();
  const nodes = new Map<string, ClusterNode>();
  if (!cluster) return { cluster, pools, nodes };
  const [poolList, nodeList] = await Promise.all([
    ack.describeClusterNodePools(cluster.clusterId),
    options.needNodes ? listClusterNodes(ack, cluster.clusterId) : Promise.resolve([]),
  ]);
  for (const pool of poolList) if (!pools.has(pool.name)) pools.set(pool.name, pool);
  for (const node of nodeList) nodes.set(node.instanceId, node);
  const osSysctls = new Map<string, Record<string, string> | undefined>();
  await Promise.all(
    (options.osParameterPools ?? []).map(async (name) => {
      const pool = pools.get(name);
      if (pool) osSysctls.set(name, await ack.describeNodePoolSysctls(cluster.clusterId, pool.nodepoolId));
    }),
  );
  const targets = options.kubeTargets ?? [];
  const kubeObjects = targets.length > 0 && cluster.state === 'running' ? await readLiveObjects(ack, cluster.clusterId, options.name, targets, options.signal) : undefined;
  return { cluster, pools, nodes, osSysctls, kubeObjects };
}

/** The live objects (null: absent), or undefined when the API server cannot be reached from here (the steps then try and say why). */
async function readLiveObjects(ack: AckGateway, clusterId: string, name: string, targets: readonly KubeObject[], signal: AbortSignal | undefined): Promise<Map<string, KubeObject | null> | undefined> {
  try {
    const api = kubeApi(await clusterKubeconfig(ack, clusterId, name), signal);
    const live = await Promise.all(targets.map(async (target) => [objectPath(target), (await api.get(target)) ?? null] as const));
    return new Map(live);
  } catch (error) {
    if (error instanceof KubeApiError) return undefined;
    throw error;
  }
}
