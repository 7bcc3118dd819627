/**
 * Which dated catalogue a profile is made for: the first that offers its Kubernetes version
 * with every pool's node image type and lists every pinned image id for that type. Offline,
 * from the catalogue data (what `ackl2 profiles` shows next to each ready-made profile).
 */

import { findVersion, listCatalogues, offersVersion, type Catalogue } from '../catalog/index.js';
import { OS_FAMILIES, type OsFamily } from './schema.js';

export interface ProfileOffer {
  kubernetesVersion?: string | undefined;
  pools: readonly { os: OsFamily; id?: string | undefined }[];
}

export function fits(catalogue: Catalogue, offer: ProfileOffer): boolean {
  if (offer.kubernetesVersion === undefined) return false;
  const imageTypes = [...new Set(offer.pools.map((p) => OS_FAMILIES[p.os].imageType))];
  if (imageTypes.length === 0) return offersVersion(catalogue, offer.kubernetesVersion);
  if (!findVersion(catalogue, offer.kubernetesVersion, imageTypes)) return false;
  return offer.pools.every((p) => p.id === undefined || catalogue.images.some((i) => i.id === p.id && i.ackImageType === OS_FAMILIES[p.os].imageType));
}

/** The name of the first catalogue the profile fits, or undefined when none does. */
export function catalogueOf(offer: ProfileOffer, catalogues: readonly Catalogue[] = listCatalogues()): string | undefined {
  return catalogues.find((c) => fits(c, offer))?.name;
}
