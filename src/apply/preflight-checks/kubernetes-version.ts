/**
 * The Kubernetes version exists in the live catalogue (a minor resolves to its newest
 * patch) and offers each pool's OS image type. What today's ACK no longer offers, such as
 * Alibaba Cloud Linux 2 node pools from 1.30 on, points at `ackl2 migrate` and, for a
 * ready-made profile, at its AliyunLinux3 sibling.
 */

import { OS_FAMILIES } from '../../profile/schema.js';
import type { KubernetesVersionMetadata } from '../../cloud/types.js';
import type { PreflightTarget } from '../preflight-target.js';
import type { PreflightCheck } from './types.js';
import { compareVersions, metadataOffer, newestFirst, resolveVersion } from '../../versions.js';

/**
 * The metadata of the version to create: an exact version only itself; a minor its newest
 * creatable patch offering every one of `imageTypes` (the same patch `ackl2 pin` writes).
 */
export function resolveKubernetesVersion(requested: string, versions: readonly KubernetesVersionMetadata[], imageTypes: readonly string[] = []): KubernetesVersionMetadata | undefined {
  return resolveVersion(requested, versions, imageTypes, metadataOffer);
}

/** The image types the pools in scope ask for. */
export function poolImageTypes(target: PreflightTarget): string[] {
  return [...new Set(target.pools.map(({ pool }) => OS_FAMILIES[pool.image.os].imageType))];
}

/** The way to today's offer: `ackl2 migrate`, and the ready-made sibling when there is one. */
export function migrateHint(target: PreflightTarget): string {
  const file = target.file ?? 'FILE';
  // A ready-made profile ships inside the package: never rewrite it there, migrate a copy.
  if (target.alinux3Sibling) {
    return `use the ready-made ${target.alinux3Sibling}, or copy this profile out of the package and move the copy to today's offer: cp ${file} cluster.yaml && ackl2 migrate -f cluster.yaml --to AliyunLinux3 --write`;
  }
  return `move the profile to today's offer: ackl2 migrate -f ${file} --to AliyunLinux3 --write`;
}

export const kubernetesVersionOffered: PreflightCheck = {
  what: 'Kubernetes version',
  guards: ['create-cluster', 'create-pool', 'image', 'upgrade-cluster', 'upgrade-pool'],
  needs: () => ({ versions: true }),
  run: (facts, target, at) => {
    const requested = target.profile.cluster.kubernetesVersion;
    const meta = resolveKubernetesVersion(requested, facts.versions, poolImageTypes(target));
    const offered = facts.versions.filter((v) => v.creatable).map((v) => v.version).sort(compareVersions);
    const offer = offered.length > 0 ? `offered: ${offered.join(', ')}; ` : '';
    if (!meta) return [at('error', ['cluster', 'kubernetesVersion'], `Kubernetes ${requested} is not offered in ${facts.region}`, `${offer}${migrateHint(target)}`)];
    if (!meta.creatable) return [at('error', ['cluster', 'kubernetesVersion'], `Kubernetes ${meta.version} can no longer be used for new clusters`, `${offer}${migrateHint(target)}`)];
    if (meta.images.length === 0) return [];
    const types = new Set(meta.images.map((i) => i.imageType).filter(Boolean));
    return target.pools.flatMap(({ pool, index }) => {
      const imageType = OS_FAMILIES[pool.image.os].imageType;
      if (types.has(imageType)) return [];
      const fallback = newestFirst(facts.versions.filter((v) => v.creatable && v.images.some((i) => i.imageType === imageType)))[0];
      const alternative = fallback
        ? `use image.os ${types.has('AliyunLinux3') ? 'AliyunLinux3' : [...types].join('/')}, or kubernetesVersion "${fallback.version}" (the newest that still offers ${imageType})`
        : `use image.os ${[...types].join(' or ')}`;
      const hint = pool.image.os === 'AliyunLinux2' ? `${migrateHint(target)}; or ${alternative}` : alternative;
      return [at('error', ['nodePools', index, 'image', 'os'], `${pool.image.os} (image type ${imageType}) cannot be used with Kubernetes ${meta.version}`, hint)];
    });
  },
};
