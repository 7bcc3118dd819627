/** The build prepares the SDKs' model indexes (src/cloud/prepared-indexes.ts) beside the chunk that reads them, current for the installed SDKs. */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath, preparedIndexOf, type PreparedIndexes } from '../../src/cloud/prepared-indexes.js';
import { lazyIndexFiles } from '../../src/cloud/sdk.js';
import { CLI_PATH } from '../helpers/cli.js';

describe('the built prepared model indexes', () => {
  it('are beside the chunk that reads them and current for every index the SDKs are served from', () => {
    const chunks = join(dirname(CLI_PATH), 'chunks');
    const reader = readdirSync(chunks).find((f) => f.endsWith('.js') && readFileSync(join(chunks, f), 'utf8').includes('"./model-indexes.json"'));
    expect(reader).toBeDefined();
    const file = join(chunks, 'model-indexes.json');
    expect(existsSync(file)).toBe(true);
    const prepared = JSON.parse(readFileSync(file, 'utf8')) as PreparedIndexes;
    for (const index of lazyIndexFiles()) {
      expect(Object.keys(prepared), index).toContain(packagePath(index));
      expect(preparedIndexOf(index, prepared), index).toBeDefined();
    }
  });
});
