/**
 * ACK is ROA: an action is a method + path. Older clients send no x-acs-action header, so
 * routing is by method and path alone, with the path templates of the SDK.
 */

import * as account from './account.js';
import * as clusters from './clusters.js';
import * as lifecycle from './lifecycle-actions.js';
import * as metadata from './metadata.js';
import * as nodepools from './nodepools.js';
import type { AckHandler } from './types.js';

interface Route {
  method: string;
  template: string;
  action: string;
  handler: AckHandler;
  /** Mutating (for the call log); reads that use POST say false. */
  mutating: boolean;
}

const route = (method: string, template: string, action: string, handler: AckHandler): Route => ({
  method,
  template,
  action,
  handler,
  mutating: method !== 'GET',
});

export const ACK_ROUTES: Route[] = [
  route('POST', '/clusters', 'CreateCluster', clusters.createCluster),
  route('GET', '/regions/{region_id}/clusters', 'DescribeClustersForRegion', clusters.describeClustersForRegion),
  route('GET', '/clusters/{ClusterId}', 'DescribeClusterDetail', clusters.describeClusterDetail),
  route('DELETE', '/clusters/{ClusterId}', 'DeleteCluster', clusters.deleteCluster),
  route('PUT', '/api/v2/clusters/{ClusterId}', 'ModifyCluster', lifecycle.modifyCluster),
  route('POST', '/clusters/{ClusterId}/tags', 'ModifyClusterTags', lifecycle.modifyClusterTags),
  route('PUT', '/clusters/{ClusterId}/nodepools/{NodepoolId}/node_config', 'ModifyNodePoolNodeConfig', lifecycle.modifyNodePoolNodeConfig),
  route('DELETE', '/clusters/{ClusterId}/nodepools/{NodepoolId}', 'DeleteClusterNodepool', lifecycle.deleteClusterNodepool),
  route('POST', '/api/v2/clusters/{ClusterId}/upgrade', 'UpgradeCluster', lifecycle.upgradeCluster),
  route('POST', '/clusters/{ClusterId}/nodepools/{NodepoolId}/upgrade', 'UpgradeClusterNodepool', lifecycle.upgradeClusterNodepool),
  route('GET', '/k8s/{ClusterId}/user_config', 'DescribeClusterUserKubeconfig', clusters.describeClusterUserKubeconfig),
  route('POST', '/cluster/{ClusterId}/autoscale/config', 'CreateAutoscalingConfig', clusters.createAutoscalingConfig),
  route('GET', '/tags', 'ListTagResources', clusters.listTagResources),
  route('POST', '/clusters/{ClusterId}/nodepools', 'CreateClusterNodePool', nodepools.createClusterNodePool),
  route('GET', '/clusters/{ClusterId}/nodepools', 'DescribeClusterNodePools', nodepools.describeClusterNodePools),
  route('GET', '/clusters/{ClusterId}/nodepools/{NodepoolId}', 'DescribeClusterNodePoolDetail', nodepools.describeClusterNodePoolDetail),
  route('PUT', '/clusters/{ClusterId}/nodepools/{NodepoolId}', 'ModifyClusterNodePool', nodepools.modifyClusterNodePool),
  route('POST', '/clusters/{ClusterId}/nodepools/{NodepoolId}', 'ScaleClusterNodePool', nodepools.scaleClusterNodePool),
  route('POST', '/clusters/{ClusterId}/nodepools/{NodepoolId}/attach', 'AttachInstancesToNodePool', nodepools.attachInstancesToNodePool),
  route('POST', '/clusters/{ClusterId}/nodepools/{NodepoolId}/repair', 'RepairClusterNodePool', nodepools.repairClusterNodePool),
  route('GET', '/clusters/{ClusterId}/nodes', 'DescribeClusterNodes', nodepools.describeClusterNodes),
  route('GET', '/tasks/{task_id}', 'DescribeTaskInfo', nodepools.describeTaskInfo),
  route('GET', '/clusters/{ClusterId}/tasks', 'DescribeClusterTasks', nodepools.describeClusterTasks),
  route('GET', '/api/v1/metadata/versions', 'DescribeKubernetesVersionMetadata', metadata.describeKubernetesVersionMetadata),
  route('GET', '/addons', 'ListAddons', metadata.listAddons),
  { ...route('POST', '/ram/check-service-role', 'CheckServiceRole', account.checkServiceRole), mutating: false },
  route('GET', '/clusters/components/metadata', 'DescribeAddons', metadata.describeAddons),
];

export interface RouteMatch {
  route: Route;
  pathParams: Record<string, string>;
}

/** The route for this method and path (a trailing slash is ignored), or undefined. */
export function matchAckRoute(method: string, rawPath: string): RouteMatch | undefined {
  const segments = trimSlash(rawPath).split('/');
  for (const candidate of ACK_ROUTES) {
    if (candidate.method !== method) continue;
    const template = candidate.template.split('/');
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < template.length && ok; i++) {
      const t = template[i]!;
      const s = segments[i]!;
      if (t.startsWith('{') && t.endsWith('}')) {
        if (s === '') ok = false;
        else params[t.slice(1, -1)] = safeDecode(s);
      } else if (t !== s) ok = false;
    }
    if (ok) return { route: candidate, pathParams: params };
  }
  return undefined;
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
