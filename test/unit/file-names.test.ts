/** File names in one style: kebab-case (lower-case words joined by `-`, then the extensions). */

import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)+$/;
/** A folder may look like a file: test/fixtures/invalid/yaml-directory.yaml is one on purpose. */
const KEBAB_DIR = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*$/;

function files(dir: string): string[] {
  // dotfiles (.gitkeep) are named by their tools
  return readdirSync(dir, { withFileTypes: true }).filter((entry) => !entry.name.startsWith('.')).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? [`${path}/`, ...files(path)] : [path];
  });
}

it('every file and folder under src, test, scripts, bench and profiles has a kebab-case name', () => {
  const names = ['src', 'test', 'scripts', 'bench', 'profiles'].flatMap((dir) => files(join(REPO_ROOT, dir)));
  expect(names.length).toBeGreaterThan(100);
  const offending = names.filter((path) => (path.endsWith('/') ? !KEBAB_DIR.test(path.split('/').at(-2)!) : !KEBAB.test(path.split('/').at(-1)!)));
  expect(offending.map((p) => relative(REPO_ROOT, p))).toEqual([]);
});

it('tells a kebab-case name from others', () => {
  expect(['import-cycles.test.ts', 'catalogue-2024-03.ts', 'base.yaml'].every((n) => KEBAB.test(n))).toBe(true);
  expect(['planOutput.ts', 'plan_output.ts', 'Plan.ts', 'plan-.ts'].some((n) => KEBAB.test(n))).toBe(false);
  expect(['preflight-checks', 'e2e'].every((n) => KEBAB_DIR.test(n)) && !KEBAB_DIR.test('preflightChecks')).toBe(true);
});
