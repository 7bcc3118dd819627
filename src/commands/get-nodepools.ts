/** `ackl2 get nodepools --cluster NAME|ID`: the cluster's node pools, a table or one document. */

import type { NodePoolSummary } from '../cloud/types.js';
import { PROFILE_TAG_KEY } from '../plan/types.js';
import { resolveCluster } from './cluster-ref.js';
import { cell } from './format.js';
import { withSession } from './online.js';
import { table } from '../ui/table.js';
import { defineCommand, value } from './define.js';
import { nodeCounts, type NodeCounts } from '../results/node-counts.js';
import type { GetNodepoolsResult } from '../results/schemas.js';

export interface NodePoolRow {
  name: string;
  id: string;
  state: string;
  autoscaling: { min: number | undefined; max: number | undefined; type: string | undefined } | undefined;
  nodes: NodeCounts;
  instanceTypes: string[];
  imageType: string | undefined;
  imageId: string | undefined;
  isDefault: boolean;
  profile: string | undefined;
}

export function toPoolRow(pool: NodePoolSummary): NodePoolRow {
  const auto = pool.autoScaling?.enabled ? pool.autoScaling : undefined;
  return {
    name: pool.name,
    id: pool.nodepoolId,
    state: pool.state,
    autoscaling: auto ? { min: auto.min, max: auto.max, type: auto.type } : undefined,
    nodes: nodeCounts({ desired: auto ? undefined : pool.desiredSize, total: pool.nodes.total, healthy: pool.nodes.healthy, failed: pool.nodes.failed }),
    instanceTypes: pool.instanceTypes,
    imageType: pool.imageType,
    imageId: pool.imageId,
    isDefault: pool.isDefault === true,
    profile: pool.tags.find((t) => t.key === PROFILE_TAG_KEY)?.value,
  };
}

function sizeCell(row: NodePoolRow): string {
  if (row.autoscaling) return `auto ${cell(row.autoscaling.min)}-${cell(row.autoscaling.max)}`;
  return cell(row.nodes.desired);
}

export function renderPools(rows: readonly NodePoolRow[], clusterName: string): string {
  if (rows.length === 0) return `cluster ${clusterName} has no node pools`;
  return table(
    ['NAME', 'ID', 'STATE', 'SIZE', 'NODES', 'INSTANCE TYPES', 'IMAGE'],
    rows.map((r) => [r.name, r.id, r.state, sizeCell(r), `${cell(r.nodes.healthy)}/${cell(r.nodes.total)}`, cell(r.instanceTypes.join(',')), cell(r.imageId ?? r.imageType)]),
  );
}

export default defineCommand({
  name: 'get nodepools',
  description: 'node pools of a cluster',
  options: {
    cluster: value('--cluster <name>', 'cluster name or id', { required: true }),
  },
  examples: ['ackl2 get nodepools --cluster shop-prod'],
  run: async (options, ctx) => {
    await withSession(ctx, async ({ ack, region }) => {
      const cluster = await resolveCluster(ack, options.cluster);
      const rows = (await ack.describeClusterNodePools(cluster.clusterId)).map(toPoolRow);
      const document: GetNodepoolsResult = { ok: true, region, cluster: { name: cluster.name, id: cluster.clusterId, state: cluster.state }, nodePools: rows };
      ctx.reporter.result(document, () => renderPools(rows, cluster.name));
    });
  },
});
