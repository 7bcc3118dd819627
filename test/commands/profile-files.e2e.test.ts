import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileFiles } from '../../src/commands/profile-files.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

describe('-f with several files or a directory', () => {
  it('a directory is its *.yaml and *.yml files, sorted, not its subdirectories', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ackl2-files-'));
    for (const name of ['b.yml', 'a.yaml', 'notes.txt']) writeFileSync(join(dir, name), '');
    mkdirSync(join(dir, 'sub.yaml'));
    expect(await profileFiles(['x.yaml', dir], '/')).toEqual(['x.yaml', join(dir, 'a.yaml'), join(dir, 'b.yml')]);
    mkdirSync(join(dir, 'empty'));
    expect(await profileFiles([join(dir, 'empty')], '/')).toEqual([join(dir, 'empty')]);
  });

  it('validate takes every ready-made profile after one -f (a directory or a shell glob)', async () => {
    const expected = readdirSync(join(REPO_ROOT, 'profiles')).filter((f) => f.endsWith('.yaml')).sort().map((f) => `profiles/${f}`);
    const fromDir = await runCli(['validate', '-f', 'profiles', '--output', 'json']);
    expect(fromDir.code, fromDir.stderr).toBe(0);
    expect(JSON.parse(fromDir.stdout).files.map((f: { file: string }) => f.file)).toEqual(expected);
    const fromGlob = await runCli(['validate', '-f', ...expected, '--output', 'json']);
    expect(JSON.parse(fromGlob.stdout).files).toHaveLength(expected.length);
  });

  it('plan plans each file, and one invalid file fails them all with its located errors', async () => {
    const two = await runCli(['plan', '-f', 'profiles/quickstart.yaml', 'profiles/web.yaml', '--output', 'json']);
    expect(two.code, two.stderr).toBe(0);
    expect(JSON.parse(two.stdout).plans.map((p: { profile: string }) => p.profile)).toHaveLength(2);
    const dir = mkdtempSync(join(tmpdir(), 'ackl2-files-'));
    writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: ackl2/v1\nkind: ClusterProfile\nmetadata: { name: Bad_Name }\n');
    const mixed = await runCli(['plan', '-f', 'profiles/web.yaml', join(dir, 'bad.yaml')]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain(`${join(dir, 'bad.yaml')}:3:`);
    expect(mixed.stderr).toMatch(/1 of 2 profiles are not valid; nothing was planned/);
    expect(mixed.stdout).toBe('');
  });
});
