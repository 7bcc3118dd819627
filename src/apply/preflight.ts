/**
 * Online checks before anything is created, all reads: gatherFacts() asks the account once
 * (region, VPC and vSwitches, images, key pairs, versions, join instances, ACK's service
 * roles, instance types' ENIs); each check of preflight-checks/ is a pure function over
 * those facts. Every problem comes back together, located at the profile line that caused it.
 */

import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { builtinProfilesDir } from '../paths.js';
import type { ProfilePath, SourceLocation, Issue } from '../profile/issues.js';
import type { Profile } from '../profile/schema.js';
import type { CloudGateways } from '../cloud/types.js';
import { gatherFacts } from './preflight-facts.js';
import type { PreflightTarget } from './preflight-target.js';
import type { FactsSource } from './facts-cache.js';
import { pinnedImages } from './preflight-checks/images.js';
import { instanceTypesOffered, terwayCapacityForMaxPods } from './preflight-checks/instance-types.js';
import { joinInstancesUsable } from './preflight-checks/join.js';
import { kubernetesVersionOffered, poolImageTypes, resolveKubernetesVersion } from './preflight-checks/kubernetes-version.js';
import { keyPairsExist, passwordsInEnvironment } from './preflight-checks/login.js';
import { podVswitchMask, vpcExists, vswitchesInVpc } from './preflight-checks/network.js';
import { serviceRolesAuthorised } from './preflight-checks/service-roles.js';
import { locator, type PreflightCheck } from './preflight-checks/types.js';

export { resolveKubernetesVersion } from './preflight-checks/kubernetes-version.js';
export { cidrClashesWithVpc } from './preflight-checks/network.js';
export { instanceProblems } from './preflight-checks/join.js';
export { describeInstancesById } from './preflight-facts.js';

export interface PreflightInput {
  profile: Profile;
  gateways: CloudGateways;
  env: NodeJS.ProcessEnv;
  locate: (path: ProfilePath) => SourceLocation | undefined;
  /** The profile file as the user named it (hints name it). */
  file?: string | undefined;
  /** The ready-made AliyunLinux3 sibling of a ready-made AliyunLinux2 profile, if any. */
  alinux3Sibling?: string | undefined;
  /** The profile's cluster when it already exists (its join instances are not "another cluster"). */
  existingClusterId?: string | undefined;
  /** Pools that exist already, and instances that are nodes already: they need no password. */
  existingPools?: ReadonlySet<string> | undefined;
  existingNodes?: ReadonlySet<string> | undefined;
  /**
   * What exists, while discovery is still reading it (apply looks for the cluster and reads the
   * account at once): awaited only where a check needs it. Takes the place of the three above.
   */
  existing?: Promise<ExistingRefs> | undefined;
  /** Only check these pools (by name); default every pool. */
  pools?: ReadonlySet<string> | undefined;
  /** `cluster_type` the plan creates (for DescribeKubernetesVersionMetadata). */
  clusterType?: string | undefined;
  /** A fleet run's answers of this region, shared by its profiles; default: every read is this profile's. */
  sharedFacts?: FactsSource | undefined;
}

export interface ExistingRefs {
  clusterId: string | undefined;
  pools: ReadonlySet<string>;
  nodes: ReadonlySet<string>;
}

export interface PreflightResult {
  issues: Issue[];
  /** The exact Kubernetes version to create (minor resolved to its newest patch). */
  kubernetesVersion: string | undefined;
}

/** Every check, in the order its issues are reported. */
export const PREFLIGHT_CHECKS: readonly PreflightCheck[] = [
  serviceRolesAuthorised,
  vpcExists,
  vswitchesInVpc,
  podVswitchMask,
  instanceTypesOffered,
  terwayCapacityForMaxPods,
  pinnedImages,
  kubernetesVersionOffered,
  keyPairsExist,
  passwordsInEnvironment,
  joinInstancesUsable,
];

/** `profiles/<name>-alinux3.yaml` when `file` is a ready-made profile of the package that has one. */
export function alinux3SiblingOf(file: string, cwd: string = process.cwd()): string | undefined {
  const dir = builtinProfilesDir();
  const path = resolve(cwd, file);
  if (dirname(path) !== dir || path.endsWith('-alinux3.yaml')) return undefined;
  const sibling = `${basename(path, '.yaml')}-alinux3.yaml`;
  return existsSync(join(dir, sibling)) ? `profiles/${sibling}` : undefined;
}

export async function preflight(input: PreflightInput): Promise<PreflightResult> {
  const { profile } = input;
  const reading: PreflightTarget = {
    profile,
    pools: profile.nodePools.map((pool, index) => ({ pool, index })).filter(({ pool }) => !input.pools || input.pools.has(pool.name)),
    env: input.env,
    file: input.file,
    alinux3Sibling: input.alinux3Sibling ?? (input.file === undefined ? undefined : alinux3SiblingOf(input.file)),
    clusterType: input.clusterType ?? 'ManagedKubernetes',
  };
  const existing = input.existing ?? Promise.resolve({ clusterId: input.existingClusterId, pools: input.existingPools ?? new Set<string>(), nodes: input.existingNodes ?? new Set<string>() });
  const at = locator(input.locate);
  const existingClusterId = existing.then((e) => e.clusterId);
  // Awaited only when there are instances to join; a failed discovery is the caller's to report.
  existingClusterId.catch(() => undefined);
  const facts = await gatherFacts(input.gateways, reading, input.sharedFacts, existingClusterId);
  if (facts.zones.length === 0) {
    return { issues: [at('error', ['metadata', 'region'], `region ${facts.region} is not available to this account (no zones offer instances)`, 'check the region id, e.g. cn-hangzhou')], kubernetesVersion: undefined };
  }
  const found = await existing;
  const target: PreflightTarget = { ...reading, existingClusterId: found.clusterId, existingPools: found.pools, existingNodes: found.nodes };
  const issues = PREFLIGHT_CHECKS.flatMap((check) => check(facts, target, at));
  const meta = resolveKubernetesVersion(profile.cluster.kubernetesVersion, facts.versions, poolImageTypes(target));
  return { issues, kubernetesVersion: meta?.creatable ? meta.version : undefined };
}
