/** ECS actions through the official @alicloud/ecs20140526 client: filters, paging, shapes, errors. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { apiError, clients, ecs, fastEmulator, OpenApiClient, openapi, sdkConfig, WORLD, type EcsClient } from './helpers.js';

const AL2 = 'acs:alibaba_cloud_linux_2_1903_lts_x64';

describe('ECS', () => {
  let emulator: RunningEmulator;
  let ec: EcsClient;
  beforeAll(async () => {
    emulator = await fastEmulator();
    ec = clients(emulator).ecs;
  });
  afterAll(() => emulator.close());

  const images = async (request: Partial<ConstructorParameters<typeof ecs.DescribeImagesRequest>[0]>) =>
    (await ec.describeImages(new ecs.DescribeImagesRequest({ regionId: WORLD.region, ...request }))).body!;

  it('DescribeImages: family filter, newest first by CreationTime, PascalCase paging fields', async () => {
    const body = await images({ imageOwnerAlias: 'system', imageFamily: AL2 });
    expect(body.images?.image?.map((i) => i.imageId)).toEqual([
      'aliyun_2_1903_x64_20G_alibase_20240628.vhd',
      'aliyun_2_1903_x64_20G_alibase_20240326.vhd',
      'aliyun_2_1903_x64_20G_alibase_20231220.vhd',
      'aliyun_2_1903_x64_20G_alibase_20230704.vhd',
    ]);
    expect(body).toMatchObject({ totalCount: 4, pageNumber: 1, pageSize: 10, regionId: WORLD.region });
    expect(body.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(body.images?.image?.[0]).toMatchObject({ imageFamily: AL2, OSType: 'linux', architecture: 'x86_64', status: 'Available', imageOwnerAlias: 'system', creationTime: '2024-06-28T08:00:00Z' });
  });

  it('DescribeImages: name prefix, wildcard, ids, OS type, architecture, status', async () => {
    expect((await images({ imageName: 'aliyun_2_1903_x64_20G_alibase_' })).totalCount).toBe(4);
    expect((await images({ imageName: 'aliyun_3_*_alibase_2024081*' })).images?.image?.map((i) => i.imageId)).toEqual(['aliyun_3_arm64_20G_alibase_20240819.vhd', WORLD.al3Newest]);
    expect((await images({ imageId: `${WORLD.al2Newest},${WORLD.al3Newest}` })).images?.image?.map((i) => i.imageId)).toEqual([WORLD.al3Newest, WORLD.al2Newest]);
    expect((await images({ OSType: 'windows' })).images?.image?.map((i) => i.platform)).toEqual(['Windows Server 2022']);
    expect((await images({ architecture: 'arm64' })).totalCount).toBe(1);
    expect((await images({ status: 'Deprecated' })).totalCount).toBe(0);
    expect((await images({ imageOwnerAlias: 'self' })).totalCount).toBe(0);
  });

  it('DescribeImages pages through every image exactly once', async () => {
    const all = await images({ pageSize: 100 });
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(all.totalCount! / 3); page++) {
      const body = await images({ pageSize: 3, pageNumber: page });
      expect(body.pageNumber).toBe(page);
      seen.push(...body.images!.image!.map((i) => i.imageId!));
    }
    expect(seen).toEqual(all.images?.image?.map((i) => i.imageId));
    expect(await apiError(ec.describeImages(new ecs.DescribeImagesRequest({ regionId: WORLD.region, pageSize: 101 })))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
  });

  it('DescribeInstances: InstanceIds JSON array, VpcId, Status, paging', async () => {
    const spare = await ec.describeInstances(new ecs.DescribeInstancesRequest({ regionId: WORLD.region, instanceIds: JSON.stringify(['i-bp1spare000003', 'i-bp1stopped00001']) }));
    expect(spare.body?.instances?.instance?.map((i) => [i.instanceId, i.status])).toEqual([
      ['i-bp1spare000003', 'Running'],
      ['i-bp1stopped00001', 'Stopped'],
    ]);
    const first = spare.body!.instances!.instance![0]!;
    expect(first).toMatchObject({ zoneId: 'cn-hangzhou-h', instanceType: 'ecs.g7.xlarge', cpu: 4, memory: 16384, vpcAttributes: { vpcId: WORLD.vpc, vSwitchId: WORLD.vswH } });
    expect(first.vpcAttributes?.privateIpAddress?.ipAddress?.[0]).toBe('192.168.1.13');
    const inVpc = await ec.describeInstances(new ecs.DescribeInstancesRequest({ regionId: WORLD.region, vpcId: WORLD.vpc, status: 'Running', pageSize: 100 }));
    expect(inVpc.body?.instances?.instance?.map((i) => i.instanceId).sort()).toEqual(['i-bp1spare000001', 'i-bp1spare000002', 'i-bp1spare000003', 'i-bp1spare000004', 'i-bp1spare000005', 'i-bp1spare000006', 'i-bp1taken000001']);
    const paged = await ec.describeInstances(new ecs.DescribeInstancesRequest({ regionId: WORLD.region, pageSize: 2, pageNumber: 2 }));
    expect(paged.body).toMatchObject({ pageNumber: 2, pageSize: 2, totalCount: 9 });
    expect(paged.body?.instances?.instance).toHaveLength(2);
    const malformed = await apiError(ec.describeInstances(new ecs.DescribeInstancesRequest({ regionId: WORLD.region, instanceIds: 'i-bp1spare000001' })));
    expect(malformed).toMatchObject({ code: 'InvalidInstanceIds.Malformed', statusCode: 400 });
  });

  it('DescribeInstanceTypes: GPU and bare metal attributes', async () => {
    const body = (await ec.describeInstanceTypes(new ecs.DescribeInstanceTypesRequest({ instanceTypes: ['ecs.gn7i-c8g1.2xlarge', 'ecs.ebmg7.32xlarge'] }))).body!;
    const byId = Object.fromEntries(body.instanceTypes!.instanceType!.map((t) => [t.instanceTypeId, t]));
    expect(byId['ecs.gn7i-c8g1.2xlarge']).toMatchObject({ GPUAmount: 1, GPUSpec: 'NVIDIA A10', instanceTypeFamily: 'ecs.gn7i', instanceCategory: 'GPU-accelerated' });
    expect(byId['ecs.ebmg7.32xlarge']).toMatchObject({ cpuCoreCount: 128, memorySize: 512, instanceCategory: 'ECS Bare Metal Instance' });
    const family = (await ec.describeInstanceTypes(new ecs.DescribeInstanceTypesRequest({ instanceTypeFamily: 'ecs.g7' }))).body!;
    expect(family.instanceTypes?.instanceType?.map((t) => t.instanceTypeId).sort()).toEqual(['ecs.g7.2xlarge', 'ecs.g7.xlarge']);
  });

  it('DescribeVpcs and DescribeVSwitches describe the default world', async () => {
    const vpcs = (await ec.describeVpcs(new ecs.DescribeVpcsRequest({ regionId: WORLD.region }))).body!;
    expect(vpcs.vpcs?.vpc?.map((v) => [v.vpcId, v.cidrBlock])).toEqual([
      [WORLD.vpc, '192.168.0.0/16'],
      [WORLD.otherVpc, '10.0.0.0/16'],
    ]);
    expect(vpcs.vpcs?.vpc?.[0]?.vSwitchIds?.vSwitchId).toHaveLength(5);
    const one = (await ec.describeVpcs(new ecs.DescribeVpcsRequest({ regionId: WORLD.region, vpcId: WORLD.otherVpc }))).body!;
    expect(one.totalCount).toBe(1);
    const vsw = (await ec.describeVSwitches(new ecs.DescribeVSwitchesRequest({ regionId: WORLD.region, vpcId: WORLD.vpc, pageSize: 50 }))).body!;
    expect(vsw.vSwitches?.vSwitch?.map((v) => [v.vSwitchId, v.zoneId, v.cidrBlock])).toEqual([
      [WORLD.vswH, 'cn-hangzhou-h', '192.168.0.0/20'],
      [WORLD.vswI, 'cn-hangzhou-i', '192.168.16.0/20'],
      [WORLD.vswJ, 'cn-hangzhou-j', '192.168.32.0/20'],
      [WORLD.podH, 'cn-hangzhou-h', '192.168.64.0/19'],
      [WORLD.podI, 'cn-hangzhou-i', '192.168.96.0/19'],
    ]);
    expect(vsw.vSwitches?.vSwitch?.[0]?.availableIpAddressCount).toBe(4096 - 4 - 8);
    const single = (await ec.describeVSwitches(new ecs.DescribeVSwitchesRequest({ regionId: WORLD.region, vSwitchId: WORLD.otherVsw }))).body!;
    expect(single.vSwitches?.vSwitch?.[0]?.vpcId).toBe(WORLD.otherVpc);
  });

  it('DescribeAvailableResource: instance types per zone in the nested shape', async () => {
    const body = (await ec.describeAvailableResource(new ecs.DescribeAvailableResourceRequest({ regionId: WORLD.region, destinationResource: 'InstanceType', zoneId: 'cn-hangzhou-j' }))).body!;
    const zone = body.availableZones!.availableZone![0]!;
    expect(zone).toMatchObject({ zoneId: 'cn-hangzhou-j', regionId: WORLD.region, status: 'Available', statusCategory: 'WithStock' });
    const resource = zone.availableResources!.availableResource![0]!;
    expect(resource.type).toBe('InstanceType');
    expect(resource.supportedResources?.supportedResource?.map((s) => s.value)).toEqual(['ecs.g7.xlarge', 'ecs.g7.2xlarge', 'ecs.c7.xlarge', 'ecs.r7.xlarge']);
    const v100 = (await ec.describeAvailableResource(new ecs.DescribeAvailableResourceRequest({ regionId: WORLD.region, destinationResource: 'Zone', instanceType: 'ecs.gn6v-c8g1.2xlarge' }))).body!;
    expect(v100.availableZones?.availableZone?.map((z) => z.zoneId)).toEqual(['cn-hangzhou-h']);
    const disks = (await ec.describeAvailableResource(new ecs.DescribeAvailableResourceRequest({ regionId: WORLD.region, destinationResource: 'SystemDisk', zoneId: 'cn-hangzhou-h', instanceType: 'ecs.g7.xlarge' }))).body!;
    expect(disks.availableZones?.availableZone?.[0]?.availableResources?.availableResource?.[0]?.supportedResources?.supportedResource?.[0]).toMatchObject({ value: 'cloud_essd', min: 20, unit: 'GiB' });
    expect(await apiError(ec.describeAvailableResource(new ecs.DescribeAvailableResourceRequest({ regionId: WORLD.region })))).toMatchObject({ code: 'MissingDestinationResource', statusCode: 400 });
  });

  it('DescribeKeyPairs finds the demo key pair by name and wildcard', async () => {
    const exact = (await ec.describeKeyPairs(new ecs.DescribeKeyPairsRequest({ regionId: WORLD.region, keyPairName: 'ackl2-demo' }))).body!;
    expect(exact.keyPairs?.keyPair?.map((k) => k.keyPairName)).toEqual(['ackl2-demo']);
    expect(exact.keyPairs?.keyPair?.[0]?.keyPairFingerPrint).toMatch(/^[0-9a-f]{32}$/);
    expect((await ec.describeKeyPairs(new ecs.DescribeKeyPairsRequest({ regionId: WORLD.region, keyPairName: 'ackl2*' }))).body?.totalCount).toBe(1);
    expect((await ec.describeKeyPairs(new ecs.DescribeKeyPairsRequest({ regionId: WORLD.region, keyPairName: 'ackl2' }))).body?.totalCount).toBe(0);
  });

  it('answers like the cloud for a missing or unknown region and an unknown action (never 200)', async () => {
    expect(await apiError(ec.describeVpcs(new ecs.DescribeVpcsRequest({})))).toMatchObject({ code: 'MissingRegionId', statusCode: 400 });
    expect(await apiError(ec.describeVpcs(new ecs.DescribeVpcsRequest({ regionId: 'xx-nowhere-1' })))).toMatchObject({ code: 'InvalidRegionId.NotFound', statusCode: 404 });
    const client = new OpenApiClient(sdkConfig(emulator));
    const params = new openapi.$OpenApiUtil.Params({ action: 'RunMagic', version: '2014-05-26', protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
    const unknown = await apiError(client.callApi(params, new openapi.$OpenApiUtil.OpenApiRequest({ query: { RegionId: WORLD.region } }), {} as Parameters<typeof client.callApi>[2]));
    expect(unknown).toMatchObject({ code: 'InvalidAction.NotFound', statusCode: 404 });
    expect(unknown.data).toMatchObject({ Code: 'InvalidAction.NotFound' });
  });

  it('serves cn-beijing from the same endpoint', async () => {
    const body = (await ec.describeVSwitches(new ecs.DescribeVSwitchesRequest({ regionId: 'cn-beijing' }))).body!;
    expect(body.vSwitches?.vSwitch?.map((v) => v.vpcId)).toEqual(['vpc-2zeackl2demo0001', 'vpc-2zeackl2demo0001', 'vpc-2zeackl2demo0001']);
  });
});
