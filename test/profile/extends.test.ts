import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../src/errors.js';
import { formatIssue } from '../../src/profile/issues.js';
import { loadProfile, validateFile } from '../../src/profile/load.js';
import { tempTrees } from '../helpers/files.js';

const files = tempTrees('ackl2-extends-');

const NETWORK = 'cluster:\n  kubernetesVersion: "1.28"\n  network: { vpcId: vpc-bp1ackl2demo0001, vswitchIds: [vsw-bp1nodeh00001], podVswitchIds: [vsw-bp1podh000004] }\n';
const POOL = 'nodePools:\n  - name: web\n    instanceTypes: [ecs.g7.xlarge]\n    desiredSize: 2\n    login: { keyPair: ackl2-demo }\n';
const HEAD = 'apiVersion: ackl2/v1\nkind: ClusterProfile\nmetadata: { name: demo, region: cn-hangzhou }\n';
/** What every base declares: only profiles are read as bases. */
const BASE = 'apiVersion: ackl2/v1\nkind: ClusterProfileBase\n';

describe('extends', () => {
  it('resolves bases relative to the file that names them, through several levels', async () => {
    const dir = files('relative', {
      'team/cluster.yaml': `extends: [../shared/network.yaml]\n${HEAD}${POOL}`,
      'shared/network.yaml': `extends: [./version.yaml]\n${BASE}${NETWORK}`,
      'shared/version.yaml': `${BASE}cluster:\n  kubernetesVersion: "1.28"\n`,
    });
    const loaded = await loadProfile('team/cluster.yaml', { cwd: dir });
    expect(loaded.profile.cluster.kubernetesVersion).toBe('1.28');
    expect(loaded.locate(['cluster', 'network', 'vpcId'])).toEqual({ file: 'shared/network.yaml', line: 6, col: 21 });
  });

  it('merges several bases in order, the later winning, and a diamond is not a cycle', async () => {
    const dir = files('diamond', {
      'cluster.yaml': `extends: [./left.yaml, ./right.yaml]\n${HEAD}${POOL}`,
      'left.yaml': `extends: [./common.yaml]\n${BASE}metadata: { tags: { side: left } }\n`,
      'right.yaml': `extends: [./common.yaml]\n${BASE}metadata: { tags: { side: right } }\n`,
      'common.yaml': `${BASE}${NETWORK}metadata: { tags: { shared: "yes" } }\n`,
    });
    const { issues, profile } = await validateFile('cluster.yaml', { cwd: dir });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(profile?.metadata.tags).toEqual({ shared: 'yes', side: 'right' });
  });

  it('names the whole chain of a cycle, in the file the user ran with, at its extends line', async () => {
    const dir = files('cycle', {
      'a.yaml': 'extends: [./b.yaml]\n',
      'b.yaml': `extends: [./c.yaml]\n${BASE}`,
      'c.yaml': `# c\n${BASE}extends:\n  - ./a.yaml\n`,
    });
    const { issues } = await validateFile('a.yaml', { cwd: dir });
    expect(issues.map(formatIssue)).toEqual([
      'a.yaml:1:11 extends: extends cycle: a.yaml -> b.yaml -> c.yaml -> a.yaml (closed at c.yaml:5:5) (a profile cannot build on itself; remove one of these extends entries)',
    ]);
  });

  it('a bare file name that is not beside the profile but names a ready-made one (a -alinux3 profile copied out of profiles/) is answered with builtin:NAME', async () => {
    const builtinDir = files('builtins-copied', { 'network.yaml': `${BASE}${NETWORK}` });
    const dir = files('copied', {
      'copy.yaml': `extends: [network.yaml]\n${HEAD}${POOL}`,
      'other.yaml': `extends: [./elsewhere.yaml]\n${HEAD}${POOL}`,
    });
    const copied = await validateFile('copy.yaml', { cwd: dir, builtinDir });
    expect(copied.issues.map(formatIssue)).toEqual([
      'copy.yaml:1:11 extends: base profile network.yaml not found (it is not beside this file; the ready-made profile of that name is builtin:network: write extends: [builtin:network])',
    ]);
    // a name no ready-made profile has keeps the general answer
    const other = await validateFile('other.yaml', { cwd: dir, builtinDir });
    expect(other.issues.map(formatIssue)).toEqual([expect.stringContaining('base profile elsewhere.yaml not found (paths in extends are relative')]);
  });

  it('finds builtin:NAME in the builtin directory and lists the names when one is unknown', async () => {
    const builtinDir = files('builtins', { 'network.yaml': `${BASE}${NETWORK}`, 'other.yaml': `${BASE}metadata: { tags: { a: b } }\n` });
    const dir = files('uses-builtin', {
      'ok.yaml': `extends: [builtin:network]\n${HEAD}${POOL}`,
      'bad.yaml': `extends: [builtin:netwrok]\n${HEAD}${POOL}`,
    });
    const ok = await validateFile('ok.yaml', { cwd: dir, builtinDir });
    expect(ok.profile?.cluster.network.vpcId).toBe('vpc-bp1ackl2demo0001');
    expect(ok.locate(['cluster', 'network', 'vpcId'])?.file).toBe(join(builtinDir, 'network.yaml'));

    const bad = await validateFile('bad.yaml', { cwd: dir, builtinDir });
    expect(bad.issues.map(formatIssue)).toEqual(['bad.yaml:1:11 extends: unknown builtin profile "netwrok" (available: builtin:network, builtin:other)']);
  });

  it('builds on the shipped profiles: builtin:quickstart from profiles/', async () => {
    const dir = files('shipped', { 'mine.yaml': 'extends: [builtin:quickstart]\nmetadata: { name: my-quickstart }\n' });
    const loaded = await loadProfile('mine.yaml', { cwd: dir });
    expect(loaded.profile.metadata.name).toBe('my-quickstart');
    expect(loaded.locate(['apiVersion'])?.file).toMatch(/profiles\/quickstart\.yaml$/);
  });

  it('reports a single string (extends: ./base.yaml) and still loads the base', async () => {
    const dir = files('string', { 'cluster.yaml': `extends: ./base.yaml\n${HEAD}${POOL}`, 'base.yaml': `${BASE}${NETWORK}` });
    const { issues } = await validateFile('cluster.yaml', { cwd: dir });
    expect(issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual(['cluster.yaml:1:10 extends: extends must be a list (write extends: [./base.yaml])']);
  });

  it('says what is wrong with a base that is a symlink loop, at the entry that names it', async () => {
    const dir = files('loop', { 'cluster.yaml': `extends: [./shared/base.yaml]\n${HEAD}${NETWORK}${POOL}` });
    mkdirSync(join(dir, 'shared'), { recursive: true });
    symlinkSync('other.yaml', join(dir, 'shared', 'base.yaml'));
    symlinkSync('base.yaml', join(dir, 'shared', 'other.yaml'));
    const { issues } = await validateFile('cluster.yaml', { cwd: dir });
    expect(issues.map(formatIssue)).toEqual([
      'cluster.yaml:1:11 extends: cannot read base profile shared/base.yaml: its symbolic links form a loop (point the link at the real file (ls -l shows where it goes))',
    ]);
  });

  it('sees a cycle through a symbolic link to a file of the chain', async () => {
    const dir = files('link-cycle', { 'cluster.yaml': `extends: [./alias.yaml]\n${HEAD}${NETWORK}${POOL}` });
    symlinkSync('cluster.yaml', join(dir, 'alias.yaml'));
    const { issues } = await validateFile('cluster.yaml', { cwd: dir });
    expect(issues.map(formatIssue)).toEqual(['cluster.yaml:1:11 extends: extends cycle: cluster.yaml -> alias.yaml (a profile cannot build on itself; remove one of these extends entries)']);
  });

  it('warns where a pool name is a near miss of an inherited pool: it is added, not merged', async () => {
    const dir = files('near-miss', {
      'base.yaml': `${HEAD}${NETWORK}${POOL}`,
      'cluster.yaml': 'extends: [./base.yaml]\nnodePools:\n  - name: wbe\n    desiredSize: 5\n  - name: gpu\n    desiredSize: 1\n',
    });
    const { issues } = await validateFile('cluster.yaml', { cwd: dir });
    const nearMiss = issues.filter((i) => i.message.includes('matches no inherited pool'));
    expect(nearMiss.map(formatIssue)).toEqual([
      'cluster.yaml:3:11 nodePools[1].name: warning: pool "wbe" matches no inherited pool, so it is added as a new one; the bases have "web" (write name: web to change the inherited pool (pools merge by name))',
    ]);
  });

  it('validates the merged result, so a base may be partial and a bad child value points at the child', async () => {
    const dir = files('partial', { 'cluster.yaml': `extends: [./base.yaml]\n${HEAD}nodePools:\n  - name: web\n    desiredSize: -1\n`, 'base.yaml': `${BASE}${NETWORK}${POOL}` });
    const error = await loadProfile('cluster.yaml', { cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([
      'cluster.yaml:7:18 nodePools[0].desiredSize: must be at least 0 (allowed: 0 to 2000)',
    ]);
  });
});
