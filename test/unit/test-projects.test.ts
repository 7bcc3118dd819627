/**
 * The unit project runs without a build: no unit test may start the built CLI or read dist/.
 * Those are e2e tests (*.e2e.test.ts or test/e2e/), which `npm test` runs after building.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, runCliInProcess } from '../helpers/cli.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(REPO_ROOT, path)] : [];
  });
}

const isE2e = (file: string) => file.startsWith('test/e2e/') || file.endsWith('.e2e.test.ts');
/** What only a test of the built CLI uses. */
const BUILT_CLI = /\b(runCli|runCliInProcess|spawnCli|startCloud|startHarness|CLI_PATH)\b|['"`]dist\//;

describe('test projects', () => {
  it('no unit test file starts the built CLI or reads dist/', () => {
    const files = testFiles(join(REPO_ROOT, 'test'));
    const unit = files.filter((f) => !isE2e(f) && f !== 'test/unit/test-projects.test.ts');
    expect(unit.length).toBeGreaterThan(20);
    expect(files.filter(isE2e).length).toBeGreaterThan(10);
    expect(unit.filter((f) => BUILT_CLI.test(readFileSync(join(REPO_ROOT, f), 'utf8')))).toEqual([]);
  });

  it('runCli and runCliInProcess refuse to run in the unit project and say how to move the test', () => {
    expect(process.env.ACKL2_TEST_PROJECT).toBe('unit');
    expect(() => runCli(['--help'])).toThrow('this test runs the built CLI: name its file *.e2e.test.ts (or move it to test/e2e/)');
    expect(() => runCliInProcess(['--help'])).toThrow('this test runs the built CLI');
  });
});
