/**
 * The live side of a diff: the profile's cluster (found by name and the `ackl2.io/profile`
 * tag, as create finds it), its detail and its pools. A pool whose list entry lacks the
 * kubelet settings the profile sets is read once more in detail, where ACK returns them; a
 * pool the profile sets OS parameters on has them read as well.
 */

import { findProfileCluster } from '../apply/discover.js';
import type { AckGateway, ClusterDetail, NodePoolSummary } from '../cloud/types.js';
import type { Plan } from '../plan/types.js';
import type { LiveState } from './differ.js';

function wantsKubelet(plan: Plan, pool: string): boolean {
  const op = plan.operations.find((o) => o.id === `nodepool/${pool}`);
  const config = op?.body.node_config;
  return config !== undefined && config !== null && typeof config === 'object';
}

/**
 * The cluster's detail and its pools (as listed, completed by a detail read where needed).
 * `listed`, `detail`: what was read already (or is being read) since the last change.
 */
export async function liveOf(ack: AckGateway, plan: Plan, clusterId: string, listed?: readonly NodePoolSummary[], detail?: Promise<ClusterDetail>): Promise<LiveState> {
  const [cluster, pools] = await Promise.all([detail ?? ack.describeClusterDetail(clusterId), listed ? Promise.resolve(listed) : ack.describeClusterNodePools(clusterId)]);
  const complete = await Promise.all(
    pools.map(async (pool) => {
      const detailed = pool.spec?.kubelet === undefined && wantsKubelet(plan, pool.name) ? await ack.describeClusterNodePoolDetail(clusterId, pool.nodepoolId) : pool;
      if (!plan.operations.some((o) => o.id === `os-parameters/${pool.name}`)) return detailed;
      // SDK 7.2.0's pool models drop node_os_config.sysctl: read it on its own.
      return { ...detailed, spec: { ...detailed.spec, osSysctls: await ack.describeNodePoolSysctls(clusterId, pool.nodepoolId) } };
    }),
  );
  return { cluster, pools: complete };
}

export async function readLive(ack: AckGateway, plan: Plan, deleteCommand: string): Promise<LiveState> {
  const found = await findProfileCluster(ack, { name: plan.profile, profile: plan.profile, deleteCommand });
  return found ? liveOf(ack, plan, found.clusterId) : { cluster: undefined, pools: [] };
}
