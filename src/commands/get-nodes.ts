/**
 * `ackl2 get nodes --cluster NAME|ID [--pool NAME|ID]`: every node (all pages) with its pool,
 * state, address and image; a table or one document.
 */

import { listClusterNodes } from '../apply/discover.js';
import type { ClusterNode, NodePoolSummary } from '../cloud/types.js';
import { pickPool, resolveCluster } from './cluster-ref.js';
import { cell, isoTime } from './format.js';
import { withSession } from './online.js';
import { table } from '../ui/table.js';
import { defineCommand, value } from './define.js';
import type { GetNodesResult } from '../results/schemas.js';

export interface NodeRow {
  name: string | undefined;
  instanceId: string;
  /** The node pool the node belongs to (name null when the pool is not listed any more). */
  nodePool: { name: string | null; id: string } | null;
  state: string | undefined;
  instanceStatus: string | undefined;
  instanceType: string | undefined;
  ipAddresses: string[];
  imageId: string | undefined;
  created: string | undefined;
}

function toNodeRow(node: ClusterNode, pools: ReadonlyMap<string, NodePoolSummary>): NodeRow {
  const pool = node.nodepoolId ? pools.get(node.nodepoolId) : undefined;
  return {
    name: node.nodeName,
    instanceId: node.instanceId,
    nodePool: node.nodepoolId ? { name: pool?.name ?? null, id: node.nodepoolId } : null,
    state: node.state,
    instanceStatus: node.instanceStatus,
    instanceType: node.instanceType,
    ipAddresses: node.ipAddresses,
    imageId: node.imageId ?? pool?.imageId,
    created: isoTime(node.creationTime),
  };
}

export function renderNodes(rows: readonly NodeRow[], scope: string): string {
  if (rows.length === 0) return `no nodes in ${scope}`;
  return table(
    ['NAME', 'INSTANCE ID', 'POOL', 'STATE', 'IP', 'TYPE', 'IMAGE'],
    rows.map((r) => [cell(r.name), r.instanceId, cell(r.nodePool?.name ?? r.nodePool?.id), cell(r.state), cell(r.ipAddresses[0]), cell(r.instanceType), cell(r.imageId)]),
  );
}

export default defineCommand({
  name: 'get nodes',
  description: 'nodes of a cluster',
  options: {
    cluster: value('--cluster <name>', 'cluster name or id', { required: true }),
    pool: value('--pool <name>', 'only this node pool'),
  },
  examples: ['ackl2 get nodes --cluster shop-prod --pool web'],
  run: async (options, ctx) => {
    await withSession(ctx, async ({ ack, region }) => {
      const cluster = await resolveCluster(ack, options.cluster);
      const pools = await ack.describeClusterNodePools(cluster.clusterId);
      const pool = options.pool === undefined ? undefined : pickPool(pools, options.pool.trim(), cluster.name);
      const nodes = await listClusterNodes(ack, cluster.clusterId, pool?.nodepoolId);
      const byId = new Map(pools.map((p) => [p.nodepoolId, p]));
      const rows = nodes.map((n) => toNodeRow(n, byId)).sort((a, b) => (a.nodePool?.name ?? '').localeCompare(b.nodePool?.name ?? '') || (a.name ?? a.instanceId).localeCompare(b.name ?? b.instanceId));
      const document: GetNodesResult = {
        ok: true,
        region,
        cluster: { name: cluster.name, id: cluster.clusterId, state: cluster.state },
        ...(pool ? { nodePool: { name: pool.name, id: pool.nodepoolId } } : {}),
        nodes: rows,
      };
      const scope = pool ? `node pool ${pool.name} of cluster ${cluster.name}` : `cluster ${cluster.name}`;
      ctx.reporter.result(document, () => renderNodes(rows, scope));
    });
  },
});
