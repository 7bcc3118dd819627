/** Where the package's own files (profiles/, schema/) are, from src/ under vitest or dist/ when built. */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  const found = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
  if (!found) throw new Error('ackl2 package root not found');
  cached = found;
  return found;
}

function findPackageRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'ackl2') return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export const builtinProfilesDir = (): string => join(packageRoot(), 'profiles');
