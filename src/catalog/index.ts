/**
 * The dated catalogues: ACK's public offer at a date, as offline data (no SDK, nothing built
 * at import beyond two literals). The emulator plays one; `validate`, `pin` and `migrate` read
 * them to judge a profile without a network.
 */

import { compareVersions, isExactVersion, isPatchOf, minorOf, newestFirst, newestPatch, type VersionOffer } from '../versions.js';
import { CATALOGUE_2024_03 } from './catalogue-2024-03.js';
import { CATALOGUE_2026_11 } from './catalogue-2026-11.js';
import type { Catalogue, CatalogueVersion } from './types.js';

export type { Catalogue, CatalogueImage, CatalogueImageType, CatalogueVersion, Runtime, Source } from './types.js';

const CATALOGUES: readonly Catalogue[] = [CATALOGUE_2026_11, CATALOGUE_2024_03];

/** Today's offer: the default of `ackl2 emulator` and of `--emulator`. */
export const DEFAULT_CATALOGUE = '2026-11';

export function catalogueNames(): string[] {
  return CATALOGUES.map((c) => c.name);
}

export function listCatalogues(): readonly Catalogue[] {
  return CATALOGUES;
}

export function findCatalogue(name: string): Catalogue | undefined {
  return CATALOGUES.find((c) => c.name === name);
}

/** The named catalogue; throws a message naming the choices for an unknown name. */
export function getCatalogue(name: string = DEFAULT_CATALOGUE): Catalogue {
  const found = findCatalogue(name);
  if (!found) throw new Error(`unknown catalogue "${name}" (known: ${catalogueNames().join(', ')})`);
  return found;
}

export function defaultCatalogue(): Catalogue {
  return getCatalogue(DEFAULT_CATALOGUE);
}

/** How the version model reads a catalogue's version (every listed version is creatable). */
export const catalogueOffer = (v: CatalogueVersion): VersionOffer => ({ version: v.version, creatable: true, imageTypes: v.imageTypes });

/** The minors a catalogue offers, oldest first ("1.34", "1.35", "1.36"). */
export function offeredMinors(catalogue: Catalogue): string[] {
  return [...new Set(catalogue.versions.map((v) => minorOf(v.version)))].sort(compareVersions);
}

/** The exact version, or the newest patch of a minor offering every image type. */
export function findVersion(catalogue: Catalogue, requested: string, imageTypes: readonly string[] = []): CatalogueVersion | undefined {
  if (isExactVersion(requested)) return catalogue.versions.find((v) => v.version === requested);
  return newestPatch(catalogue.versions, requested, imageTypes, catalogueOffer).newest;
}

/** True when the catalogue lists the version (exact) or a patch of it (minor), whatever the OS. */
export function offersVersion(catalogue: Catalogue, requested: string): boolean {
  return catalogue.versions.some((v) => v.version === requested || isPatchOf(v.version, requested));
}

/** True when the catalogue creates `requested` with node image type `imageType`. */
export function offersImageType(catalogue: Catalogue, requested: string, imageType: string): boolean {
  return findVersion(catalogue, requested, [imageType]) !== undefined;
}

let oldestMinor: string | undefined;

/** The oldest minor any known catalogue offers: anything older is offered nowhere. Worked out once: the rules ask it for every profile. */
export function oldestKnownMinor(): string {
  oldestMinor ??= CATALOGUES.flatMap(offeredMinors).sort(compareVersions)[0]!;
  return oldestMinor;
}

/** The newest version of a catalogue (what ACK creates when a request names none). */
export function newestVersion(catalogue: Catalogue): CatalogueVersion {
  return newestFirst(catalogue.versions)[0]!;
}

/** "1.34, 1.35, 1.36 (catalogue 2026-11, ACK's offer as of 2026-11-30)" for messages. */
export function describeOffer(catalogue: Catalogue): string {
  return `${offeredMinors(catalogue).join(', ')} (catalogue ${catalogue.name}, ACK's offer as of ${catalogue.date})`;
}
