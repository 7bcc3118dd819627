/**
 * ECS (RPC) actions over the shared state, rendered PascalCase as the ECS SDK's response
 * models (`{"Images":{"Image":[..]},"TotalCount":..,"PageNumber":..,"PageSize":..}`).
 */

import { cidrRange, type EmulatorState, type InstanceRecord, type JsonObject } from '../state.js';
import { findInstanceType, instanceCategory, instanceTypeFamily, stableHex } from '../catalog.js';
import { ecsTime, type BackendContext } from '../context.js';
import type { ImageWorld, RegionWorld } from '../world.js';
import {
  boolParam,
  commaList,
  ecsErrors,
  jsonStringArray,
  keyValueList,
  nameMatches,
  page,
  paging,
  repeatList,
  requireRegion,
  type Params,
} from './params.js';

export type EcsHandler = (params: Params, ctx: BackendContext) => JsonObject;

function describeImages(params: Params, ctx: BackendContext): JsonObject {
  const region = requireRegion(ctx.state, params);
  const p = paging(params, 100);
  const ids = commaList(params, 'ImageId');
  const statuses = commaList(params, 'Status') ?? ['Available'];
  const owner = params.ImageOwnerAlias;
  if (owner !== undefined && !['system', 'self', 'others', 'marketplace', ''].includes(owner)) {
    throw ecsErrors.invalidParameter(`The specified ImageOwnerAlias "${owner}" is not valid: system, self, others or marketplace.`);
  }
  const images = region.images
    .filter((i) => (ids ? ids.includes(i.id) : true))
    .filter((i) => statuses.includes(i.status))
    .filter((i) => (owner ? i.ownerAlias === owner : true))
    .filter((i) => (params.ImageFamily ? i.family === params.ImageFamily : true))
    .filter((i) => nameMatches(i.name ?? i.id, params.ImageName))
    .filter((i) => (params.OSType ? i.osType === params.OSType.toLowerCase() : true))
    .filter((i) => (params.Architecture ? i.architecture === params.Architecture : true))
    .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime) || a.id.localeCompare(b.id));
  return {
    RegionId: region.id,
    TotalCount: images.length,
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    Images: { Image: page(images, p).map(renderImage) },
  };
}

function renderImage(image: ImageWorld): JsonObject {
  return {
    ImageId: image.id,
    ImageName: image.name ?? image.id,
    ImageFamily: image.family,
    ImageVersion: '',
    ImageOwnerAlias: image.ownerAlias,
    ImageOwnerId: 0,
    Description: '',
    OSName: image.osName,
    OSNameEn: image.osName.replace(/64\u4f4d.*$/, '64 bit'),
    OSType: image.osType,
    Platform: image.platform,
    Architecture: image.architecture,
    CreationTime: ecsTime(Date.parse(image.creationTime)),
    Size: image.sizeGiB,
    Status: image.status,
    Usage: 'instance',
    Progress: '100%',
    BootMode: 'BIOS',
    IsPublic: image.ownerAlias === 'system',
    IsSelfShared: '',
    IsSubscribed: false,
    IsCopied: false,
    IsSupportCloudinit: true,
    IsSupportIoOptimized: true,
    LoginAsNonRootSupported: image.osType === 'linux',
    ProductCode: '',
    ResourceGroupId: '',
    Features: { NvmeSupport: 'supported', ImdsSupport: 'v2' },
    DiskDeviceMappings: { DiskDeviceMapping: [{ Device: '/dev/xvda', Size: String(image.sizeGiB), Type: 'system', Format: '', ImportOSSBucket: '', ImportOSSObject: '', SnapshotId: '' }] },
    Tags: { Tag: [] },
    DetectionOptions: { Status: '', Items: { Item: [] } },
  };
}

