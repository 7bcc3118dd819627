/**
 * One JSON result shape per command, documented in docs/results/: the generated JSON Schemas
 * are current and document the fixed set of actions. Real outputs of the built CLI are
 * checked in results.e2e.test.ts.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS, resultJsonSchemas } from '../../src/results/schemas.js';
import { REPO_ROOT } from '../helpers/cli.js';

describe('docs/results', () => {
  it('holds the current JSON Schema of every documented result (node scripts/gen.mjs)', () => {
    for (const { file, text } of resultJsonSchemas()) expect(readFileSync(join(REPO_ROOT, file), 'utf8'), `${file} is stale: run node scripts/gen.mjs`).toBe(text);
  });

  it('documents the fixed set of actions in the create schema', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/results/create.schema.json'), 'utf8'));
    expect(schema.properties.nodePools.items.properties.action.enum).toEqual([...ACTIONS]);
  });
});
