/** The catalogue `ackl2 migrate` moves a profile to, read from the offline catalogue data. */

import { getCatalogue, type Catalogue } from '../catalog/index.js';
import { OS_FAMILIES, type OsFamily } from '../profile/schema.js';
import type { MigrationTarget } from './plan.js';

/** True for the sandboxed (runV) runtime ACK lists per version. */
const SANDBOXED_RUNTIME = /^Sandboxed-Container\./;

/** The newest x86_64 public image of each OS family the catalogue offers for node pools. */
export function newestImages(catalogue: Catalogue): Partial<Record<OsFamily, string>> {
  const newest: Partial<Record<OsFamily, string>> = {};
  for (const os of Object.keys(OS_FAMILIES) as OsFamily[]) {
    const family = OS_FAMILIES[os];
    const images = catalogue.images
      .filter((i) => i.ackImageType === family.imageType && i.id.startsWith(family.imageIdPrefix) && (i.architecture ?? 'x86_64') === 'x86_64')
      .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime));
    if (images[0]) newest[os] = images[0].id;
  }
  return newest;
}

export function migrationTarget(catalogue: Catalogue = getCatalogue(), successors: Readonly<Record<string, string>> = {}): MigrationTarget {
  return {
    catalogue: catalogue.name,
    versions: catalogue.versions.map((v) => ({ version: v.version, creatable: true, imageTypes: v.imageTypes, sandboxed: v.runtimes.some((r) => SANDBOXED_RUNTIME.test(r.name)) })),
    newestImage: newestImages(catalogue),
    successors,
  };
}