function describeInstances(params: Params, ctx: BackendContext): JsonObject {
  const region = requireRegion(ctx.state, params);
  const p = paging(params, 100);
  const ids = jsonStringArray(params, 'InstanceIds', 100);
  const tags = keyValueList(params, 'Tag');
  const statuses = params.Status ? [params.Status] : undefined;
  const instances = Object.values(ctx.state.instances)
    .filter((i) => i.regionId === region.id)
    .filter((i) => (ids ? ids.includes(i.id) : true))
    .filter((i) => (params.VpcId ? i.vpcId === params.VpcId : true))
    .filter((i) => (params.VSwitchId ? i.vswitchId === params.VSwitchId : true))
    .filter((i) => (params.ZoneId ? i.zoneId === params.ZoneId : true))
    .filter((i) => (statuses ? statuses.includes(i.status) : true))
    .filter((i) => (params.InstanceType ? i.instanceType === params.InstanceType : true))
    .filter((i) => (params.InstanceTypeFamily ? instanceTypeFamily(i.instanceType) === params.InstanceTypeFamily : true))
    .filter((i) => (params.KeyPairName ? i.keyPairName === params.KeyPairName : true))
    .filter((i) => nameMatches(i.name, params.InstanceName))
    .filter((i) => tags.every((t) => i.tags[t.key] !== undefined && (t.value === undefined || i.tags[t.key] === t.value)))
    .sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
  return {
    TotalCount: instances.length,
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    NextToken: '',
    Instances: { Instance: page(instances, p).map((i) => renderInstance(i, region)) },
  };
}

function renderInstance(instance: InstanceRecord, region: RegionWorld): JsonObject {
  const type = findInstanceType(region, instance.instanceType);
  const image = region.images.find((i) => i.id === instance.imageId);
  const mac = stableHex(instance.id, 12).match(/../g)!.join(':');
  const body: JsonObject = {
    InstanceId: instance.id,
    InstanceName: instance.name,
    HostName: instance.name.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 60),
    Description: '',
    RegionId: instance.regionId,
    ZoneId: instance.zoneId,
    InstanceType: instance.instanceType,
    InstanceTypeFamily: instanceTypeFamily(instance.instanceType),
    Cpu: type?.cpu ?? 0,
    Memory: Math.round((type?.memoryGiB ?? 0) * 1024),
    GPUAmount: type?.gpu?.amount ?? 0,
    GPUSpec: type?.gpu?.spec ?? '',
    Status: instance.status,
    ImageId: instance.imageId,
    OSName: image?.osName ?? '',
    OSNameEn: image?.osName ?? '',
    OSType: image?.osType ?? 'linux',
    CreationTime: ecsTime(instance.created).replace(/:\d{2}Z$/, 'Z'),
    StartTime: ecsTime(instance.created).replace(/:\d{2}Z$/, 'Z'),
    ExpiredTime: '2099-12-31T15:59Z',
    InstanceChargeType: 'PostPaid',
    InternetChargeType: 'PayByTraffic',
    InstanceNetworkType: 'vpc',
    InternetMaxBandwidthIn: 0,
    InternetMaxBandwidthOut: 0,
    IoOptimized: true,
    DeletionProtection: false,
    SpotStrategy: 'NoSpot',
    KeyPairName: instance.keyPairName ?? '',
    VpcAttributes: { VpcId: instance.vpcId, VSwitchId: instance.vswitchId, NatIpAddress: '', PrivateIpAddress: { IpAddress: [instance.privateIp] } },
    NetworkInterfaces: {
      NetworkInterface: [
        {
          NetworkInterfaceId: `eni-${instance.id.slice(2)}`,
          PrimaryIpAddress: instance.privateIp,
          MacAddress: mac,
          Type: 'Primary',
          PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: instance.privateIp, Primary: true }] },
        },
      ],
    },
    SecurityGroupIds: { SecurityGroupId: [] },
    PublicIpAddress: { IpAddress: [] },
    InnerIpAddress: { IpAddress: [] },
    EipAddress: { AllocationId: '', IpAddress: '', Bandwidth: 0, InternetChargeType: '' },
    OperationLocks: { LockReason: [] },
    Tags: { Tag: Object.entries(instance.tags).map(([k, v]) => ({ TagKey: k, TagValue: v })) },
  };
  if (instance.clusterId) body.ClusterId = instance.clusterId;
  return body;
}

