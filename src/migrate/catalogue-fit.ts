/**
 * Which dated catalogue a profile is made for: the first that offers its Kubernetes version
 * with every pool's node image type (as ackl2 sends it at that version) and lists every pinned
 * image id for that type. Offline, from the catalogue data (`ackl2 profiles` shows it).
 */

import { findVersion, listCatalogues, offersVersion, type Catalogue } from '../catalog/index.js';
import { imageTypeFor } from '../plan/bodies.js';
import type { OsFamily } from '../profile/schema.js';

export interface ProfileOffer {
  kubernetesVersion?: string | undefined;
  pools: readonly { os: OsFamily; id?: string | undefined }[];
}

export function fits(catalogue: Catalogue, offer: ProfileOffer): boolean {
  const requested = offer.kubernetesVersion;
  if (requested === undefined) return false;
  if (offer.pools.length === 0) return offersVersion(catalogue, requested);
  const imageTypes = [...new Set(offer.pools.map((p) => imageTypeFor(p.os, requested)))];
  if (!findVersion(catalogue, requested, imageTypes)) return false;
  return offer.pools.every((p) => p.id === undefined || catalogue.images.some((i) => i.id === p.id && i.ackImageType === imageTypeFor(p.os, requested)));
}

/** The name of the first catalogue the profile fits, or undefined when none does. */
export function catalogueOf(offer: ProfileOffer, catalogues: readonly Catalogue[] = listCatalogues()): string | undefined {
  return catalogues.find((c) => fits(c, offer))?.name;
}
