/** The catalogue `ackl2 migrate` moves a profile to, read from the offline catalogue data. */

import { getCatalogue, type Catalogue } from '../catalog/index.js';
import { CATALOGUE } from '../scenarios/index.js';
import type { MigrationTarget } from './plan.js';

/** True for the sandboxed (runV) runtime ACK lists per version. */
const SANDBOXED_RUNTIME = /^Sandboxed-Container\./;

/** The x86_64 public node images of the catalogue by image type, newest first. */
export function nodeImages(catalogue: Catalogue): Record<string, string[]> {
  const byType: Record<string, string[]> = {};
  const images = catalogue.images
    .filter((i) => i.ackImageType !== undefined && (i.architecture ?? 'x86_64') === 'x86_64')
    .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime));
  for (const image of images) (byType[image.ackImageType!] ??= []).push(image.id);
  return byType;
}

/** Former scenario names and the scenario that replaced each (the scenarios' `aliases`). */
export function scenarioSuccessors(): Record<string, string> {
  return Object.fromEntries(CATALOGUE.flatMap((scenario) => Object.keys(scenario.aliases ?? {}).map((alias) => [alias, scenario.id])));
}

export function migrationTarget(catalogue: Catalogue = getCatalogue()): MigrationTarget {
  const images = nodeImages(catalogue);
  return {
    catalogue: catalogue.name,
    versions: catalogue.versions.map((v) => ({ version: v.version, creatable: true, imageTypes: v.imageTypes, sandboxed: v.runtimes.some((r) => SANDBOXED_RUNTIME.test(r.name)) })),
    newestImage: Object.fromEntries(Object.entries(images).map(([type, ids]) => [type, ids[0]!])),
    images,
    successors: scenarioSuccessors(),
  };
}
