/**
 * `--cluster NAME|ID` and `--pool NAME|ID`: the one cluster (or pool) a user means. An ACK cluster id (`c` + 32 hex) is
 * looked up directly; anything else by exact name (the API's name filter is a substring
 * match). No match names the clusters that do exist; two clusters of that name ask for the id.
 */

import { clustersNamed } from '../apply/discover.js';
import { listAll } from '../cloud/paging.js';
import type { AckGateway, ClusterDetail, ClusterSummary, NodePoolSummary } from '../cloud/types.js';
import { CloudError, UserError } from '../errors.js';
import { suggest } from '../profile/suggest.js';

const CLUSTER_ID = /^c[0-9a-f]{32}$/;
/** States in which a cluster no longer exists for any practical purpose. */
const GONE_STATES = new Set(['deleted']);

export type ClusterLookup = { found: ClusterSummary | ClusterDetail } | { found: undefined; existing: ClusterSummary[] };

export function isNotFound(error: unknown): boolean {
  return error instanceof CloudError && (error.statusCode === 404 || /ClusterNotFound/i.test(error.code));
}

export function looksLikeClusterId(ref: string): boolean {
  return CLUSTER_ID.test(ref);
}

async function byId(ack: AckGateway, id: string): Promise<ClusterDetail | undefined> {
  try {
    const detail = await ack.describeClusterDetail(id);
    return GONE_STATES.has(detail.state) ? undefined : detail;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function listClusters(ack: AckGateway): Promise<ClusterSummary[]> {
  return listAll((pageNumber, pageSize) => ack.describeClustersForRegion({ pageNumber, pageSize }), { pageSize: 100 });
}

/** Find the cluster, or say what exists instead (for "already gone" answers and hints). */
export async function lookupCluster(ack: AckGateway, ref: string): Promise<ClusterLookup> {
  const trimmed = ref.trim();
  if (trimmed === '') throw new UserError('the cluster name or id is empty', { hint: 'pass a cluster name or id, e.g. --cluster shop-prod (see: ackl2 get clusters)' });
  if (looksLikeClusterId(trimmed)) {
    const found = await byId(ack, trimmed);
    if (found) return { found };
  }
  const named = await clustersNamed(ack, trimmed);
  if (named.length > 1) {
    throw new UserError(`${named.length} clusters in ${ack.region} are named "${trimmed}": ${named.map((c) => `${c.clusterId} (${c.state})`).join(', ')}`, {
      hint: 'pass the cluster id instead of the name',
    });
  }
  const [only] = named;
  if (only) return { found: only };
  const existing = (await listClusters(ack)).filter((c) => !GONE_STATES.has(c.state));
  return { found: undefined, existing };
}

export function describeExisting(region: string, existing: readonly ClusterSummary[], ref: string): string {
  if (existing.length === 0) return `there are no clusters in ${region}; check --region`;
  const nearest = suggest(ref, existing.map((c) => c.name));
  const listed = existing.slice(0, 10).map((c) => `${c.name} (${c.clusterId})`).join(', ');
  const more = existing.length > 10 ? `, and ${existing.length - 10} more (ackl2 get clusters)` : '';
  return `${nearest ? `did you mean "${nearest}"? ` : ''}clusters in ${region}: ${listed}${more}`;
}

/** The cluster, or a UserError naming the clusters that exist. */
export async function resolveCluster(ack: AckGateway, ref: string): Promise<ClusterSummary | ClusterDetail> {
  const lookup = await lookupCluster(ack, ref);
  if (lookup.found) return lookup.found;
  throw new UserError(`no cluster named "${ref.trim()}" in ${ack.region}`, { hint: describeExisting(ack.region, lookup.existing, ref.trim()) });
}

/** The pool a `--pool NAME|ID` means: an id matches exactly, else a unique name. */
export function pickPool(pools: readonly NodePoolSummary[], ref: string, clusterName: string): NodePoolSummary {
  const byId = pools.find((p) => p.nodepoolId === ref);
  if (byId) return byId;
  const named = pools.filter((p) => p.name === ref);
  if (named.length > 1) {
    throw new UserError(`${named.length} node pools of cluster ${clusterName} are named "${ref}": ${named.map((p) => p.nodepoolId).join(', ')}`, {
      hint: 'pass the node pool id instead of the name',
    });
  }
  const [only] = named;
  if (only) return only;
  const nearest = suggest(ref, pools.map((p) => p.name));
  const listed = pools.map((p) => `${p.name} (${p.nodepoolId})`).join(', ');
  throw new UserError(`cluster ${clusterName} has no node pool "${ref}"`, {
    hint: pools.length === 0 ? 'the cluster has no node pools' : `${nearest ? `did you mean "${nearest}"? ` : ''}node pools: ${listed}`,
  });
}

/** The node pool of the cluster a `--pool NAME|ID` means, or a UserError naming its pools. */
export async function resolvePool(ack: AckGateway, cluster: ClusterSummary, ref: string): Promise<NodePoolSummary> {
  return pickPool(await ack.describeClusterNodePools(cluster.clusterId), ref, cluster.name);
}
