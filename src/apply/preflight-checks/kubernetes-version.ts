/**
 * The Kubernetes version exists in the live catalogue (a minor resolves to its newest
 * patch) and offers each pool's OS image type. What today's ACK no longer offers, such as
 * Alibaba Cloud Linux 2 node pools from 1.30 on, points at `ackl2 migrate` and, for a
 * ready-made profile, at its AliyunLinux3 sibling.
 */

import { OS_FAMILIES } from '../../profile/schema.js';
import type { KubernetesVersionMetadata } from '../../cloud/types.js';
import type { PreflightTarget } from '../preflight-facts.js';
import type { PreflightCheck } from './types.js';

const EXACT_VERSION = /^\d+\.\d+\.\d+-aliyun\.\d+$/;

/** Compare "1.30.7-aliyun.1" style versions numerically. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** The metadata of the version to create: exact match, or the newest creatable patch of a minor. */
export function resolveKubernetesVersion(requested: string, versions: readonly KubernetesVersionMetadata[]): KubernetesVersionMetadata | undefined {
  if (EXACT_VERSION.test(requested)) return versions.find((v) => v.version === requested);
  const candidates = versions.filter((v) => v.creatable && (v.version === requested || v.version.startsWith(`${requested}.`)));
  return candidates.sort((a, b) => compareVersions(b.version, a.version))[0];
}

/** The way to today's offer: `ackl2 migrate`, and the ready-made sibling when there is one. */
export function migrateHint(target: PreflightTarget): string {
  const file = target.file ?? 'FILE';
  const sibling = target.alinux3Sibling ? ` or use the ready-made ${target.alinux3Sibling}` : '';
  return `move the profile to today's offer: ackl2 migrate -f ${file} --to AliyunLinux3 --write${sibling}`;
}

export const kubernetesVersionOffered: PreflightCheck = (facts, target, at) => {
  const requested = target.profile.cluster.kubernetesVersion;
  const meta = resolveKubernetesVersion(requested, facts.versions);
  const offered = facts.versions.filter((v) => v.creatable).map((v) => v.version).sort(compareVersions);
  const offer = offered.length > 0 ? `offered: ${offered.join(', ')}; ` : '';
  if (!meta) return [at('error', ['cluster', 'kubernetesVersion'], `Kubernetes ${requested} is not offered in ${facts.region}`, `${offer}${migrateHint(target)}`)];
  if (!meta.creatable) return [at('error', ['cluster', 'kubernetesVersion'], `Kubernetes ${meta.version} can no longer be used for new clusters`, `${offer}${migrateHint(target)}`)];
  if (meta.images.length === 0) return [];
  const types = new Set(meta.images.map((i) => i.imageType).filter(Boolean));
  return target.pools.flatMap(({ pool, index }) => {
    const imageType = OS_FAMILIES[pool.image.os].imageType;
    if (types.has(imageType)) return [];
    const fallback = facts.versions.filter((v) => v.creatable && v.images.some((i) => i.imageType === imageType)).sort((a, b) => compareVersions(b.version, a.version))[0];
    const alternative = fallback
      ? `use image.os ${types.has('AliyunLinux3') ? 'AliyunLinux3' : [...types].join('/')}, or kubernetesVersion "${fallback.version}" (the newest that still offers ${imageType})`
      : `use image.os ${[...types].join(' or ')}`;
    const hint = pool.image.os === 'AliyunLinux2' ? `${migrateHint(target)}; or ${alternative}` : alternative;
    return [at('error', ['nodePools', index, 'image', 'os'], `${pool.image.os} (image type ${imageType}) cannot be used with Kubernetes ${meta.version}`, hint)];
  });
};
