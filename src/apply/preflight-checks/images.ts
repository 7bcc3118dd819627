/** Pinned images exist, are available, and are of the pool's OS family. */

import type { ProfilePath } from '../../profile/issues.js';
import { OS_FAMILIES, type OsFamily } from '../../profile/schema.js';
import type { Image } from '../../cloud/types.js';
import type { PreflightCheck } from './types.js';
import type { PreflightTarget } from '../preflight-target.js';
import { AL3_CONTAINER_OPTIMIZED_FAMILY } from '../../catalog/shared.js';
import { imageTypeFor } from '../../plan/bodies.js';
import { ALINUX3_CONTAINER_OPTIMIZED } from '../../scenarios/support.js';

/** An image of the OS, or (from 1.35, where ackl2 sends AliyunLinux3 as its container-optimized type, as pin pins) of that type. */
function imageMatchesOs(image: Image, os: OsFamily, kubernetesVersion?: string): boolean {
  const family = OS_FAMILIES[os];
  const containerOptimized = kubernetesVersion !== undefined && imageTypeFor(os, kubernetesVersion) === ALINUX3_CONTAINER_OPTIMIZED;
  if (containerOptimized && image.imageFamily === AL3_CONTAINER_OPTIMIZED_FAMILY) return true;
  if (image.imageFamily) return image.imageFamily === family.imageFamily;
  return image.imageId.startsWith(family.imageIdPrefix) || (image.imageName ?? '').startsWith(family.imageIdPrefix);
}

function osOfImage(image: Image): OsFamily | undefined {
  return (Object.keys(OS_FAMILIES) as OsFamily[]).find((os) => imageMatchesOs(image, os));
}

const pinnedIds = (target: PreflightTarget): string[] => target.pools.flatMap(({ pool }) => (pool.image.id === undefined ? [] : [pool.image.id]));

export const pinnedImages: PreflightCheck = {
  what: 'pinned images',
  guards: ['create-cluster', 'create-pool', 'image'],
  needs: (target) => ({ images: pinnedIds(target) }),
  run: (facts, target, at) =>
  target.pools.flatMap(({ pool, index }) => {
    const id = pool.image.id;
    if (id === undefined) return [];
    const image = facts.images.get(id);
    const path: ProfilePath = ['nodePools', index, 'image', 'id'];
    if (!image) return [at('error', path, `image ${id} does not exist in ${facts.region}`, '`ackl2 images` lists the current ones; `ackl2 pin -f FILE` refreshes the pin')];
    if (!imageMatchesOs(image, pool.image.os, target.profile.cluster.kubernetesVersion)) {
      const actual = osOfImage(image);
      return [at('error', path, `image ${id} is ${actual ?? image.imageFamily ?? image.osName ?? 'another OS'}, but image.os is ${pool.image.os}`, `pin an ${pool.image.os} image (\`ackl2 pin -f FILE\`) or change image.os`)];
    }
    if (image.status && image.status !== 'Available') return [at('error', path, `image ${id} is ${image.status}, not Available`, '`ackl2 pin -f FILE` pins the newest available image')];
    return [];
  }),
};
