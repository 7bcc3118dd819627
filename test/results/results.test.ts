/**
 * One JSON result shape per command, documented in docs/results/: every command of the
 * registry has a schema, the generated JSON Schemas are current and document the fixed set of
 * actions. Real outputs of the built CLI are checked in results.e2e.test.ts.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.js';
import { ACTIONS, RESULT_SCHEMAS, resultJsonSchemas, resultNameOf } from '../../src/results/schemas.js';
import { PLANNED_ACTIONS } from '../../src/results/shared.js';
import { REPO_ROOT } from '../helpers/cli.js';

describe('docs/results', () => {
  it('has a result schema for every command of the registry, and none for a command that does not exist', () => {
    const commands = COMMANDS.map((c) => resultNameOf(c.name)).sort();
    expect(Object.keys(RESULT_SCHEMAS).sort()).toEqual(commands);
  });

  it('holds the current JSON Schema of every documented result (node scripts/gen.mjs)', () => {
    for (const { file, text } of resultJsonSchemas()) expect(readFileSync(join(REPO_ROOT, file), 'utf8'), `${file} is stale: run node scripts/gen.mjs`).toBe(text);
  });

  it('links every schema from docs/results/README.md', () => {
    const index = readFileSync(join(REPO_ROOT, 'docs/results/README.md'), 'utf8');
    for (const name of Object.keys(RESULT_SCHEMAS)) expect(index, name).toContain(`(${name}.schema.json)`);
  });

  it('documents the fixed set of actions in the create schema and the README', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/results/create.schema.json'), 'utf8'));
    expect(schema.anyOf[0].properties.nodePools.items.properties.action.enum).toEqual([...ACTIONS]);
    const index = readFileSync(join(REPO_ROOT, 'docs/results/README.md'), 'utf8');
    for (const action of ACTIONS) expect(index, action).toContain(`\`${action}\``);
  });

  it('takes every `action` of every result from the fixed set (diff: from the planned set)', () => {
    const enums: { file: string; values: string[] }[] = [];
    const walk = (node: unknown, file: string): void => {
      if (Array.isArray(node)) return node.forEach((child) => walk(child, file));
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      const properties = record.properties as Record<string, { enum?: string[] }> | undefined;
      const action = properties?.action;
      // error.action is the API action a ConnectionFailed was calling, not what the run did.
      if (action && !properties.exitCode) enums.push({ file, values: action.enum ?? ['(any string)'] });
      for (const child of Object.values(record)) walk(child, file);
    };
    for (const { file, text } of resultJsonSchemas()) walk(JSON.parse(text), file);
    expect(enums.length).toBeGreaterThan(5);
    for (const { file, values } of enums) {
      const allowed: readonly string[] = file.endsWith('/diff.schema.json') && values.includes('unmanaged') ? PLANNED_ACTIONS : ACTIONS;
      for (const value of values) expect(allowed, `${file}: action ${value}`).toContain(value);
    }
  });

  it('lets every command print the failure document { ok: false, error }', () => {
    const failure = { ok: false, error: { type: 'UserError', message: 'no profile', exitCode: 2, hint: 'pass -f FILE' } };
    for (const [name, schema] of Object.entries(RESULT_SCHEMAS)) expect(schema.safeParse(failure).success, name).toBe(true);
  });

  it('stays off the start-up path: outside src/results, code imports the result schemas as types only', () => {
    const src = join(REPO_ROOT, 'src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.startsWith('results'));
    const valueImports = files.filter((f) => /^import (?!type )[^;]*from '[./]*results\/(schemas|shared)\.js'/m.test(readFileSync(join(src, f), 'utf8')));
    expect(valueImports).toEqual([]);
    expect(files).toContain(join('commands', 'images.ts'));
  });
});