function describeInstanceTypes(params: Params, ctx: BackendContext): JsonObject {
  const wanted = repeatList(params, 'InstanceTypes');
  const families = [...repeatList(params, 'InstanceTypeFamilies'), ...(params.InstanceTypeFamily ? [params.InstanceTypeFamily] : [])];
  const seen = new Map<string, JsonObject>();
  for (const region of ctx.state.world.regions) {
    for (const type of region.instanceTypes) {
      if (seen.has(type.id)) continue;
      if (wanted.length > 0 && !wanted.includes(type.id)) continue;
      if (families.length > 0 && !families.includes(instanceTypeFamily(type.id))) continue;
      seen.set(type.id, {
        InstanceTypeId: type.id,
        InstanceTypeFamily: instanceTypeFamily(type.id),
        InstanceCategory: instanceCategory(type),
        InstanceFamilyLevel: 'EnterpriseLevel',
        CpuArchitecture: type.architecture,
        CpuCoreCount: type.cpu,
        MemorySize: type.memoryGiB,
        GPUAmount: type.gpu?.amount ?? 0,
        GPUSpec: type.gpu?.spec ?? '',
        GPUMemorySize: type.gpu?.memoryGiB ?? 0,
        EniQuantity: type.eniQuantity,
        EniPrivateIpAddressQuantity: type.eniPrivateIpAddressQuantity,
        EniTotalQuantity: type.eniQuantity,
        EniIpv6AddressQuantity: 1,
        EniTrunkSupported: true,
        LocalStorageCategory: '',
        LocalStorageAmount: 0,
        LocalStorageCapacity: 0,
        NvmeSupport: 'required',
        InstanceBandwidthRx: 1_024_000,
        InstanceBandwidthTx: 1_024_000,
        InstancePpsRx: 300_000,
        InstancePpsTx: 300_000,
        TotalEniQueueQuantity: 8,
        PhysicalProcessorModel: 'Intel Xeon (Ice Lake) Platinum 8369B',
      });
    }
  }
  return { NextToken: '', InstanceTypes: { InstanceType: [...seen.values()] } };
}

export function describeVpcs(params: Params, ctx: BackendContext): JsonObject {
  const region = requireRegion(ctx.state, params);
  const p = paging(params, 50);
  const ids = commaList(params, 'VpcId');
  const isDefault = boolParam(params, 'IsDefault');
  const vpcs = region.vpcs.filter((v) => (ids ? ids.includes(v.id) : true)).filter((v) => (isDefault === undefined ? true : v.isDefault === isDefault));
  return {
    TotalCount: vpcs.length,
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    Vpcs: {
      Vpc: page(vpcs, p).map((v) => ({
        VpcId: v.id,
        VpcName: v.name,
        CidrBlock: v.cidr,
        RegionId: region.id,
        Status: 'Available',
        IsDefault: v.isDefault,
        Description: '',
        CreationTime: ecsTime(Date.parse('2024-01-15T02:00:00Z')),
        VRouterId: `vrt-${stableHex(v.id, 20)}`,
        VSwitchIds: { VSwitchId: region.vswitches.filter((s) => s.vpcId === v.id).map((s) => s.id) },
        UserCidrs: { UserCidr: [] },
      })),
    },
  };
}

export function describeVSwitches(params: Params, ctx: BackendContext): JsonObject {
  const region = requireRegion(ctx.state, params);
  const p = paging(params, 50);
  const isDefault = boolParam(params, 'IsDefault');
  const vswitches = region.vswitches
    .filter((v) => (params.VpcId ? v.vpcId === params.VpcId : true))
    .filter((v) => (params.VSwitchId ? v.id === params.VSwitchId : true))
    .filter((v) => (params.ZoneId ? v.zoneId === params.ZoneId : true))
    .filter(() => isDefault !== true);
  return {
    TotalCount: vswitches.length,
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    VSwitches: {
      VSwitch: page(vswitches, p).map((v) => ({
        VSwitchId: v.id,
        VSwitchName: v.name,
        VpcId: v.vpcId,
        ZoneId: v.zoneId,
        CidrBlock: v.cidr,
        Status: 'Available',
        IsDefault: false,
        Description: '',
        ResourceGroupId: '',
        CreationTime: ecsTime(Date.parse('2024-01-15T02:05:00Z')),
        AvailableIpAddressCount: v.availableIpCount ?? freeAddresses(ctx.state, v.id, v.cidr),
      })),
    },
  };
}

function freeAddresses(state: EmulatorState, vswitchId: string, cidr: string): number {
  const range = cidrRange(cidr);
  if (!range) return 0;
  const used = Object.values(state.instances).filter((i) => i.vswitchId === vswitchId).length;
  return Math.max(0, range[1] - range[0] + 1 - 4 - used);
}

