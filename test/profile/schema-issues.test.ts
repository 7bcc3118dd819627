import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/profile/issues.js';
import { validateFile } from '../../src/profile/load.js';
import { editDistance, suggest } from '../../src/profile/suggest.js';

const dir = mkdtempSync(join(tmpdir(), 'ackl2-schema-issues-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALID = `apiVersion: ackl2/v1
kind: ClusterProfile
metadata: { name: demo, region: cn-hangzhou }
cluster:
  kubernetesVersion: "1.30"
  network: { vpcId: vpc-bp1ackl2demo0001, vswitchIds: [vsw-bp1nodeh00001], podVswitchIds: [vsw-bp1podh000004] }
nodePools:
  - name: web
    instanceTypes: [ecs.g7.xlarge]
    image: { os: AliyunLinux3, id: aliyun_3_x64_20G_alibase_20240819.vhd }
    desiredSize: 2
    login: { keyPair: ackl2-demo }
`;

async function errorsOf(text: string): Promise<string[]> {
  const file = `case-${Math.random().toString(36).slice(2)}.yaml`;
  writeFileSync(join(dir, file), text);
  const { issues } = await validateFile(file, { cwd: dir });
  return issues.filter((i) => i.severity === 'error').map((i) => formatIssue(i).slice(file.length + 1));
}

describe('suggest', () => {
  it('finds the intended key: typos, case, plural, snake_case', () => {
    const keys = ['vpcId', 'vswitchIds', 'plugin', 'podVswitchIds', 'podCidr', 'serviceCidr', 'proxyMode', 'natGateway'];
    expect(suggest('vswitchId', keys)).toBe('vswitchIds');
    expect(suggest('VPCID', keys)).toBe('vpcId');
    expect(suggest('pod_vswitch_ids', keys)).toBe('podVswitchIds');
    expect(suggest('serviceCIDR', keys)).toBe('serviceCidr');
    expect(suggest('plugni', keys)).toBe('plugin');
    expect(suggest('completelyDifferent', keys)).toBeUndefined();
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});

describe('schema issues', () => {
  it('the baseline profile is valid', async () => {
    expect(await errorsOf(VALID)).toEqual([]);
  });

  it('lists the allowed values of an enum and suggests the closest', async () => {
    expect(await errorsOf(VALID.replace('desiredSize: 2', 'desiredSize: 2\n    runtime: Containerd'))).toEqual([
      '12:14 nodePools[0].runtime: must be one of "containerd", "sandboxed" (found "Containerd") (did you mean "containerd"?)',
    ]);
  });

  it('says what a wrong type was and how to write it', async () => {
    expect(await errorsOf(VALID.replace('desiredSize: 2', 'desiredSize: 2\n    kubelet: { maxPods: 1.5 }\n    labels: [tier]'))).toEqual([
      '12:25 nodePools[0].kubelet.maxPods: expected a whole number, found the decimal number 1.5',
      '13:5 nodePools[0].labels: expected a mapping (key: value), found a list',
    ]);
    expect(await errorsOf(VALID.replace('natGateway', 'x').replace('podVswitchIds: [vsw-bp1podh000004] }', 'podVswitchIds: [vsw-bp1podh000004], natGateway: "yes" }'))).toEqual([
      '6:124 cluster.network.natGateway: expected true or false, found "yes" (write true or false without quotes)',
    ]);
  });

  it('locates a missing required key at its parent and describes what to add', async () => {
    expect(await errorsOf(VALID.replace('    instanceTypes: [ecs.g7.xlarge]\n', ''))).toEqual([
      '8:5 nodePools[0].instanceTypes: missing required key "instanceTypes" (add it: ECS instance types, in order of preference (e.g. ecs.g7.xlarge))',
    ]);
  });

  it('never echoes a value under a key that may hold a secret', async () => {
    const errors = await errorsOf(VALID.replace('login: { keyPair: ackl2-demo }', 'login: { passwordFromEnv: 8675309 }'));
    expect(errors).toEqual(['12:31 nodePools[0].login.passwordFromEnv: expected text, found a number']);
    const format = await errorsOf(VALID.replace('login: { keyPair: ackl2-demo }', 'login: { passwordFromEnv: "s3cr3t-P@ss" }'));
    expect(format.join('\n')).not.toContain('s3cr3t');
    expect(format).toEqual(['12:31 nodePools[0].login.passwordFromEnv: must be an environment variable name such as NODE_PASSWORD']);
  });

  it('reports an unknown key once, with its required twin, at the key', async () => {
    expect(await errorsOf(VALID.replace('name: web', 'nmae: web'))).toEqual(['8:5 nodePools[0].nmae: unknown key "nmae" (did you mean "name"? It is required.)']);
  });
});
