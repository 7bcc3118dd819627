/**
 * Property: whatever is done to a valid profile, loading it either succeeds or fails with a
 * ValidationFailed/UserError whose every issue is located (file:line:col inside a file that
 * took part) and carries no stack trace: never another error. Fixed seed, bounded runs.
 */

import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isScalar, parseDocument, visit, type Pair, type Scalar } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError, ValidationFailed } from '../../src/errors.js';
import { formatIssue, type Issue } from '../../src/profile/issues.js';
import { loadProfile } from '../../src/profile/load.js';

const VALID_DIR = new URL('../fixtures/valid/', import.meta.url).pathname;
const SEEDS = ['minimal.yaml', 'full.yaml', 'flannel.yaml', 'extends/child.yaml'].map((name) => ({ name, text: readFileSync(join(VALID_DIR, name), 'utf8') }));

const work = mkdtempSync(join(tmpdir(), 'ackl2-fuzz-'));
copyFileSync(join(VALID_DIR, 'extends/base.yaml'), join(work, 'base.yaml'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const JUNK = [':', ': ', '- ', '\t', '  ', '&a ', '*a', '*nope', '{', '}', '[', ']', "'", '"', '<<: ', '<<: *x', '? ', '!!binary ', '%YAML 1.1\n', '---\n', '...\n', '#', '|', '>', '\n', 'password: p4ss\n', '~', 'null', '1.30', 'yes', '0x1F', '.inf', '__proto__: {}\n', '\u00e9', '\ud83d\ude80'];

type Mutation =
  | { kind: 'truncate' | 'duplicateLine' | 'badBytes'; at: number }
  | { kind: 'deleteKey'; at: number }
  | { kind: 'swapType'; at: number; to: 'number' | 'string' | 'bool' | 'null' | 'list' | 'map' | 'long' }
  | { kind: 'renameKey'; at: number; suffix: string }
  | { kind: 'junk'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('truncate' as const, 'duplicateLine' as const, 'badBytes' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('deleteKey' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapType' as const), at: fc.nat(), to: fc.constantFrom('number' as const, 'string' as const, 'bool' as const, 'null' as const, 'list' as const, 'map' as const, 'long' as const) }),
  fc.record({ kind: fc.constant('renameKey' as const), at: fc.nat(), suffix: fc.string({ maxLength: 3 }) }),
  fc.record({ kind: fc.constant('junk' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 6 })) }),
);

/** Structural edits go through the YAML document so they stay realistic; others edit text or bytes. */
function apply(bytes: Buffer<ArrayBufferLike>, m: Mutation): Buffer<ArrayBufferLike> {
  const text = bytes.toString('utf8');
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, m.at % (bytes.length + 1));
    case 'badBytes': {
      const at = m.at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xc3]), bytes.subarray(at)]);
    }
    case 'duplicateLine': {
      const lines = text.split('\n');
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i]!);
      return Buffer.from(lines.join('\n'));
    }
    case 'junk': {
      const at = m.at % (text.length + 1);
      return Buffer.from(text.slice(0, at) + m.text + text.slice(at));
    }
    default:
      try {
        return Buffer.from(structural(text, m));
      } catch {
        return bytes; // the edit left something yaml cannot write back (e.g. a dangling alias)
      }
  }
}

function structural(text: string, m: Extract<Mutation, { kind: 'deleteKey' | 'swapType' | 'renameKey' }>): string {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return text;
  const pairs: Pair[] = [];
  const scalars: Scalar[] = [];
  visit(doc, {
    Pair: (_, pair) => void pairs.push(pair),
    Scalar: (_, scalar) => void scalars.push(scalar),
  });
  if (m.kind === 'deleteKey' && pairs.length > 0) {
    const target = pairs[m.at % pairs.length]!;
    visit(doc, { Pair: (_, pair) => (pair === target ? visit.REMOVE : undefined) });
  } else if (m.kind === 'renameKey' && pairs.length > 0) {
    const key = pairs[m.at % pairs.length]!.key;
    if (isScalar(key)) key.value = `${String(key.value)}${m.suffix || 'x'}`;
  } else if (m.kind === 'swapType' && scalars.length > 0) {
    const target = scalars[m.at % scalars.length]!;
    const replacement = { number: 1.5, string: 'text', bool: true, null: null, list: ['a', 1], map: { k: 'v' }, long: 'y'.repeat(300) }[m.to];
    visit(doc, { Scalar: (_, scalar) => (scalar === target ? doc.createNode(replacement) : undefined) });
  }
  return doc.toString();
}

function checkLocated(issues: readonly Issue[], lineCounts: Map<string, number>): void {
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    const where = issue.location;
    expect(where, formatIssue(issue)).toBeDefined();
    const lines = lineCounts.get(where!.file);
    expect(lines, `${formatIssue(issue)}: unknown file`).toBeDefined();
    expect(where!.line).toBeGreaterThanOrEqual(1);
    expect(where!.line).toBeLessThanOrEqual(lines! + 1);
    expect(where!.col).toBeGreaterThanOrEqual(1);
    expect(issue.message).not.toMatch(/\n\s+at /);
    // The path may hold quoted keys with spaces: nodePools[0].labels["a b"].
    expect(formatIssue(issue)).toMatch(/^\S+:\d+:\d+ (?:[^\s"]|"(?:[^"\\]|\\.)*")+: /);
  }
}

describe('fuzz: mutated valid profiles', () => {
  it('load or fail with located issues, never with another error', async () => {
    let run = 0;
    const outcomes = { valid: 0, invalid: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (seed, mutations) => {
        let bytes: Buffer<ArrayBufferLike> = Buffer.from(seed.text);
        for (const m of mutations) bytes = apply(bytes, m);
        const file = `case-${run++}.yaml`;
        writeFileSync(join(work, file), bytes);
        const lineCounts = new Map([
          [file, bytes.toString('utf8').split('\n').length],
          ['base.yaml', readFileSync(join(work, 'base.yaml'), 'utf8').split('\n').length],
        ]);
        try {
          const loaded = await loadProfile(file, { cwd: work });
          outcomes.valid++;
          if (loaded.warnings.length > 0) checkLocated(loaded.warnings, lineCounts);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          outcomes.invalid++;
          checkLocated(error instanceof ValidationFailed ? error.issues : [], lineCounts);
        } finally {
          rmSync(join(work, file), { force: true });
        }
      }),
      { seed: 20240628, numRuns: 400 },
    );
    // The mutations must reach both outcomes, or the property proves little.
    expect(outcomes.invalid).toBeGreaterThan(100);
    expect(outcomes.valid).toBeGreaterThan(5);
  });
});
