/** The default world (shared facts other suites and the ready-made profiles rely on) and world files. */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWorld, loadWorldFile, startEmulator } from '../../src/emulator/index.js';
import { UserError, ValidationFailed } from '../../src/errors.js';
import { formatIssue } from '../../src/profile/issues.js';
import { apiError, clients, clusterRequest, ecs } from './helpers.js';

const writeTemp = (name: string, text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'ackl2-world-')), name);
  writeFileSync(file, text);
  return file;
};

describe('the default world (playing 2024-03, the AliyunLinux2 offer)', () => {
  const world = defaultWorld('2024-03');
  const hangzhou = world.regions.find((r) => r.id === 'cn-hangzhou')!;

  it('has the shared zones, VPCs and vSwitches', () => {
    expect(hangzhou.zones).toEqual(['cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j']);
    expect(hangzhou.vpcs.map((v) => [v.id, v.cidr])).toEqual([
      ['vpc-bp1ackl2demo0001', '192.168.0.0/16'],
      ['vpc-bp1other000002', '10.0.0.0/16'],
    ]);
    expect(hangzhou.vswitches.map((v) => [v.id, v.vpcId, v.zoneId, v.cidr])).toEqual([
      ['vsw-bp1nodeh00001', 'vpc-bp1ackl2demo0001', 'cn-hangzhou-h', '192.168.0.0/20'],
      ['vsw-bp1nodei00002', 'vpc-bp1ackl2demo0001', 'cn-hangzhou-i', '192.168.16.0/20'],
      ['vsw-bp1nodej00003', 'vpc-bp1ackl2demo0001', 'cn-hangzhou-j', '192.168.32.0/20'],
      ['vsw-bp1podh000004', 'vpc-bp1ackl2demo0001', 'cn-hangzhou-h', '192.168.64.0/19'],
      ['vsw-bp1podi000005', 'vpc-bp1ackl2demo0001', 'cn-hangzhou-i', '192.168.96.0/19'],
      ['vsw-bp1other00006', 'vpc-bp1other000002', 'cn-hangzhou-h', '10.0.0.0/24'],
    ]);
    expect(hangzhou.keyPairs.map((k) => k.name)).toEqual(['ackl2-demo']);
  });

  it('has the shared instance types in their zones', () => {
    const zones = Object.fromEntries(hangzhou.instanceTypes.map((t) => [t.id, t.zones.map((z) => z.slice(-1)).join('')]));
    expect(zones).toEqual({
      'ecs.g7.xlarge': 'hij',
      'ecs.g7.2xlarge': 'hij',
      'ecs.c7.xlarge': 'hij',
      'ecs.r7.xlarge': 'hij',
      'ecs.g6.xlarge': 'hi',
      'ecs.ebmg7.32xlarge': 'hi',
      'ecs.ebmc7.48xlarge': 'hi',
      'ecs.gn7i-c8g1.2xlarge': 'hi',
      'ecs.gn6v-c8g1.2xlarge': 'h',
    });
    expect(hangzhou.instanceTypes.filter((t) => t.bareMetal).map((t) => t.id)).toEqual(['ecs.ebmg7.32xlarge', 'ecs.ebmc7.48xlarge']);
    expect(hangzhou.instanceTypes.filter((t) => t.gpu).map((t) => `${t.id}:${t.gpu!.spec}`)).toEqual(['ecs.gn7i-c8g1.2xlarge:NVIDIA A10', 'ecs.gn6v-c8g1.2xlarge:NVIDIA V100']);
  });

  it('has the shared images, Kubernetes versions and instances', () => {
    const family = (f: string) => hangzhou.images.filter((i) => i.family === f).map((i) => i.id);
    expect(family('acs:alibaba_cloud_linux_2_1903_lts_x64')).toEqual(['20230704', '20231220', '20240326', '20240628'].map((d) => `aliyun_2_1903_x64_20G_alibase_${d}.vhd`));
    expect(family('acs:alibaba_cloud_linux_3_2104_lts_x64')).toEqual(['aliyun_3_x64_20G_alibase_20240528.vhd', 'aliyun_3_x64_20G_alibase_20240819.vhd']);
    expect(world.kubernetesVersions.map((v) => [v.version, v.creatableImageTypes.filter((t) => t.startsWith('AliyunLinux'))])).toEqual([
      ['1.24.6-aliyun.1', ['AliyunLinux', 'AliyunLinux3']],
      ['1.26.3-aliyun.1', ['AliyunLinux', 'AliyunLinux3']],
      ['1.28.3-aliyun.1', ['AliyunLinux', 'AliyunLinux3']],
      ['1.28.9-aliyun.1', ['AliyunLinux', 'AliyunLinux3']],
    ]);
    const instances = Object.fromEntries(hangzhou.instances.map((i) => [i.id, `${i.status}/${i.zoneId}/${i.instanceType}/${i.clusterId ? 'taken' : 'free'}`]));
    for (let n = 1; n <= 6; n++) expect(instances[`i-bp1spare00000${n}`]).toBe('Running/cn-hangzhou-h/ecs.g7.xlarge/free');
    expect(instances['i-bp1taken000001']).toBe('Running/cn-hangzhou-h/ecs.g7.xlarge/taken');
    expect(instances['i-bp1stopped00001']).toMatch(/^Stopped\//);
  });

  it('plays 2026-11 by default: the same topology, today\'s versions and images', () => {
    const today = defaultWorld();
    expect(today.catalogue).toBe('2026-11');
    expect(today.regions.map((r) => r.vswitches.length)).toEqual(world.regions.map((r) => r.vswitches.length));
    expect(today.kubernetesVersions.every((v) => !v.creatableImageTypes.includes('AliyunLinux'))).toBe(true);
    expect(today.regions[0]!.images.map((i) => i.id)).toContain('aliyun_3_x64_20G_alibase_20260715.vhd');
  });
});

describe('world files', () => {
  const custom = `# a tiny world for one test
regions:
  - id: eu-central-1
    zones: [eu-central-1a]
    vpcs:
      - { id: vpc-test0000001, cidr: 10.10.0.0/16 }
    vswitches:
      - { id: vsw-test0000001, vpcId: vpc-test0000001, zoneId: eu-central-1a, cidr: 10.10.0.0/24 }
    keyPairs: [{ name: k }]
    instanceTypes:
      - { id: ecs.g7.large, cpu: 2, memoryGiB: 8, zones: [eu-central-1a] }
kubernetesVersions:
  - { version: 1.30.7-aliyun.1, creatableImageTypes: [AliyunLinux3], releaseDate: "2024-12-20T00:00:00Z" }
`;

  it('an emulator serves the world a YAML file describes', async () => {
    const emulator = await startEmulator({ world: writeTemp('world.yaml', custom), accessKeySecret: 's' });
    try {
      expect(emulator.region).toBe('eu-central-1');
      const { ecs: ec, cs: ack } = clients(emulator);
      const vpcs = await ec.describeVpcs(new ecs.DescribeVpcsRequest({ regionId: 'eu-central-1' }));
      expect(vpcs.body?.vpcs?.vpc?.map((v) => v.vpcId)).toEqual(['vpc-test0000001']);
      expect(await apiError(ec.describeVpcs(new ecs.DescribeVpcsRequest({ regionId: 'cn-hangzhou' })))).toMatchObject({ code: 'InvalidRegionId.NotFound' });
      const created = await ack.createCluster(clusterRequest({ regionId: 'eu-central-1', kubernetesVersion: '1.30.7-aliyun.1', vpcid: 'vpc-test0000001', vswitchIds: ['vsw-test0000001'], podVswitchIds: [], containerCidr: '172.20.0.0/16' }));
      expect(created.body?.clusterId).toMatch(/^c/);
    } finally {
      await emulator.close();
    }
  });

  it('reads JSON too', async () => {
    const world = await loadWorldFile(writeTemp('world.json', JSON.stringify(defaultWorld())));
    expect(world.regions.map((r) => r.id)).toEqual(['cn-hangzhou', 'cn-beijing']);
  });

  it('reports every problem located as FILE:LINE:COL path: message', async () => {
    const broken = custom
      .replace('cidr: 10.10.0.0/24', 'cidr: 10.10.0.0/99')
      .replace('vpcId: vpc-test0000001, zoneId', 'vpcId: vpc-missing, zoneId')
      .replace('memoryGiB: 8', 'memoryGiB: 8, colour: blue');
    const file = writeTemp('broken.yaml', broken);
    const error = await loadWorldFile(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationFailed);
    const lines = (error as ValidationFailed).issues.map(formatIssue);
    expect(lines).toEqual([
      `${file}:8:81 regions[0].vswitches[0].cidr: must be an IPv4 CIDR block such as 192.168.0.0/16 (see docs/emulator.md, "World file")`,
      `${file}:11:9 regions[0].instanceTypes[0]: Unrecognized key: "colour" (see docs/emulator.md, "World file")`,
    ]);
    const references = await loadWorldFile(writeTemp('refs.yaml', custom.replace('vpcId: vpc-test0000001, zoneId', 'vpcId: vpc-missing, zoneId'))).then(
      () => undefined,
      (e: unknown) => e as ValidationFailed,
    );
    expect(references?.issues.map((i) => [i.location?.line, i.location?.col, i.message])).toEqual([[8, 39, 'unknown VPC "vpc-missing" (known: vpc-test0000001)']]);
  });

  it('an unreadable world file is a UserError before anything listens', async () => {
    const error = await startEmulator({ world: '/nonexistent/world.yaml' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe('cannot read world file /nonexistent/world.yaml: ENOENT');
  });
});
