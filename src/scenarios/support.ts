/**
 * Facts and helpers the scenario modules share: node OS kernels, instance families,
 * Kubernetes versions, and how a requirement violation is reported.
 */

import { formatPath, type Issue, type ProfilePath } from '../profile/issues.js';
import type { NodePool, OsFamily, Profile } from '../profile/schema.js';
import type { PlanDraft, PoolDraft } from '../plan/draft.js';
import type { ScenarioUse } from './types.js';
import { compareVersions, kubernetesMinor } from '../versions.js';

export { isMinorVersion, kubernetesMinor } from '../versions.js';

/** Kernel of each node OS family (mirrors OS_FAMILIES in schema.ts; typed so a new OS must be added here). */
export const OS_KERNEL: Record<OsFamily, string> = {
  AliyunLinux2: '4.19',
  AliyunLinux3: '5.10',
};

/** The kernel the seed article's node tunings rely on (namespaced sysctls, IPVlan + eBPF, BBR, BFQ, PSI). */
export const TUNING_KERNEL = '4.19';

export function kernelOf(os: OsFamily): string | undefined {
  return (OS_KERNEL as Record<string, string | undefined>)[os];
}

/** True when the OS family's kernel is at least `minimum` ("4.19"). Unknown families are not. */
export function kernelAtLeast(os: OsFamily, minimum: string): boolean {
  const kernel = kernelOf(os);
  return kernel !== undefined && compareVersions(kernel, minimum) >= 0;
}

/** ECS bare metal families (ecs.ebmg7.32xlarge, ecs.ebmc7.48xlarge, ...). */
export const BARE_METAL_TYPE = /^ecs\.ebm/;
/** GPU families: gn*, vgn*, sgn* and their bare-metal ebmgn* variants. */
export const GPU_TYPE = /^ecs\.(ebm)?(gn|vgn|sgn)[0-9]/;

export const isBareMetalType = (type: string): boolean => BARE_METAL_TYPE.test(type);
export const isGpuType = (type: string): boolean => GPU_TYPE.test(type);
export const isGpuPool = (pool: NodePool): boolean => pool.instanceTypes.length > 0 && pool.instanceTypes.every(isGpuType);

/**
 * Kubernetes minors where ACK's behaviour changes for the tunings (ACK release notes; see
 * docs/scenarios.md for the pages and dates), compared with the minor of the profile's
 * kubernetesVersion (src/versions.ts).
 */
export const KUBERNETES_MINOR = {
  /** 1.35: cgroup v1 removed; kubelet refuses to start on cgroup v1 nodes. */
  cgroupV2Only: 35,
  /** 1.34: new clusters with Terway DataPath V2 run no kube-proxy (eBPF service routing). */
  noKubeProxyWithDataPathV2: 34,
  /** 1.35: kube-proxy's IPVS mode is deprecated (KEP-5495). */
  ipvsDeprecated: 35,
} as const;

/** True when the version's minor is at least `minor`; false for a version it cannot read. */
export function minorAtLeast(version: string, minor: number): boolean {
  const actual = kubernetesMinor(version);
  return actual !== undefined && actual >= minor;
}

/**
 * The container-optimized Alibaba Cloud Linux 3 image type: cgroup v2 by default ("Migrate nodes
 * to cgroup v2"). Plain AliyunLinux3 images run cgroup v1, which kubelet refuses from 1.35.
 */
export const ALINUX3_CONTAINER_OPTIMIZED = 'AliyunLinux3ContainerOptimized';

/**
 * True when a pool's nodes run cgroup v2: from Kubernetes 1.35 ackl2 sends AliyunLinux3 pools as
 * the container-optimized image (the planner's image_type), which is cgroup v2.
 */
export function runsCgroupV2(os: OsFamily, kubernetesVersion: string): boolean {
  return os === 'AliyunLinux3' && minorAtLeast(kubernetesVersion, KUBERNETES_MINOR.cgroupV2Only);
}

export const isProSpec = (spec: string): boolean => spec.startsWith('ack.pro.');

/**
 * A violated requirement, reported twice when the offending field is elsewhere: once at
 * the offending field (what to change) and once at the scenario key (who asks for it).
 */
export function violation(
  use: Pick<ScenarioUse<unknown>, 'path'>,
  scenario: string,
  at: ProfilePath,
  message: string,
  hint: string,
  severity: Issue['severity'] = 'error',
): Issue[] {
  const atField: Issue = { severity, path: at, message: `${scenario}: ${message}`, hint };
  // A field inside the scenario's own options already sits under the scenario key.
  if (isWithin(at, use.path)) return [atField];
  return [atField, { severity, path: use.path, message: `${scenario}: ${message} (at ${formatPath(at)})`, hint }];
}

/** True when `path` is `prefix` or below it. */
export function isWithin(path: ProfilePath, prefix: ProfilePath): boolean {
  return path.length >= prefix.length && prefix.every((segment, i) => segment === path[i]);
}

export function samePath(a: ProfilePath, b: ProfilePath): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i]);
}

/** Pools a use applies to, with their index, skipping indexes that do not exist. */
export function poolsOf(use: Pick<ScenarioUse<unknown>, 'poolIndexes'>, profile: Profile): Array<[number, NodePool]> {
  const out: Array<[number, NodePool]> = [];
  for (const index of use.poolIndexes) {
    const pool = profile.nodePools[index];
    if (pool) out.push([index, pool]);
  }
  return out;
}

/** Every pool of the use runs a kernel of at least TUNING_KERNEL; one violation per pool otherwise. */
export function requireTuningKernel(
  use: ScenarioUse<unknown>,
  profile: Profile,
  scenario: string,
  why: string,
): Issue[] {
  const issues: Issue[] = [];
  for (const [index, pool] of poolsOf(use, profile)) {
    if (kernelAtLeast(pool.image.os, TUNING_KERNEL)) continue;
    issues.push(
      ...violation(
        use,
        scenario,
        ['nodePools', index, 'image', 'os'],
        `${why} needs kernel ${TUNING_KERNEL} or newer; ${pool.image.os} has ${kernelOf(pool.image.os) ?? 'an unknown kernel'}`,
        'use image.os: AliyunLinux2 (kernel 4.19) or AliyunLinux3 (kernel 5.10) for this pool',
      ),
    );
  }
  return issues;
}

/** The pool drafts a use applies to. */
export function poolsOfDraft(use: Pick<ScenarioUse<unknown>, 'poolIndexes'>, draft: PlanDraft): PoolDraft[] {
  const out: PoolDraft[] = [];
  for (const index of use.poolIndexes) {
    const pool = draft.pools[index];
    if (pool) out.push(pool);
  }
  return out;
}
