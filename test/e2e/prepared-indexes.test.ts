/** The build prepares the SDKs' model indexes (src/cloud/prepared-indexes.ts) beside the bundle that reads them, current for the installed SDKs. */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath, preparedIndexOf, type PreparedIndex } from '../../src/cloud/prepared-indexes.js';
import { lazyIndexFiles } from '../../src/cloud/sdk.js';
import { CLI_PATH } from '../helpers/cli.js';

describe('the built prepared model indexes', () => {
  it('are beside the chunk that reads them, one file per index, and current for every index the SDKs are served from', () => {
    // The CLI is one CommonJS bundle (scripts/build.mjs): it reads the files beside it.
    const dist = dirname(CLI_PATH);
    const reader = readdirSync(dist).find((f) => f.endsWith('.cjs') && readFileSync(join(dist, f), 'utf8').includes('./model-indexes/'));
    expect(reader).toBe('ackl2.cjs');
    for (const index of lazyIndexFiles()) {
      // named by the index's path inside node_modules, `+` for `/`
      const file = join(dist, 'model-indexes', `${packagePath(index).split('/').join('+')}.json`);
      expect(existsSync(file), file).toBe(true);
      const prepared = JSON.parse(readFileSync(file, 'utf8')) as PreparedIndex;
      expect(preparedIndexOf(index, { [packagePath(index)]: prepared }), index).toBeDefined();
    }
  });
});
