/**
 * `EcsGateway` over the official `@alicloud/ecs20140526` client (RPC). Loaded lazily by
 * session.ts; every call goes through the shared ApiInvoker. All reads. (VPCs and vSwitches
 * belong to the VPC API: vpc.ts; ECS's copies of those calls are deprecated.)
 */

import type * as Ecs from '@alicloud/ecs20140526';
import type { EcsSdk } from './sdk.js';
import type { ApiInvoker, SdkResponse } from './invoker.js';
import { ACK_CLUSTER_TAG_KEY, type AvailableZone, type EcsGateway, type Image, type Instance, type Page } from './types.js';

type EcsClient = InstanceType<EcsSdk['default']>;
/** The SDK module and a client, made on first use. */
export type EcsLoader = () => { sdk: EcsSdk; client: EcsClient };
export type EcsRuntime = Parameters<EcsClient['describeRegionsWithOptions']>[1];

export function body<B>(response: SdkResponse<B>, action: string): B {
  if (response.body === undefined || response.body === null) throw new Error(`${action}: the API answered without a body`);
  return response.body;
}

export function page<T>(items: T[], b: { totalCount?: number; pageNumber?: number; pageSize?: number }, asked: { pageNumber?: number | undefined; pageSize?: number | undefined }): Page<T> {
  return {
    items,
    totalCount: b.totalCount ?? items.length,
    pageNumber: b.pageNumber ?? asked.pageNumber ?? 1,
    pageSize: b.pageSize ?? asked.pageSize ?? items.length,
  };
}

export function toAvailableZones(b: Ecs.DescribeAvailableResourceResponseBody): AvailableZone[] {
  return (b.availableZones?.availableZone ?? []).map((zone) => {
    const available: string[] = [];
    const soldOut: string[] = [];
    for (const resource of zone.availableResources?.availableResource ?? []) {
      if (resource.type !== undefined && resource.type !== 'InstanceType') continue;
      for (const supported of resource.supportedResources?.supportedResource ?? []) {
        if (!supported.value) continue;
        if (supported.status === undefined || supported.status === 'Available') available.push(supported.value);
        else soldOut.push(supported.value);
      }
    }
    return { zoneId: zone.zoneId ?? '', status: zone.status, availableInstanceTypes: available, soldOutInstanceTypes: soldOut };
  });
}

export function toImage(i: Ecs.DescribeImagesResponseBodyImagesImage): Image {
  return {
    imageId: i.imageId ?? '',
    imageName: i.imageName,
    imageFamily: i.imageFamily,
    imageOwnerAlias: i.imageOwnerAlias,
    osType: i.OSType,
    osName: i.OSNameEn ?? i.OSName,
    platform: i.platform,
    architecture: i.architecture,
    status: i.status,
    creationTime: i.creationTime,
    size: i.size,
  };
}

export function toInstance(i: Ecs.DescribeInstancesResponseBodyInstancesInstance): Instance {
  const tags = (i.tags?.tag ?? []).filter((t) => t.tagKey).map((t) => ({ key: t.tagKey!, value: t.tagValue ?? '' }));
  const ackTag = tags.find((t) => t.key === ACK_CLUSTER_TAG_KEY)?.value;
  return {
    instanceId: i.instanceId ?? '',
    instanceName: i.instanceName,
    status: i.status ?? 'Unknown',
    instanceType: i.instanceType,
    zoneId: i.zoneId,
    vpcId: i.vpcAttributes?.vpcId,
    vswitchId: i.vpcAttributes?.vSwitchId,
    clusterId: i.clusterId || ackTag || undefined,
    tags,
  };
}

export function createEcsGateway(load: EcsLoader, invoker: ApiInvoker, region: string, rt: () => EcsRuntime): EcsGateway {
  let loaded: ReturnType<EcsLoader> | undefined;
  const get = () => (loaded ??= load());
  const read = <B>(action: string, send: () => Promise<SdkResponse<B>>) => invoker.call({ service: 'ecs', action }, send);

  return {
    region,

    async describeRegions() {
      const request = new (get().sdk.DescribeRegionsRequest)({});
      const b = body(await read('DescribeRegions', () => get().client.describeRegionsWithOptions(request, rt())), 'DescribeRegions');
      return (b.regions?.region ?? []).map((r) => ({ regionId: r.regionId ?? '', localName: r.localName, status: r.status }));
    },

    async describeAvailableInstanceTypes(query = {}) {
      const request = new (get().sdk.DescribeAvailableResourceRequest)({
        regionId: region,
        destinationResource: 'InstanceType',
        zoneId: query.zoneId,
        instanceType: query.instanceType,
      });
      const b = body(await read('DescribeAvailableResource', () => get().client.describeAvailableResourceWithOptions(request, rt())), 'DescribeAvailableResource');
      return toAvailableZones(b);
    },

    async describeInstanceTypes(instanceTypes) {
      if (instanceTypes.length === 0) return [];
      const request = new (get().sdk.DescribeInstanceTypesRequest)({ instanceTypes: [...instanceTypes], maxResults: 100 });
      const b = body(await read('DescribeInstanceTypes', () => get().client.describeInstanceTypesWithOptions(request, rt())), 'DescribeInstanceTypes');
      return (b.instanceTypes?.instanceType ?? [])
        .filter((t) => typeof t.instanceTypeId === 'string')
        .map((t) => ({ instanceType: t.instanceTypeId!, eniQuantity: t.eniQuantity, eniPrivateIpAddressQuantity: t.eniPrivateIpAddressQuantity }));
    },

    async describeImages(query = {}) {
      const request = new (get().sdk.DescribeImagesRequest)({
        regionId: region,
        imageId: query.imageId,
        imageName: query.imageName,
        imageFamily: query.imageFamily,
        imageOwnerAlias: query.imageOwnerAlias,
        OSType: query.osType,
        architecture: query.architecture,
        status: query.status,
        pageNumber: query.pageNumber,
        pageSize: query.pageSize,
      });
      const b = body(await read('DescribeImages', () => get().client.describeImagesWithOptions(request, rt())), 'DescribeImages');
      return page((b.images?.image ?? []).map(toImage), b, query);
    },

    async describeKeyPairs(query = {}) {
      const request = new (get().sdk.DescribeKeyPairsRequest)({ regionId: region, keyPairName: query.keyPairName, pageNumber: query.pageNumber, pageSize: query.pageSize });
      const b = body(await read('DescribeKeyPairs', () => get().client.describeKeyPairsWithOptions(request, rt())), 'DescribeKeyPairs');
      const items = (b.keyPairs?.keyPair ?? []).map((k) => ({ keyPairName: k.keyPairName ?? '', fingerprint: k.keyPairFingerPrint, creationTime: k.creationTime }));
      return page(items, b, query);
    },

    async describeInstances(query = {}) {
      const request = new (get().sdk.DescribeInstancesRequest)({
        regionId: region,
        instanceIds: query.instanceIds ? JSON.stringify(query.instanceIds) : undefined,
        vpcId: query.vpcId,
        status: query.status,
        pageNumber: query.pageNumber,
        pageSize: query.pageSize,
      });
      const b = body(await read('DescribeInstances', () => get().client.describeInstancesWithOptions(request, rt())), 'DescribeInstances');
      return page((b.instances?.instance ?? []).map(toInstance), b, query);
    },
  };
}
