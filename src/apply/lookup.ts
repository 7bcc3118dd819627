/**
 * `--cluster NAME|ID` and `--pool NAME|ID` as commands take them: exact name first, then id;
 * an unknown or ambiguous reference is a UserError listing what exists.
 */

import { UserError } from '../errors.js';
import { listAll } from '../cloud/paging.js';
import type { AckGateway, ClusterSummary, NodePoolSummary } from '../cloud/types.js';
import { clustersNamed } from './discover.js';

export async function resolveCluster(ack: AckGateway, ref: string): Promise<ClusterSummary> {
  const named = await clustersNamed(ack, ref);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    throw new UserError(`${named.length} clusters are named "${ref}" in ${ack.region}: ${named.map((c) => c.clusterId).join(', ')}`, {
      hint: 'pass the cluster id instead of the name',
    });
  }
  const byId = (await ack.describeClustersV1({ clusterId: ref })).items.find((c) => c.clusterId === ref && c.state !== 'deleted');
  if (byId) return byId;
  const all = await listAll((pageNumber, pageSize) => ack.describeClustersV1({ pageNumber, pageSize }), { maxPages: 5 });
  const known = all.filter((c) => c.state !== 'deleted').map((c) => c.name);
  throw new UserError(`no cluster "${ref}" in ${ack.region}`, {
    hint: known.length > 0 ? `clusters there: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}` : 'check --region; `ackl2 get clusters` lists them',
  });
}

export async function resolvePool(ack: AckGateway, cluster: ClusterSummary, ref: string): Promise<NodePoolSummary> {
  const pools = await ack.describeClusterNodePools(cluster.clusterId);
  const found = pools.find((p) => p.name === ref) ?? pools.find((p) => p.nodepoolId === ref);
  if (!found) {
    throw new UserError(`cluster ${cluster.name} has no node pool "${ref}"`, {
      hint: pools.length > 0 ? `its pools: ${pools.map((p) => p.name).join(', ')}` : 'it has no node pools yet',
    });
  }
  return found;
}
