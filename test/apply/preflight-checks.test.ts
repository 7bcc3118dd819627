/** Each preflight check alone: a pure function of facts and target, driven by a table. */

import { describe, expect, it } from 'vitest';
import type { Facts, PreflightTarget } from '../../src/apply/preflight-target.js';
import { terwayCapacityForMaxPods, terwayPodCapacity } from '../../src/apply/preflight-checks/instance-types.js';
import { pinnedImages } from '../../src/apply/preflight-checks/images.js';
import { kubernetesVersionOffered } from '../../src/apply/preflight-checks/kubernetes-version.js';
import { podVswitchMask, vswitchesInVpc } from '../../src/apply/preflight-checks/network.js';
import { AUTOSCALER_ROLE, serviceRolesAuthorised, TERWAY_ROLE } from '../../src/apply/preflight-checks/service-roles.js';
import { locator, type PreflightCheck } from '../../src/apply/preflight-checks/types.js';
import { formatPath } from '../../src/profile/issues.js';
import { profileSchema, type ProfileInput } from '../../src/profile/schema.js';
import type { KubernetesVersionMetadata } from '../../src/cloud/types.js';

function target(edit: (p: ProfileInput) => void = () => undefined, extra: Partial<PreflightTarget> = {}): PreflightTarget {
  const input: ProfileInput = {
    apiVersion: 'ackl2/v1',
    kind: 'ClusterProfile',
    metadata: { name: 'shop', region: 'cn-hangzhou' },
    cluster: { kubernetesVersion: '1.34', network: { vpcId: 'vpc-main1', vswitchIds: ['vsw-h0001'], plugin: 'terway', podVswitchIds: ['vsw-pod0003'] } },
    nodePools: [{ name: 'web', instanceTypes: ['ecs.g7.xlarge'], desiredSize: 2, image: { os: 'AliyunLinux3' }, login: { keyPair: 'ops-key' } }],
  };
  edit(input);
  const profile = profileSchema.parse(input);
  return { profile, pools: profile.nodePools.map((pool, index) => ({ pool, index })), env: {}, clusterType: 'ManagedKubernetes', ...extra };
}

const version = (v: string, imageTypes: string[], creatable = true): KubernetesVersionMetadata => ({
  version: v,
  creatable,
  images: imageTypes.map((imageType) => ({ imageType })),
  runtimes: [],
});

function facts(edit: Partial<Facts> = {}): Facts {
  return {
    region: 'cn-hangzhou',
    zones: [{ zoneId: 'cn-hangzhou-h', availableInstanceTypes: ['ecs.g7.xlarge'], soldOutInstanceTypes: [] }],
    vpc: { vpcId: 'vpc-main1', cidrBlock: '192.168.0.0/16', vswitchIds: [] },
    vpcVswitches: new Map([
      ['vsw-h0001', { vswitchId: 'vsw-h0001', vpcId: 'vpc-main1', zoneId: 'cn-hangzhou-h', cidrBlock: '192.168.0.0/24' }],
      ['vsw-pod0003', { vswitchId: 'vsw-pod0003', vpcId: 'vpc-main1', zoneId: 'cn-hangzhou-h', cidrBlock: '192.168.64.0/18' }],
    ]),
    foreignVswitches: new Map(),
    images: new Map(),
    keyPairs: new Map([['ops-key', true]]),
    versions: [version('1.34.3-aliyun.1', ['AliyunLinux3', 'ContainerOS']), version('1.28.15-aliyun.1', ['AliyunLinux', 'AliyunLinux3'], false)],
    instances: new Map(),
    serviceRoles: { activated: true, roles: new Map() },
    instanceTypes: new Map([['ecs.g7.xlarge', { instanceType: 'ecs.g7.xlarge', eniQuantity: 4, eniPrivateIpAddressQuantity: 15 }]]),
    ...edit,
  };
}

const at = locator((path) => ({ file: 'p.yaml', line: path.length, col: 1 }));
const run = (check: PreflightCheck, f: Facts, t: PreflightTarget) =>
  check.run(f, t, at).map((i) => `${i.severity} ${formatPath(i.path)}: ${i.message}${i.hint ? ` | ${i.hint}` : ''}`);

