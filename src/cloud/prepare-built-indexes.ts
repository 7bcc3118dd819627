/** Build time only (scripts/build.mjs): the prepared form of every index sdk.ts serves on demand. */

import { readModelIndex } from './lazy-models.js';
import { packagePath, prepareIndex, type PreparedIndexes } from './prepared-indexes.js';
import { lazyIndexFiles } from './sdk.js';

export function prepareBuiltIndexes(): PreparedIndexes {
  const prepared: PreparedIndexes = {};
  for (const file of lazyIndexFiles()) {
    const index = prepareIndex(file, (read) => readModelIndex(file, read));
    if (index) prepared[packagePath(file)] = index;
  }
  return prepared;
}
