/** Kubeconfig reduction and merging, and the atomic writer under it (in process: the odd cases). */

import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { UserError } from '../../src/errors.js';
import { atomicWrite } from '../../src/fs/atomic-write.js';
import { defaultKubeconfigPath, mergeKubeconfig, normalizeKubeconfig } from '../../src/kube/kubeconfig.js';

/** What ACK returns: cluster "kubernetes", context "<user>-<cluster id>". */
const ACK = stringify({
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'kubernetes', cluster: { server: 'https://47.1.2.3:6443', 'certificate-authority-data': 'Q0EtREFUQQ==' } }],
  contexts: [{ name: '2771-cabc', context: { cluster: 'kubernetes', user: '2771' } }],
  'current-context': '2771-cabc',
  preferences: {},
  users: [{ name: '2771', user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' } }],
});

describe('kubeconfig', () => {
  const kube = normalizeKubeconfig(ACK, 'shop.cn-hangzhou');

  it('names the cluster, user and context after the ACK cluster', () => {
    expect(kube.cluster).toEqual({ name: 'shop.cn-hangzhou', cluster: { server: 'https://47.1.2.3:6443', 'certificate-authority-data': 'Q0EtREFUQQ==' } });
    expect(kube.user).toEqual({ name: 'shop.cn-hangzhou', user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' } });
    expect(kube.context).toEqual({ name: 'shop.cn-hangzhou', context: { cluster: 'shop.cn-hangzhou', user: 'shop.cn-hangzhou' } });
    expect(kube.server).toBe('https://47.1.2.3:6443');
  });

  it('an answer without a user is an error that quotes none of it', () => {
    let message = '';
    try {
      normalizeKubeconfig(stringify({ clusters: [{ name: 'k', cluster: { server: 'https://x', token: 'SECRET-TOKEN' } }] }), 'n');
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/has no user$/);
    expect(message).not.toContain('SECRET-TOKEN');
  });

  it('replaces its own entries in place, keeps the rest, and is a fixed point', () => {
    const existing = 'apiVersion: v1\nclusters:\n- name: shop.cn-hangzhou\n  cluster:\n    server: https://old\n- name: other\n  cluster:\n    server: https://other\ncontexts: []\ncurrent-context: ""\nusers: null\n';
    const once = mergeKubeconfig(existing, kube, 'config');
    expect(once.replaced).toBe(true);
    expect(once.currentContext).toBe('shop.cn-hangzhou');
    const doc = parse(once.text);
    expect(doc.clusters.map((c: any) => [c.name, c.cluster.server])).toEqual([
      ['shop.cn-hangzhou', 'https://47.1.2.3:6443'],
      ['other', 'https://other'],
    ]);
    expect(doc.users).toEqual([kube.user]);
    expect(doc.kind).toBe('Config');
    expect(mergeKubeconfig(once.text, kube, 'config').text).toBe(once.text);
  });

  it('an empty or missing file becomes a kubeconfig of this cluster, current', () => {
    for (const start of [null, '', '\n']) {
      const merged = mergeKubeconfig(start, kube, 'config');
      expect(parse(merged.text)).toEqual({ apiVersion: 'v1', kind: 'Config', clusters: [kube.cluster], users: [kube.user], contexts: [kube.context], 'current-context': 'shop.cn-hangzhou' });
    }
  });

  it('refuses files that are not kubeconfigs, with the position', () => {
    expect(() => mergeKubeconfig('- a\n- b\n', kube, 'cfg')).toThrow('cfg: not a kubeconfig (the top level is not a map)');
    expect(() => mergeKubeconfig('clusters: {a: 1}\n', kube, 'cfg')).toThrow('cfg: "clusters" is not a list');
    expect(() => mergeKubeconfig('a: [\n', kube, 'cfg')).toThrow(/^cfg:\d+:\d+: not a valid kubeconfig/);
  });

  it('$KUBECONFIG: the first non-empty path; else ~/.kube/config', () => {
    expect(defaultKubeconfigPath({ KUBECONFIG: ':/a/one:/b/two' }, '/home/u')).toBe('/a/one');
    expect(defaultKubeconfigPath({ KUBECONFIG: '' }, '/home/u')).toBe('/home/u/.kube/config');
    expect(defaultKubeconfigPath({}, '/home/u')).toBe('/home/u/.kube/config');
  });
});

describe('atomicWrite', () => {
  const made: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'ackl2-atomic-'));
    made.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('writes with the mode asked for, whatever the old file had, and leaves no temp file', async () => {
    const d = dir();
    const file = join(d, 'config');
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);
    await atomicWrite(file, 'new', { mode: 0o600 });
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual(['config']);
  });

  it('refuses when the file changed since it was read, and keeps the change', async () => {
    const d = dir();
    const file = join(d, 'profile.yaml');
    writeFileSync(file, 'edited by someone else');
    await expect(atomicWrite(file, 'ours', { mode: 0o644, expected: 'what we read', display: 'profile.yaml' })).rejects.toThrow('profile.yaml changed on disk while ackl2 was working on it; nothing was written');
    expect(readFileSync(file, 'utf8')).toBe('edited by someone else');
    await expect(atomicWrite(join(d, 'new'), 'x', { mode: 0o600, expected: null })).resolves.toBeUndefined();
    await expect(atomicWrite(join(d, 'new'), 'y', { mode: 0o600, expected: null })).rejects.toThrow('changed on disk');
    expect(readdirSync(d).sort()).toEqual(['new', 'profile.yaml']);
  });

  it('a directory in the way is a user error naming the path, leaving nothing behind', async () => {
    const d = dir();
    mkdirSync(join(d, 'kubeconfig'));
    const failure = await atomicWrite(join(d, 'kubeconfig'), 'x', { mode: 0o600 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).message).toBe(`cannot write ${join(d, 'kubeconfig')}: it is a directory`);
    expect(readdirSync(d)).toEqual(['kubeconfig']);
  });

  it('writes through a symlink, keeping the link', async () => {
    const d = dir();
    writeFileSync(join(d, 'real'), 'old');
    symlinkSync(join(d, 'real'), join(d, 'link'));
    await atomicWrite(join(d, 'link'), 'new', { mode: 0o600 });
    expect(readFileSync(join(d, 'real'), 'utf8')).toBe('new');
    expect(statSync(join(d, 'link')).isFile()).toBe(true);
    expect(readdirSync(d).sort()).toEqual(['link', 'real']);
  });
});