describe('serviceRolesAuthorised', () => {
  const granted = (names: string[], ungranted: string[] = []) =>
    new Map(names.map((name) => [name, { name, granted: !ungranted.includes(name), message: ungranted.includes(name) ? `The role does not exist: ${name}` : undefined }]));
  const all = ['AliyunCSDefaultRole', 'AliyunCSManagedKubernetesRole', TERWAY_ROLE, AUTOSCALER_ROLE];
  it.each([
    ['every role granted', granted(all), () => undefined, []],
    ['the default role missing', granted(all, ['AliyunCSDefaultRole']), () => undefined, ['error metadata.region: ACK service role AliyunCSDefaultRole']],
    ['the autoscaler role missing, no pool autoscales', granted(all, [AUTOSCALER_ROLE]), () => undefined, []],
    [
      'the autoscaler role missing, a pool autoscales',
      granted(all, [AUTOSCALER_ROLE]),
      (p: ProfileInput) => {
        p.nodePools![0] = { ...p.nodePools![0]!, desiredSize: undefined, autoscaling: { min: 1, max: 3 } };
      },
      ['error nodePools[0].autoscaling: ACK service role AliyunCSManagedAutoScalerRole (needed by the autoscaler of pool "web")'],
    ],
    ['the network role missing with Terway', granted(all, [TERWAY_ROLE]), () => undefined, ['error cluster.network.plugin: ACK service role AliyunCSManagedNetworkRole']],
  ] as const)('%s', (_name, roles, edit, expected) => {
    const issues = run(serviceRolesAuthorised, facts({ serviceRoles: { activated: true, roles } }), target(edit));
    expect(issues.length).toBe(expected.length);
    expected.forEach((prefix, i) => expect(issues[i]).toContain(prefix));
    issues.forEach((issue) => expect(issue).toContain('Cloud resource access authorization'));
  });

  it('ACK not activated: one error naming how to activate it', () => {
    const issues = run(serviceRolesAuthorised, facts({ serviceRoles: { activated: false, code: 'ErrorServiceNotActivated', message: 'not activated' } }), target());
    expect(issues).toEqual([expect.stringMatching(/^error metadata\.region: Container Service for Kubernetes is not activated .*OpenAckService/)]);
  });
});

describe('terwayCapacityForMaxPods', () => {
  it.each([
    [4, 15, 1, 45],
    [3, 10, 1, 20],
    [1, 30, 1, 0],
  ])('%i ENIs x %i IPs -> (ENIs - 1) x IPs', (enis, ips, _k, capacity) => expect(terwayPodCapacity(enis, ips)).toBe(capacity));

  it.each([
    ['no maxPods', undefined, 'terway', []],
    ['maxPods within capacity', 45, 'terway', []],
    ['maxPods above capacity', 64, 'terway', ['warning nodePools[0].instanceTypes[0]: with Terway, ecs.g7.xlarge can give at most 45 pods']],
    ['flannel: no ENI limit', 64, 'flannel', []],
  ] as const)('%s', (_name, maxPods, plugin, expected) => {
    const t = target((p) => {
      if (maxPods !== undefined) p.nodePools![0]!.kubelet = { maxPods };
      if (plugin === 'flannel') p.cluster!.network = { vpcId: 'vpc-main1', vswitchIds: ['vsw-h0001'], plugin: 'flannel', podCidr: '172.20.0.0/16' };
    });
    const issues = run(terwayCapacityForMaxPods, facts(), t);
    expect(issues.length).toBe(expected.length);
    expected.forEach((prefix, i) => expect(issues[i]).toContain(prefix));
  });
});

describe('podVswitchMask', () => {
  it.each([
    ['/18', '192.168.64.0/18', []],
    ['/19', '192.168.64.0/19', []],
    ['/24: a warning', '192.168.64.0/24', ['warning cluster.network.podVswitchIds[0]: pod vSwitch vsw-pod0003 is 192.168.64.0/24; ACK recommends /19']],
    ['/26: an error', '192.168.64.0/26', ['error cluster.network.podVswitchIds[0]: pod vSwitch vsw-pod0003 is 192.168.64.0/26: a /26 leaves Terway too few pod addresses']],
  ] as const)('%s', (_name, cidr, expected) => {
    const f = facts();
    f.vpcVswitches.set('vsw-pod0003', { vswitchId: 'vsw-pod0003', vpcId: 'vpc-main1', zoneId: 'cn-hangzhou-h', cidrBlock: cidr });
    const issues = run(podVswitchMask, f, target());
    expect(issues.length).toBe(expected.length);
    expected.forEach((prefix, i) => expect(issues[i]).toContain(prefix));
  });
});

