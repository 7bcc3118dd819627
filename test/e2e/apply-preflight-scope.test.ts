/**
 * apply's preflight guards the changes it makes (src/apply/preflight-scope.ts), end to end on
 * the emulator's call log: sizes and labels of existing pools ask ECS and VPC nothing; new
 * instance types and a new pool are checked as create checks them, and a bad one is refused
 * before any mutating call.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutating, startCloud, writeProfile, type TestCloud } from './harness.js';

const IMAGE = 'aliyun_2_1903_x64_20G_alibase_20240628.vhd';

function profile(pools: { name: string; size: number; types?: string; keyPair?: string; labels?: string }[]): string {
  return `apiVersion: ackl2/v1
kind: ClusterProfile
extends: [builtin:base]
metadata: { name: scope-shop }
cluster: { deletionProtection: false, kubernetesVersion: 1.28.9-aliyun.1 }
nodePools:
${pools
  .map(
    (p) => `  - name: ${p.name}
    instanceTypes: [${p.types ?? 'ecs.g7.xlarge'}]
    desiredSize: ${p.size}
    image: { os: AliyunLinux2, id: ${IMAGE} }
    login: { keyPair: ${p.keyPair ?? 'ackl2-demo'} }
    labels: { ${p.labels ?? 'tier: one'} }
`,
  )
  .join('')}`;
}

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startCloud();
});
afterAll(async () => {
  await cloud.close();
});

/** apply -f of this profile text, with the calls it made. */
async function apply(text: string) {
  await cloud.clearCalls();
  const result = await cloud.run(['apply', '-f', writeProfile(text), '--yes']);
  const calls = await cloud.calls();
  return { ...result, calls, services: new Set(calls.map((c) => c.service)), actions: calls.map((c) => c.action) };
}

describe('apply checks what its changes need', () => {
  it('a cluster to change', async () => {
    // set-up, not the subject: in-process
    const made = await cloud.inProcess(['create', '-f', writeProfile(profile([{ name: 'web', size: 1 }, { name: 'batch', size: 1 }])), '--yes']);
    expect(made.code, made.stderr).toBe(0);
  });

  it('resizing and relabelling existing pools asks ECS and VPC nothing', async () => {
    const run = await apply(profile([{ name: 'web', size: 2 }, { name: 'batch', size: 1, labels: 'tier: one, changed: "yes"' }]));
    expect(run.code, run.stderr).toBe(0);
    expect([...run.services]).toEqual(['ack']);
    expect(run.actions).not.toContain('CheckServiceRole');
    expect(run.stderr).toContain('preflight: ok: no account check guards these changes (scale, settings)');
    expect(mutating(run.calls).map((c) => c.action)).toEqual(['ModifyClusterNodePool', 'ModifyClusterNodePool']);
  });

  it('new instance types of an existing pool are checked, and one no zone offers is refused before any change', async () => {
    const run = await apply(profile([{ name: 'web', size: 2, types: 'ecs.c9.huge' }, { name: 'batch', size: 1, labels: 'tier: one, changed: "yes"' }]));
    expect(run.code, run.stdout).toBe(2);
    expect(run.stderr).toContain('instance type ecs.c9.huge is not offered');
    expect(run.actions).toEqual(expect.arrayContaining(['DescribeAvailableResource', 'DescribeVSwitches']));
    expect(mutating(run.calls)).toEqual([]);
  });

  it('offered new instance types pass the check, which says what it checked, and are applied', async () => {
    const run = await apply(profile([{ name: 'web', size: 2, types: 'ecs.g7.2xlarge' }, { name: 'batch', size: 1, labels: 'tier: one, changed: "yes"' }]));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('preflight: ok: instance types in the zones');
    expect(run.services.has('vpc')).toBe(true);
    expect(mutating(run.calls).map((c) => c.action)).toEqual(['ModifyClusterNodePool']);
  });

  it('a new pool is checked as create checks it: a missing key pair is refused before any change', async () => {
    const run = await apply(profile([{ name: 'web', size: 2 }, { name: 'batch', size: 1, labels: 'tier: one, changed: "yes"' }, { name: 'gpu', size: 1, keyPair: 'nobody-key' }]));
    expect(run.code, run.stdout).toBe(2);
    expect(run.stderr).toContain('key pair nobody-key does not exist');
    expect(run.actions).toEqual(expect.arrayContaining(['DescribeAvailableResource', 'DescribeVpcs', 'DescribeVSwitches', 'DescribeImages', 'DescribeKeyPairs', 'CheckServiceRole', 'DescribeKubernetesVersionMetadata']));
    expect(mutating(run.calls)).toEqual([]);
  });
});
