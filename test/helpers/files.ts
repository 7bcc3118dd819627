/** Temporary file trees for tests that load profiles from disk. */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * A writer of trees under one temp root, removed after the test file: `files('case', { 'a.yaml':
 * '...', 'shared/b.yaml': '...' })` returns the case directory.
 */
export function tempTrees(prefix: string): (dir: string, entries: Record<string, string>) => string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return (dir, entries) => {
    const at = join(root, dir);
    mkdirSync(at, { recursive: true });
    for (const [name, text] of Object.entries(entries)) {
      mkdirSync(dirname(join(at, name)), { recursive: true });
      writeFileSync(join(at, name), text);
    }
    return at;
  };
}
