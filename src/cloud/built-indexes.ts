/**
 * The prepared model indexes of the installed SDKs (prepared-indexes.ts). None in the source:
 * scripts/build.mjs replaces this module in dist/ with one that reads the indexes it prepared
 * from a JSON file beside the chunk (read once, when an SDK is first loaded).
 */

import type { PreparedIndexes } from './prepared-indexes.js';

export const builtIndexes = (): PreparedIndexes => ({});
