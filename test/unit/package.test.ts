/**
 * The published package: licensed as package.json says, built before packing (the tarball
 * carries dist/) with no install-time scripts of its own (npm warns about those on install),
 * and every relative link of its documentation resolves inside the package.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { license: string; files: string[]; scripts: Record<string, string> };

/** Whether a repository path is in the tarball (`files`, plus what npm always includes). */
function packed(path: string): boolean {
  const top = path.split('/')[0]!;
  return ['package.json', 'README.md', 'LICENSE'].includes(path) || pkg.files.includes(top) || pkg.files.includes(path);
}

describe('the published package', () => {
  it('has the Apache-2.0 LICENSE package.json names, and ships it', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const license = readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    expect(packed('LICENSE')).toBe(true);
  });

  it('builds before packing and runs nothing when installed', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.files).toContain('dist');
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[script], script).toBeUndefined();
  });

  it('every relative link in README.md and docs/ resolves to a file in the package', () => {
    const documents = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const broken: string[] = [];
    let links = 0;
    for (const document of documents) {
      expect(packed(document), document).toBe(true);
      const text = readFileSync(join(REPO_ROOT, document), 'utf8');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!.split('#')[0]!;
        if (target === '' || /^[a-z]+:/i.test(target) || target.includes('{')) continue;
        links++;
        const path = normalize(relative(REPO_ROOT, join(REPO_ROOT, dirname(document), target)));
        if (!existsSync(join(REPO_ROOT, path)) || !packed(path)) broken.push(`${document}: ${match[1]}`);
      }
    }
    expect(links).toBeGreaterThan(5);
    expect(broken).toEqual([]);
  });
});
