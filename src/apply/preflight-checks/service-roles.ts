/**
 * ACK must be activated and its service roles authorised in the account before it can make
 * anything (CheckServiceRole, "ACK default roles"). Which roles a profile needs: the ones
 * every managed cluster uses, the network role for Terway, and the autoscaler's role
 * (AliyunCSManagedAutoScalerRole, policy AliyunCSManagedAutoScalerRolePolicy) when a pool
 * autoscales.
 */

import type { ProfilePath } from '../../profile/issues.js';
import { createsCluster, createsPool, type PreflightTarget } from '../preflight-target.js';
import type { PreflightCheck } from './types.js';

export interface RequiredRole {
  name: string;
  /** What needs it, for the message. */
  for: string;
  /** Where the profile asks for it. */
  path: ProfilePath;
}

const MANAGED_CLUSTER_ROLES = [
  'AliyunCSDefaultRole',
  'AliyunCSManagedKubernetesRole',
  'AliyunCSManagedLogRole',
  'AliyunCSManagedCmsRole',
  'AliyunCSManagedCsiRole',
  'AliyunCSKubernetesAuditRole',
];
export const AUTOSCALER_ROLE = 'AliyunCSManagedAutoScalerRole';
export const TERWAY_ROLE = 'AliyunCSManagedNetworkRole';

/** Granting is a one-time step of the account owner; its policy is the role name + "Policy". */
export const GRANT_HINT =
  'the account owner authorises ACK\'s service roles once: Container Service for Kubernetes console > "Cloud resource access authorization" (or RAM console > Roles, each role with its system policy <role>Policy), then rerun';

/**
 * The roles the run's changes use: the cluster's (and Terway's) when it creates the cluster or a
 * pool, the autoscaler's when it creates an autoscaling pool or changes a pool's autoscaling.
 */
export function requiredServiceRoles(target: PreflightTarget): RequiredRole[] {
  const roles: RequiredRole[] = [];
  if (createsCluster(target) || target.pools.some(createsPool)) {
    roles.push(...MANAGED_CLUSTER_ROLES.map((name): RequiredRole => ({ name, for: 'every ACK managed cluster', path: ['metadata', 'region'] })));
    if (target.profile.cluster.network.plugin === 'terway') roles.push({ name: TERWAY_ROLE, for: 'the Terway network plugin', path: ['cluster', 'network', 'plugin'] });
  }
  const autoscaling = target.pools.find((p) => p.pool.autoscaling && (createsPool(p) || p.changes?.has('autoscaling')));
  if (autoscaling) roles.push({ name: AUTOSCALER_ROLE, for: `the autoscaler of pool "${autoscaling.pool.name}"`, path: ['nodePools', autoscaling.index, 'autoscaling'] });
  return roles;
}

export const serviceRolesAuthorised: PreflightCheck = {
  what: "ACK's service roles",
  guards: ['create-cluster', 'create-pool', 'autoscaling'],
  needs: (target) => ({ serviceRoles: requiredServiceRoles(target).map((r) => r.name) }),
  run: (facts, target, at) => {
    const roles = facts.serviceRoles;
    if (!roles.activated) {
      return [
        at('error', ['metadata', 'region'], `Container Service for Kubernetes is not activated for this account (${roles.code})`, 'activate it once as the account owner: the ACK console, or `aliyun cs OpenAckService`; then authorise its service roles'),
      ];
    }
    return requiredServiceRoles(target).flatMap((role) => {
      const status = roles.roles.get(role.name);
      if (!status || status.granted) return [];
      return [at('error', role.path, `ACK service role ${role.name} (needed by ${role.for}) is not authorised in this account${status.message ? `: ${status.message}` : ''}`, GRANT_HINT)];
    });
  },
};