function describeKeyPairs(params: Params, ctx: BackendContext): JsonObject {
  const region = requireRegion(ctx.state, params);
  const p = paging(params, 50);
  const keyPairs = region.keyPairs
    .filter((k) => nameMatches(k.name, params.KeyPairName?.includes('*') ? params.KeyPairName : undefined))
    .filter((k) => (params.KeyPairName && !params.KeyPairName.includes('*') ? k.name === params.KeyPairName : true));
  return {
    TotalCount: keyPairs.length,
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    KeyPairs: {
      KeyPair: page(keyPairs, p).map((k) => ({
        KeyPairName: k.name,
        KeyPairFingerPrint: k.fingerprint ?? stableHex(k.name, 32),
        CreationTime: ecsTime(Date.parse('2024-01-15T03:00:00Z')),
        ResourceGroupId: '',
        Tags: { Tag: [] },
      })),
    },
  };
}

const DISK_CATEGORIES = [
  { Value: 'cloud_essd', Min: 20, Max: 32768 },
  { Value: 'cloud_auto', Min: 1, Max: 65536 },
  { Value: 'cloud_efficiency', Min: 20, Max: 32768 },
  { Value: 'cloud_ssd', Min: 20, Max: 32768 },
];

function describeAvailableResource(params: Params, ctx: BackendContext): JsonObject {
  const region = requireRegion(ctx.state, params);
  const destination = params.DestinationResource;
  if (!destination) throw ecsErrors.missing('DestinationResource');
  const supported = ['Zone', 'InstanceTypeFamily', 'InstanceType', 'SystemDisk', 'DataDisk', 'IoOptimized', 'Network'];
  if (!supported.includes(destination)) {
    throw ecsErrors.invalidParameter(`The specified DestinationResource "${destination}" is not valid: ${supported.join(', ')}.`);
  }
  const zones = region.zones.filter((z) => (params.ZoneId ? z === params.ZoneId : true));
  const typesIn = (zone: string) =>
    region.instanceTypes.filter((t) => t.zones.includes(zone)).filter((t) => (params.InstanceType ? t.id === params.InstanceType : true));
  const available = zones
    .map((zone) => {
      const types = typesIn(zone);
      let values: JsonObject[];
      switch (destination) {
        case 'Zone':
          values = types.length > 0 || !params.InstanceType ? [{ Value: zone }] : [];
          break;
        case 'InstanceTypeFamily':
          values = [...new Set(types.map((t) => instanceTypeFamily(t.id)))].map((f) => ({ Value: f }));
          break;
        case 'InstanceType':
          values = types.map((t) => ({ Value: t.id }));
          break;
        case 'SystemDisk':
        case 'DataDisk':
          values = types.length > 0 ? DISK_CATEGORIES.map((d) => ({ ...d, Unit: 'GiB' })) : [];
          break;
        case 'IoOptimized':
          values = types.length > 0 ? [{ Value: 'optimized' }] : [];
          break;
        default:
          values = types.length > 0 ? [{ Value: 'vpc' }] : [];
      }
      return { zone, values };
    })
    .filter((z) => z.values.length > 0);
  return {
    AvailableZones: {
      AvailableZone: available.map(({ zone, values }) => ({
        ZoneId: zone,
        RegionId: region.id,
        Status: 'Available',
        StatusCategory: 'WithStock',
        AvailableResources: {
          AvailableResource: [
            {
              Type: destination,
              SupportedResources: { SupportedResource: values.map((v) => ({ Status: 'Available', StatusCategory: 'WithStock', ...v })) },
            },
          ],
        },
      })),
    },
  };
}

function describeZones(params: Params, ctx: BackendContext): JsonObject {
  const region = requireRegion(ctx.state, params);
  return {
    Zones: {
      Zone: region.zones.map((z) => ({
        ZoneId: z,
        LocalName: z,
        ZoneType: 'AvailabilityZone',
        AvailableInstanceTypes: { InstanceTypes: region.instanceTypes.filter((t) => t.zones.includes(z)).map((t) => t.id) },
      })),
    },
  };
}

function describeRegions(_params: Params, ctx: BackendContext): JsonObject {
  return {
    Regions: {
      Region: ctx.state.world.regions.map((r) => ({ RegionId: r.id, LocalName: r.id, RegionEndpoint: `ecs.${r.id}.aliyuncs.com`, Status: 'available' })),
    },
  };
}

export const ECS_ACTIONS: Record<string, EcsHandler> = {
  DescribeImages: describeImages,
  DescribeInstances: describeInstances,
  DescribeInstanceTypes: describeInstanceTypes,
  DescribeVpcs: describeVpcs,
  DescribeVSwitches: describeVSwitches,
  DescribeKeyPairs: describeKeyPairs,
  DescribeAvailableResource: describeAvailableResource,
  DescribeZones: describeZones,
  DescribeRegions: describeRegions,
};
