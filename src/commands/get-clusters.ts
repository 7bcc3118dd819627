/**
 * `ackl2 get clusters`: every cluster of the region with its state, version, node pool and
 * node counts; a table, or one JSON/YAML document.
 */

import { PROFILE_TAG_KEY } from '../plan/types.js';
import type { AckGateway, ClusterSummary } from '../cloud/types.js';
import { isNotFound, listClusters } from './cluster-ref.js';
import { cell, isoTime } from './format.js';
import { withSession } from './online.js';
import { table } from '../ui/table.js';
import { defineCommand } from './define.js';
import { nodeCounts, type NodeCounts } from '../results/node-counts.js';
import type { GetClustersResult } from '../results/schemas.js';

export interface ClusterRow {
  name: string;
  id: string;
  state: string;
  kubernetesVersion: string | undefined;
  region: string;
  spec: string | undefined;
  /** Undefined while the cluster is being deleted (its pools are going). */
  nodePools: number | undefined;
  nodes: NodeCounts;
  deletionProtection: boolean | undefined;
  /** The ackl2 profile that made it (`ackl2.io/profile`), if any. */
  profile: string | undefined;
  vpcId: string | undefined;
  created: string | undefined;
}

const NO_POOLS_STATES = new Set(['deleting', 'deleted', 'delete_failed']);

async function poolCount(ack: AckGateway, cluster: ClusterSummary): Promise<number | undefined> {
  if (NO_POOLS_STATES.has(cluster.state)) return undefined;
  try {
    return (await ack.describeClusterNodePools(cluster.clusterId)).length;
  } catch (error) {
    // Deleted between the listing and this call: not an error for a listing.
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function toRow(cluster: ClusterSummary, region: string, pools: number | undefined): ClusterRow {
  return {
    name: cluster.name,
    id: cluster.clusterId,
    state: cluster.state,
    kubernetesVersion: cluster.currentVersion,
    region: cluster.regionId ?? region,
    spec: cluster.clusterSpec,
    nodePools: pools,
    nodes: nodeCounts({ total: cluster.size }),
    deletionProtection: cluster.deletionProtection,
    profile: cluster.tags.find((t) => t.key === PROFILE_TAG_KEY)?.value,
    vpcId: cluster.vpcId,
    created: isoTime(cluster.created),
  };
}

export function renderClusters(rows: readonly ClusterRow[], region: string): string {
  if (rows.length === 0) return `no clusters in ${region}`;
  return table(
    ['NAME', 'ID', 'STATE', 'VERSION', 'REGION', 'POOLS', 'NODES', 'PROTECTED', 'CREATED'],
    rows.map((r) => [r.name, r.id, r.state, cell(r.kubernetesVersion), r.region, cell(r.nodePools), cell(r.nodes.total), r.deletionProtection ? 'yes' : 'no', cell(r.created)]),
  );
}

export default defineCommand({
  name: 'get clusters',
  description: 'clusters in the region',
  options: {},
  examples: ['ackl2 get clusters --region cn-hangzhou --output json'],
  run: async (options, ctx) => {
    await withSession(ctx, async ({ ack, region }) => {
      const clusters = (await listClusters(ack)).filter((c) => c.state !== 'deleted');
      const counts = await Promise.all(clusters.map((c) => poolCount(ack, c)));
      const rows = clusters.map((c, i) => toRow(c, region, counts[i])).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      const document: GetClustersResult = { ok: true, region, clusters: rows };
      ctx.reporter.result(document, () => renderClusters(rows, region));
    });
  },
});
