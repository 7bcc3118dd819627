/**
 * Online checks before anything is changed, all reads: the checks that guard a change the run
 * makes (preflight-scope.ts) say what they need, gatherFacts() asks the account for that once
 * (region, VPC and vSwitches, images, key pairs, versions, join instances, ACK's service
 * roles, instance types' ENIs), and each check of preflight-checks/ is a pure function over
 * those facts. Every problem comes back together, located at the profile line that caused it.
 */

import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { builtinProfilesDir } from '../paths.js';
import type { ProfilePath, SourceLocation, Issue } from '../profile/issues.js';
import type { Profile } from '../profile/schema.js';
import type { CloudGateways } from '../cloud/types.js';
import { gatherFacts } from './preflight-facts.js';
import { createsCluster, type FactNeeds, type PreflightTarget } from './preflight-target.js';
import { wholeProfileScope, type GuardedChange, type PreflightScope } from './preflight-scope.js';
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
  /** What exists: the profile's cluster (its join instances are not "another cluster"), its pools and nodes. */
  existing?: ExistingRefs | undefined;
  /** Only check these pools (by name); default every pool. */
  pools?: ReadonlySet<string> | undefined;
  /** What the run changes (preflight-scope.ts); default: it creates the whole profile. */
  scope?: PreflightScope | undefined;
  /** `cluster_type` the plan creates (for DescribeKubernetesVersionMetadata). */
  clusterType?: string | undefined;
  /** A fleet run's answers of this region, shared by its profiles; default: every read is this profile's. */
  sharedFacts?: FactsSource | undefined;
}

export interface ExistingRefs {
  clusterId: string | undefined;
  /** Pools that exist already, and instances that are nodes already: they need no password. */
  pools: ReadonlySet<string>;
  nodes: ReadonlySet<string>;
}

export interface PreflightResult {
  issues: Issue[];
  /** The exact Kubernetes version to create (minor resolved to its newest patch), when the run creates the cluster. */
  kubernetesVersion: string | undefined;
  /** What the checks that ran checked, in order (`what`); empty: nothing the run changes needs the account asked. */
  checked: string[];
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

/** The check's view of the target: the pools with a change it guards, the cluster changes it guards; undefined when it guards nothing planned. */
function scopedFor(check: PreflightCheck, target: PreflightTarget): PreflightTarget | undefined {
  const guarded = (changes: ReadonlySet<GuardedChange> | undefined, fallback: GuardedChange) => check.guards.some((g) => (changes ? changes.has(g) : g === fallback));
  const pools = target.pools.filter((p) => guarded(p.changes, 'create-pool'));
  const cluster = new Set(check.guards.filter((g) => (target.cluster ? target.cluster.has(g) : g === 'create-cluster')));
  if (pools.length === 0 && cluster.size === 0) return undefined;
  return { ...target, pools, cluster };
}

function mergeNeeds(list: readonly FactNeeds[]): FactNeeds {
  const ids = (key: 'vswitches' | 'images' | 'keyPairs' | 'instances' | 'serviceRoles' | 'instanceTypes') => {
    const lists = list.flatMap((n) => (n[key] ? [n[key]] : []));
    return lists.length > 0 ? { [key]: [...new Set(lists.flat())] } : {};
  };
  return {
    zones: list.some((n) => n.zones),
    vpc: list.some((n) => n.vpc),
    versions: list.some((n) => n.versions),
    ...ids('vswitches'),
    ...ids('images'),
    ...ids('keyPairs'),
    ...ids('instances'),
    ...ids('serviceRoles'),
    ...ids('instanceTypes'),
  };
}

export async function preflight(input: PreflightInput): Promise<PreflightResult> {
  const { profile } = input;
  const existing = input.existing ?? { clusterId: undefined, pools: new Set<string>(), nodes: new Set<string>() };
  const scope = input.scope ?? wholeProfileScope(profile);
  const target: PreflightTarget = {
    profile,
    pools: profile.nodePools.flatMap((pool, index) => {
      const changes = scope.pools.get(pool.name);
      return changes && (!input.pools || input.pools.has(pool.name)) ? [{ pool, index, changes }] : [];
    }),
    cluster: scope.cluster,
    env: input.env,
    file: input.file,
    alinux3Sibling: input.alinux3Sibling ?? (input.file === undefined ? undefined : alinux3SiblingOf(input.file)),
    clusterType: input.clusterType ?? 'ManagedKubernetes',
    existingClusterId: existing.clusterId,
    existingPools: existing.pools,
    existingNodes: existing.nodes,
  };
  const at = locator(input.locate);
  const running = PREFLIGHT_CHECKS.flatMap((check) => {
    const scoped = scopedFor(check, target);
    return scoped ? [{ check, scoped }] : [];
  });
  const needs = mergeNeeds(running.map(({ check, scoped }) => check.needs?.(scoped) ?? {}));
  const facts = await gatherFacts(input.gateways, { region: profile.metadata.region, vpcId: profile.cluster.network.vpcId, clusterType: target.clusterType, profileName: profile.metadata.name }, needs, input.sharedFacts, existing.clusterId);
  if (needs.zones && facts.zones.length === 0) {
    return { issues: [at('error', ['metadata', 'region'], `region ${facts.region} is not available to this account (no zones offer instances)`, 'check the region id, e.g. cn-hangzhou')], kubernetesVersion: undefined, checked: ['region'] };
  }
  const issues = running.flatMap(({ check, scoped }) => check.run(facts, scoped, at));
  const meta = createsCluster(target) ? resolveKubernetesVersion(profile.cluster.kubernetesVersion, facts.versions, poolImageTypes(target)) : undefined;
  return { issues, kubernetesVersion: meta?.creatable ? meta.version : undefined, checked: running.map(({ check }) => check.what) };
}