describe('vswitchesInVpc', () => {
  it.each([
    ['all in the VPC', new Map(), []],
    ['one elsewhere', new Map([['vsw-h0001', { vswitchId: 'vsw-h0001', vpcId: 'vpc-other2', zoneId: 'z' }]]), ['error cluster.network.vswitchIds[0]: vSwitch vsw-h0001 belongs to VPC vpc-other2']],
    ['one nowhere', new Map([['vsw-h0001', undefined]]), ['error cluster.network.vswitchIds[0]: vSwitch vsw-h0001 does not exist']],
  ] as const)('%s', (_name, foreign, expected) => {
    const f = facts({ foreignVswitches: foreign as Facts['foreignVswitches'] });
    if (foreign.size > 0) f.vpcVswitches.delete('vsw-h0001');
    const issues = run(vswitchesInVpc, f, target());
    expect(issues.length).toBe(expected.length);
    expected.forEach((prefix, i) => expect(issues[i]).toContain(prefix));
  });
});

describe('kubernetesVersionOffered', () => {
  const al2 = (version: string) => (p: ProfileInput) => {
    p.cluster!.kubernetesVersion = version;
    p.nodePools![0]!.image = { os: 'AliyunLinux2' };
  };
  it.each([
    ['today\'s version, AliyunLinux3', () => undefined, {}, []],
    [
      'AliyunLinux2 on 1.34: refused at the image line, pointing at migrate and the sibling',
      al2('1.34'),
      { file: 'profiles/web.yaml', alinux3Sibling: 'profiles/web-alinux3.yaml' },
      ['error nodePools[0].image.os: AliyunLinux2 (image type AliyunLinux) cannot be used with Kubernetes 1.34.3-aliyun.1 | use the ready-made profiles/web-alinux3.yaml, or copy this profile out of the package and move the copy to today\'s offer: cp profiles/web.yaml cluster.yaml && ackl2 migrate -f cluster.yaml --to AliyunLinux3 --write; or use image.os AliyunLinux3 or ContainerOS'],
    ],
    [
      '1.28 no longer offered: refused at the version line',
      al2('1.28'),
      { file: 'shop.yaml' },
      ['error cluster.kubernetesVersion: Kubernetes 1.28 is not offered in cn-hangzhou | offered: 1.34.3-aliyun.1; move the profile to today\'s offer: ackl2 migrate -f shop.yaml --to AliyunLinux3 --write'],
    ],
  ] as const)('%s', (_name, edit, extra, expected) => {
    expect(run(kubernetesVersionOffered, facts(), target(edit, extra))).toEqual(expected);
  });
});

describe('pinnedImages', () => {
  const image = (imageId: string, imageFamily: string) => ({ imageId, imageFamily, status: 'Available' });
  const PLAIN = image('aliyun_3_x64_20G_alibase_20260715.vhd', 'acs:alibaba_cloud_linux_3_2104_lts_x64');
  const OPTIMIZED = image('aliyun_3_x64_20G_container_optimized_alibase_20260715.vhd', 'acs:alibaba_cloud_linux_3_2104_lts_container_optimized_x64');
  const AL2 = image('aliyun_2_1903_x64_20G_alibase_20240628.vhd', 'acs:alibaba_cloud_linux_2_1903_lts_x64');
  it.each([
    ['a plain AliyunLinux3 image below 1.35', '1.34.1-aliyun.1', PLAIN, []],
    ['the container-optimized image from 1.35, as ackl2 sends AliyunLinux3 there (and pin pins)', '1.36.1-aliyun.1', OPTIMIZED, []],
    ['the container-optimized image below 1.35', '1.34.1-aliyun.1', OPTIMIZED, ['error nodePools[0].image.id: image aliyun_3_x64_20G_container_optimized_alibase_20260715.vhd is acs:alibaba_cloud_linux_3_2104_lts_container_optimized_x64, but image.os is AliyunLinux3']],
    ['an AliyunLinux2 image for an AliyunLinux3 pool', '1.36.1-aliyun.1', AL2, ['error nodePools[0].image.id: image aliyun_2_1903_x64_20G_alibase_20240628.vhd is AliyunLinux2, but image.os is AliyunLinux3']],
  ] as const)('%s', (_name, kubernetesVersion, pinned, expected) => {
    const t = target((p) => {
      p.cluster.kubernetesVersion = kubernetesVersion;
      p.nodePools![0]!.image = { os: 'AliyunLinux3', id: pinned.imageId };
    });
    const issues = run(pinnedImages, facts({ images: new Map([[pinned.imageId, pinned]]) }), t);
    expect(issues.map((i) => i.split(' (')[0]!.split(' | ')[0])).toEqual(expected);
  });
});
