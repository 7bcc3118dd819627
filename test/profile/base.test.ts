/**
 * Base profiles (kind: ClusterProfileBase): partial profiles others extend. They validate on
 * their own (what they write is checked, what they leave out is not asked for), they are never
 * planned, and their kind marks them alone.
 */

import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../src/errors.js';
import { formatIssue } from '../../src/profile/issues.js';
import { loadProfile, validateFile } from '../../src/profile/load.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempTrees } from '../helpers/files.js';

const REPO = REPO_ROOT;
const files = tempTrees('ackl2-base-');

const NETWORK_BASE = `apiVersion: ackl2/v1
kind: ClusterProfileBase
metadata: { region: cn-hangzhou, tags: { team: shop } }
cluster:
  kubernetesVersion: "1.28.9-aliyun.1"
  network: { vpcId: vpc-bp1ackl2demo0001, vswitchIds: [vsw-bp1nodeh00001], podVswitchIds: [vsw-bp1podh000004] }
`;
const POOL = 'nodePools:\n  - { name: web, instanceTypes: [ecs.g7.xlarge], desiredSize: 2, login: { keyPair: ackl2-demo } }\n';

describe('base profiles', () => {
  it('the shipped base validates as a base: no errors, no warnings meant for complete profiles', async () => {
    const result = await validateFile('profiles/bases/base.yaml', { cwd: REPO });
    expect(result.kind).toBe('base');
    expect(result.issues.map(formatIssue)).toEqual([]);
    expect(result.profile).toBeUndefined();
  });

  it('plan and create refuse a base, located at its kind, naming how to use it', async () => {
    const error = await loadProfile('profiles/bases/base.yaml', { cwd: REPO }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    const [issue] = (error as ValidationFailed).issues;
    expect(issue).toMatchObject({ severity: 'error', path: ['kind'], location: { file: 'profiles/bases/base.yaml', line: 11, col: 7 } });
    expect(issue!.message).toContain('this is a base profile (kind: ClusterProfileBase)');
    expect(issue!.hint).toBe('write a profile with kind: ClusterProfile and extends: [builtin:base], then plan that one');
  });

  it('checks what a base writes and leaves what it omits to the profiles that extend it', async () => {
    const dir = files('partial', {
      'base.yaml': `apiVersion: ackl2/v1\nkind: ClusterProfileBase\ncluster:\n  network: { plugin: flannel, podCidr: 172.20.0.0/16, serviceCidr: 172.20.0.0/20 }\nnodePools:\n  - { name: web, desiredSize: 2 }\n  - { name: web }\n`,
    });
    const { issues, kind } = await validateFile('base.yaml', { cwd: dir });
    expect(kind).toBe('base');
    expect(issues.map(formatIssue)).toEqual([
      'base.yaml:4:40 cluster.network.podCidr: podCidr 172.20.0.0/16 overlaps serviceCidr 172.20.0.0/20 (pick blocks that do not overlap, e.g. podCidr 172.20.0.0/16 and serviceCidr 172.21.0.0/20)',
      'base.yaml:7:13 nodePools[1].name: pool name "web" is used twice (nodePools[0] already has it; pool names are unique because extends merges pools by name)',
    ]);
  });

  it('still needs apiVersion and a known kind', async () => {
    const dir = files('header', { 'base.yaml': 'kind: ClusterProfileBase\nmetadata: { region: cn-hangzhou }\n', 'typo.yaml': 'apiVersion: ackl2/v1\nkind: ClusterProfileBas\n' });
    expect((await validateFile('base.yaml', { cwd: dir })).issues.map(formatIssue)).toEqual(['base.yaml:1:1 apiVersion: missing required key "apiVersion" (add it: apiVersion: ackl2/v1)']);
    expect((await validateFile('typo.yaml', { cwd: dir })).issues.map(formatIssue)).toEqual([
      'typo.yaml:2:7 kind: must be one of "ClusterProfile", "ClusterProfileBase" (found "ClusterProfileBas") (did you mean "ClusterProfileBase"?)',
    ]);
  });

  it('a profile that extends a base is complete, with its own kind, and validates in full', async () => {
    const dir = files('extended', {
      'base.yaml': NETWORK_BASE,
      'ok.yaml': `extends: [./base.yaml]\nkind: ClusterProfile\nmetadata: { name: shop }\n${POOL}`,
      'short.yaml': `extends: [./base.yaml]\nkind: ClusterProfile\nmetadata: { name: shop }\n`,
      'kindless.yaml': `extends: [./base.yaml]\nmetadata: { name: shop }\n${POOL}`,
    });
    const ok = await loadProfile('ok.yaml', { cwd: dir });
    expect(ok.profile.kind).toBe('ClusterProfile');
    expect(ok.profile.metadata).toEqual({ name: 'shop', region: 'cn-hangzhou', tags: { team: 'shop' } });
    // Complete means complete: what the base left out is now asked for.
    expect((await validateFile('short.yaml', { cwd: dir })).issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([
      'short.yaml:1:1 nodePools: missing required key "nodePools" (add it: node pools, each created with its own CreateClusterNodePool)',
    ]);
    // The base's kind is not inherited: a file is a base only when it says so itself.
    const kindless = await validateFile('kindless.yaml', { cwd: dir });
    expect(kindless.kind).toBe('profile');
    expect(kindless.issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([
      'kindless.yaml:1:1 kind: missing required key "kind" (add it: kind: one of ClusterProfile, ClusterProfileBase)',
    ]);
  });

  it('a base may extend a base, and a complete profile may be extended too', async () => {
    const dir = files('chain', {
      'network.yaml': NETWORK_BASE,
      'team.yaml': 'extends: [./network.yaml]\napiVersion: ackl2/v1\nkind: ClusterProfileBase\nmetadata: { tags: { env: prod } }\n',
      'cluster.yaml': `extends: [./team.yaml]\napiVersion: ackl2/v1\nkind: ClusterProfile\nmetadata: { name: shop }\n${POOL}`,
      'copy.yaml': 'extends: [./cluster.yaml]\nmetadata: { name: shop-copy }\n',
    });
    expect((await validateFile('team.yaml', { cwd: dir })).kind).toBe('base');
    expect((await loadProfile('cluster.yaml', { cwd: dir })).profile.metadata.tags).toEqual({ team: 'shop', env: 'prod' });
    const copy = await loadProfile('copy.yaml', { cwd: dir });
    expect(copy.profile.kind).toBe('ClusterProfile');
    expect(copy.profile.metadata.name).toBe('shop-copy');
  });
});
