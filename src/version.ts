/** Kept equal to package.json "version" (test/unit/version.test.ts checks it). */
export const VERSION = '0.1.0';
