/** The emulator stays off the start-up path and never imports the SDKs it serves. */

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, REPO_ROOT } from '../helpers/cli.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every module the built entry loads statically (not through import()). */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.[^"']+)["']/g)) visit(join(dirname(file), m[1]!));
  };
  visit(entry);
  return [...seen];
}

describe('emulator boundaries', () => {
  it('no emulator module imports an @alicloud SDK', () => {
    const offenders = sourceFiles(join(REPO_ROOT, 'src/emulator')).filter((f) => /from\s+['"]@alicloud\/|import\(\s*['"]@alicloud\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the built CLI loads the emulator only on demand', () => {
    const closure = staticClosure(CLI_PATH);
    expect(closure.length).toBeGreaterThan(1);
    const loaded = closure.filter((f) => readFileSync(f, 'utf8').includes('InvalidAction.NotFound'));
    expect(loaded).toEqual([]);
    const chunks = readdirSync(join(dirname(CLI_PATH), 'chunks')).filter((f) => f.endsWith('.js'));
    expect(chunks.some((f) => readFileSync(join(dirname(CLI_PATH), 'chunks', f), 'utf8').includes('InvalidAction.NotFound'))).toBe(true);
  });
});
