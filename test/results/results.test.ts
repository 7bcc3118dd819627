/**
 * One JSON result shape per command, documented in docs/results/: the generated JSON Schemas
 * are current, and real outputs of the built CLI against the emulator match them exactly
 * (strict: no undocumented key), with `action` from the fixed set and each operation of an
 * unfinished run in one list only.
 */

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS, applyResult, resultJsonSchemas, validateResult } from '../../src/results/schemas.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

function strictParse<T>(schema: { safeParse(value: unknown): { success: boolean; data?: T; error?: unknown } }, text: string): T {
  const parsed = schema.safeParse(JSON.parse(text));
  expect(parsed.success, JSON.stringify(parsed.error)).toBe(true);
  return parsed.data as T;
}

describe('docs/results', () => {
  it('holds the current JSON Schema of every documented result (node scripts/gen.mjs)', () => {
    for (const { file, text } of resultJsonSchemas()) expect(readFileSync(join(REPO_ROOT, file), 'utf8'), `${file} is stale: run node scripts/gen.mjs`).toBe(text);
  });

  it('documents the fixed set of actions in the create schema', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/results/create.schema.json'), 'utf8'));
    expect(schema.properties.nodePools.items.properties.action.enum).toEqual([...ACTIONS]);
  });
});

describe('real outputs match their schema', () => {
  it('validate -o json: ok and one verdict per file', async () => {
    const result = await runCli(['validate', '-o', 'json', '-f', 'test/fixtures/invalid/multi-issue.yaml', '-f', 'profiles/quickstart.yaml']);
    expect(result.code).toBe(2);
    const doc = strictParse(validateResult, result.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.files.map((f) => f.valid)).toEqual([false, true]);
  });

  it('create -o json on the emulator, then the rerun, then an interrupted one (--timeout): every document matches, each operation in one list', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ackl2-results-'));
    const env = { XDG_CACHE_HOME: cache, ACKL2_EMULATOR_SPEED: '20', CI: 'true' };
    const first = await runCli(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes', '-o', 'json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const created = strictParse(applyResult, first.stdout);
    expect(created).toMatchObject({ ok: true, cluster: { action: 'created' }, created: ['cluster', 'nodepool/default'], found: [] });

    const again = await runCli(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes', '-o', 'json'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(strictParse(applyResult, again.stdout)).toMatchObject({ ok: true, changed: false, cluster: { action: 'exists' }, created: [], found: ['cluster', 'nodepool/default'] });

    const slow = { ...env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'ackl2-results-')), ACKL2_EMULATOR_SPEED: '1' };
    const stopped = await runCli(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes', '-o', 'json', '--timeout', '2s'], { env: slow });
    expect(stopped.code).toBe(5);
    const doc = strictParse(applyResult, stopped.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.error?.type).toBe('TimeoutError');
    const lists = [...doc.created, ...doc.found, ...doc.pending, ...doc.failed];
    expect(new Set(lists).size).toBe(lists.length);
    expect(lists.sort()).toEqual(['cluster', 'nodepool/default']);
  });
});
