import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/profile/issues.js';
import { validateFile } from '../../src/profile/load.js';
import { ProfileCache } from '../../src/profile/profile-cache.js';
import type { ParsedFile } from '../../src/profile/parse.js';
import { tempTrees } from '../helpers/files.js';

const files = tempTrees('ackl2-profile-cache-');

const BASE = 'apiVersion: ackl2/v1\nkind: ClusterProfileBase\ncluster:\n  kubernetesVersion: "1.28"\n  network: { vpcId: vpc-bp1ackl2demo0001, vswitchIds: [vsw-bp1nodeh00001], podVswitchIds: [vsw-bp1podh000004] }\n';
const profile = (name: string) =>
  `apiVersion: ackl2/v1\nkind: ClusterProfile\nextends: [./base.yaml]\nmetadata: { name: ${name}, region: cn-hangzhou }\nnodePools:\n  - name: web\n    instanceTypes: [ecs.g7.xlarge]\n    desiredSize: 2\n    login: { keyPair: ackl2-demo }\n`;

describe('ProfileCache (the profiles of one run share what they read alike)', () => {
  it('reads a base that several profiles extend once per run', async () => {
    const dir = files('shared-base', { 'base.yaml': BASE, 'a.yaml': profile('a'), 'b.yaml': profile('b') });
    const cache = new ProfileCache();
    const a = await validateFile('a.yaml', { cwd: dir, cache });
    // Changed on disk after the first profile: the run keeps what it read.
    writeFileSync(join(dir, 'base.yaml'), BASE.replace('vpc-bp1ackl2demo0001', 'vpc-bp1ackl2demo0002'));
    const b = await validateFile('b.yaml', { cwd: dir, cache });
    expect(a.profile?.cluster.network.vpcId).toBe('vpc-bp1ackl2demo0001');
    expect(b.profile?.cluster.network.vpcId).toBe('vpc-bp1ackl2demo0001');
    // Without the cache (a single-profile run) the file is read as it is now.
    const fresh = await validateFile('b.yaml', { cwd: dir });
    expect(fresh.profile?.cluster.network.vpcId).toBe('vpc-bp1ackl2demo0002');
  });

  it('reports a problem of the shared base in every profile that extends it, each its own copy', async () => {
    const dir = files('base-warning', { 'base.yaml': `${BASE}cluster:\n  deletionProtection: false\n`, 'a.yaml': profile('a'), 'b.yaml': profile('b') });
    const cache = new ProfileCache();
    const a = await validateFile('a.yaml', { cwd: dir, cache });
    const b = await validateFile('b.yaml', { cwd: dir, cache });
    const ofBase = (issues: typeof a.issues) => issues.filter((i) => i.location?.file === 'base.yaml').map(formatIssue);
    expect(ofBase(a.issues).join('\n')).toMatch(/duplicate key/);
    expect(ofBase(b.issues)).toEqual(ofBase(a.issues));
    const fromA = a.issues.find((i) => i.location?.file === 'base.yaml')!;
    fromA.message = 'changed by one profile';
    expect(b.issues.find((i) => i.location?.file === 'base.yaml')!.message).not.toBe('changed by one profile');
  });

  it('does not keep a failed read: the next profile naming the file reads it again', async () => {
    const cache = new ProfileCache();
    let reads = 0;
    const missing = async () => {
      reads++;
      return { ok: false as const, issue: { severity: 'error' as const, path: [], message: 'not found', hint: '', location: { file: 'x.yaml', line: 1, col: 1 } } };
    };
    expect((await cache.text('/x.yaml', missing)).ok).toBe(false);
    expect((await cache.text('/x.yaml', missing)).ok).toBe(false);
    expect(reads).toBe(2);
    const found = async () => ({ ok: true as const, text: 'a: 1\n' });
    await cache.text('/y.yaml', found);
    expect(await cache.text('/y.yaml', missing)).toEqual({ ok: true, text: 'a: 1\n' });
  });

  it('parses one text under one name once, and the same text under another name again', () => {
    const cache = new ProfileCache();
    const parses: string[] = [];
    const parse = (display: string) => (): ParsedFile => {
      parses.push(display);
      return { tree: undefined, issues: [{ severity: 'error', path: [], message: 'bad', hint: '', location: { file: display, line: 1, col: 1 } }] };
    };
    cache.parsed('a.yaml', 'x: 1', parse('a.yaml'));
    cache.parsed('a.yaml', 'x: 1', parse('a.yaml'));
    cache.parsed('b.yaml', 'x: 1', parse('b.yaml'));
    cache.parsed('a.yaml', 'x: 2', parse('a.yaml'));
    expect(parses).toEqual(['a.yaml', 'b.yaml', 'a.yaml']);
  });

  it('hands out each issue line once per run (a shared base warns once, not once per profile)', () => {
    const cache = new ProfileCache();
    const warning = (file: string, line: number) => ({ severity: 'warning' as const, path: ['cluster'], message: 'old', hint: 'update', location: { file, line, col: 3 } });
    expect(cache.unshown([warning('base.yaml', 4), warning('a.yaml', 9)])).toHaveLength(2);
    expect(cache.unshown([warning('base.yaml', 4), warning('b.yaml', 9)])).toEqual([warning('b.yaml', 9)]);
    expect(cache.unshown([{ ...warning('base.yaml', 4), severity: 'error' as const }])).toHaveLength(1);
  });

  it('lists the builtin profiles of a directory once', async () => {
    const cache = new ProfileCache();
    let listings = 0;
    const list = async () => {
      listings++;
      return [{ name: 'base', path: '/p/bases/base.yaml' }];
    };
    await cache.builtins('/p', list);
    expect(await cache.builtins('/p', list)).toEqual([{ name: 'base', path: '/p/bases/base.yaml' }]);
    expect(listings).toBe(1);
  });
});
