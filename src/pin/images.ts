/**
 * The public images of one Alibaba Cloud Linux family in a region, newest first: ECS
 * DescribeImages with ImageOwnerAlias=system and the family, every page; when a region
 * tags none with the family, the image-name prefix instead. Only x86_64 builds whose id has
 * the family's prefix count (the ids a profile's `image.id` may hold).
 */

import { listAll } from '../cloud/paging.js';
import type { EcsGateway, Image } from '../cloud/types.js';
import { OS_FAMILIES, type OsFamily } from '../profile/schema.js';
import { CONTAINER_OPTIMIZED_IMAGE_ID } from '../profile/rules/cgroup-v2.js';
import { AL3_CONTAINER_OPTIMIZED_FAMILY } from '../catalog/shared.js';

export { AL3_CONTAINER_OPTIMIZED_FAMILY };

export function creationMs(image: Image): number {
  const ms = image.creationTime ? Date.parse(image.creationTime) : Number.NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

export function newestFirst(a: Image, b: Image): number {
  return creationMs(b) - creationMs(a) || b.imageId.localeCompare(a.imageId);
}

/**
 * With `cgroupV2` (an AliyunLinux3 pool on Kubernetes 1.35+, sent as the container-optimized image
 * type), only container-optimized images count; otherwise only the others.
 */
export async function familyImages(ecs: EcsGateway, os: OsFamily, cgroupV2 = false): Promise<Image[]> {
  const family = OS_FAMILIES[os];
  const list = (query: { imageFamily?: string; imageName?: string }) =>
    listAll((pageNumber, pageSize) => ecs.describeImages({ imageOwnerAlias: 'system', ...query, pageNumber, pageSize }), { pageSize: 100 });
  const matches = (images: Image[]) =>
    images.filter(
      (i) => i.imageId.startsWith(family.imageIdPrefix) && CONTAINER_OPTIMIZED_IMAGE_ID.test(i.imageId) === cgroupV2 && (i.architecture === undefined || i.architecture === 'x86_64'),
    );
  let images = matches(await list({ imageFamily: cgroupV2 ? AL3_CONTAINER_OPTIMIZED_FAMILY : family.imageFamily }));
  if (images.length === 0) images = matches(await list({ imageName: `${family.imageIdPrefix}*` }));
  const unique = new Map(images.map((i) => [i.imageId, i]));
  return [...unique.values()].sort(newestFirst);
}
