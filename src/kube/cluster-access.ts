/**
 * Reaching a cluster's API server the way `ackl2 kubeconfig` does: DescribeClusterUserKubeconfig
 * through the ACK gateway, the public endpoint when the cluster has one, else the VPC one.
 */

import type { AckGateway, ClusterDetail } from '../cloud/types.js';
import { normalizeKubeconfig, type ClusterKubeconfig } from './kubeconfig.js';

/** The public API server endpoint from master_url: '' when the cluster has none, undefined when unknown. */
export function publicEndpointOf(detail: ClusterDetail): string | undefined {
  if (!detail.masterUrl) return undefined;
  try {
    const urls = JSON.parse(detail.masterUrl) as Record<string, unknown>;
    return typeof urls.api_server_endpoint === 'string' ? urls.api_server_endpoint : '';
  } catch {
    return undefined;
  }
}

export async function clusterKubeconfig(ack: AckGateway, clusterId: string, name: string): Promise<ClusterKubeconfig> {
  const detail = await ack.describeClusterDetail(clusterId);
  const answer = await ack.describeClusterUserKubeconfig(clusterId, { privateIpAddress: publicEndpointOf(detail) === '' });
  return normalizeKubeconfig(answer.config, name);
}
