/**
 * `extends` reads profiles only: a file that does not declare itself an ackl2 profile is
 * refused without echoing a word of it; bases stay inside the project unless
 * --allow-outside-project; /proc and /dev are never read.
 */

import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRootOf } from '../../src/profile/compose.js';
import { formatIssue } from '../../src/profile/issues.js';
import { validateFile } from '../../src/profile/load.js';
import { tempTrees } from '../helpers/files.js';

const files = tempTrees('ackl2-extends-safety-');

const HEAD = 'apiVersion: ackl2/v1\nkind: ClusterProfile\nmetadata: { name: demo, region: cn-hangzhou }\n';
const BASE = 'apiVersion: ackl2/v1\nkind: ClusterProfileBase\n';
const NETWORK = 'cluster:\n  kubernetesVersion: "1.28"\n  network: { vpcId: vpc-bp1ackl2demo0001, vswitchIds: [vsw-bp1nodeh00001], podVswitchIds: [vsw-bp1podh000004] }\n';
const POOL = 'nodePools:\n  - name: web\n    instanceTypes: [ecs.g7.xlarge]\n    desiredSize: 2\n    login: { keyPair: ackl2-demo }\n';

/** Lines shaped like /etc/shadow: as YAML they are keys and values. */
const SHADOW = 'root: $6$saltsalt$hashedsecretvalue\ndaemon: "*"\nuser: { password: hunter2-planted }\n';

describe('extends reads profiles only', () => {
  it('a file that is not a profile is refused at the extends entry, nothing of it echoed', async () => {
    const dir = files('not-a-profile', { 'cluster.yaml': `extends: [./shadow]\n${HEAD}${NETWORK}${POOL}`, shadow: SHADOW });
    const { issues } = await validateFile('cluster.yaml', { cwd: dir });
    expect(issues.map(formatIssue)).toEqual([
      'cluster.yaml:1:11 extends: base profile shadow is not an ackl2 profile (it does not declare apiVersion: ackl2/v1 with kind ClusterProfile or ClusterProfileBase); it was not used (a base starts with apiVersion: ackl2/v1 and kind: ClusterProfileBase; check that extends names the right file)',
    ]);
    const printed = JSON.stringify(issues);
    for (const word of ['root', 'saltsalt', 'hashedsecretvalue', 'daemon', 'hunter2-planted', 'password']) expect(printed).not.toContain(word);
  });

  it('a file that YAML cannot parse and that declares no profile is refused the same way (no syntax error quoting it)', async () => {
    const dir = files('garbage', { 'cluster.yaml': `extends: [./passwd]\n${HEAD}${NETWORK}${POOL}`, passwd: 'root:x:0:0:root:/root:/bin/bash\n\tsecret-line: [unclosed\n' });
    const { issues } = await validateFile('cluster.yaml', { cwd: dir });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('base profile passwd is not an ackl2 profile');
    expect(JSON.stringify(issues)).not.toContain('secret-line');
  });

  it('a profile with a half header (apiVersion but not kind) is not read either', async () => {
    const dir = files('half', { 'cluster.yaml': `extends: [./base.yaml]\n${HEAD}${POOL}`, 'base.yaml': `apiVersion: ackl2/v1\n${NETWORK}` });
    const { issues } = await validateFile('cluster.yaml', { cwd: dir });
    expect(issues.map((i) => i.message)).toEqual([expect.stringContaining('base profile base.yaml is not an ackl2 profile')]);
  });

  it('never reads /proc or /dev as a base', async () => {
    const dir = files('special', { 'cluster.yaml': `extends: [/proc/self/environ, /dev/zero]\n${HEAD}${NETWORK}${POOL}` });
    const { issues } = await validateFile('cluster.yaml', { cwd: dir, allowOutsideProject: true });
    expect(issues.map(formatIssue)).toEqual([
      'cluster.yaml:1:11 extends: base profile /proc/self/environ is inside /proc, not a profile file (name a YAML profile; files under /proc, /dev and /sys are never read)',
      'cluster.yaml:1:31 extends: base profile /dev/zero is inside /dev, not a profile file (name a YAML profile; files under /proc, /dev and /sys are never read)',
    ]);
  });
});

describe('extends stays inside the project', () => {
  it('refuses ../ out of the project (no .git: the working directory), and reads it with allowOutsideProject', async () => {
    const root = files('outside', { 'shared/base.yaml': `${BASE}${NETWORK}`, 'project/cluster.yaml': `extends: [../shared/base.yaml]\n${HEAD}${POOL}` });
    const project = join(root, 'project');
    const refused = await validateFile('cluster.yaml', { cwd: project });
    expect(refused.issues.map(formatIssue)).toEqual([
      `cluster.yaml:1:11 extends: base profile ../shared/base.yaml is outside the project (${project}); it was not read (bases are read from inside the project: the nearest directory with .git above the profile, else the working directory; copy the base into the project, or pass --allow-outside-project to read it where it is)`,
    ]);
    const allowed = await validateFile('cluster.yaml', { cwd: project, allowOutsideProject: true });
    expect(allowed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(allowed.profile?.cluster.network.vpcId).toBe('vpc-bp1ackl2demo0001');
  });

  it('an absolute path and a symlink that lead out are refused the same way', async () => {
    const root = files('escape', { 'shared/base.yaml': `${BASE}${NETWORK}` });
    const project = files('escape/project', { 'via-link.yaml': `extends: [./link.yaml]\n${HEAD}${POOL}`, 'absolute.yaml': `extends: [${join(root, 'shared', 'base.yaml')}]\n${HEAD}${POOL}` });
    symlinkSync(join(root, 'shared', 'base.yaml'), join(project, 'link.yaml'));
    for (const file of ['via-link.yaml', 'absolute.yaml']) {
      const { issues } = await validateFile(file, { cwd: project });
      expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/ is outside the project \(.+\); it was not read$/)]);
    }
  });

  it('the project is the nearest ancestor with .git, wherever the command runs', async () => {
    const root = files('git-project', { 'repo/profiles/cluster.yaml': `extends: [../bases/net.yaml]\n${HEAD}${POOL}`, 'repo/bases/net.yaml': `${BASE}${NETWORK}` });
    mkdirSync(join(root, 'repo', '.git'));
    expect(projectRootOf(join(root, 'repo', 'profiles'), '/')).toBe(join(root, 'repo'));
    expect(projectRootOf(root, join(root, 'elsewhere'))).toBe(join(root, 'elsewhere'));
    // Run from outside the repo: the base is inside the profile's project, so it is read.
    const { issues, profile } = await validateFile(join(root, 'repo', 'profiles', 'cluster.yaml'), { cwd: root });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(profile?.cluster.network.vpcId).toBe('vpc-bp1ackl2demo0001');
  });
});
