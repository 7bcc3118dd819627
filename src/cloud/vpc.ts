/**
 * `VpcGateway` over the official `@alicloud/vpc20160428` client (RPC). Loaded lazily by
 * session.ts; every call goes through the shared ApiInvoker. All reads.
 */

import type { VpcSdk } from './sdk.js';
import type { ApiInvoker, SdkResponse } from './invoker.js';
import { body, page } from './ecs.js';
import type { VpcGateway } from './types.js';

type VpcClient = InstanceType<VpcSdk['default']>;
/** The SDK module and a client, made on first use. */
export type VpcLoader = () => { sdk: VpcSdk; client: VpcClient };
export type VpcRuntime = Parameters<VpcClient['describeVpcsWithOptions']>[1];

export function createVpcGateway(load: VpcLoader, invoker: ApiInvoker, region: string, rt: () => VpcRuntime): VpcGateway {
  let loaded: ReturnType<VpcLoader> | undefined;
  const get = () => (loaded ??= load());
  const read = <B>(action: string, send: () => Promise<SdkResponse<B>>) => invoker.call({ service: 'vpc', action }, send);

  return {
    region,

    async describeVpcs(query = {}) {
      const request = new (get().sdk.DescribeVpcsRequest)({ regionId: region, vpcId: query.vpcId, pageNumber: query.pageNumber, pageSize: query.pageSize });
      const b = body(await read('DescribeVpcs', () => get().client.describeVpcsWithOptions(request, rt())), 'DescribeVpcs');
      const items = (b.vpcs?.vpc ?? []).map((v) => ({
        vpcId: v.vpcId ?? '',
        cidrBlock: v.cidrBlock,
        name: v.vpcName,
        status: v.status,
        vswitchIds: v.vSwitchIds?.vSwitchId ?? [],
      }));
      return page(items, b, query);
    },

    async describeVSwitches(query = {}) {
      const request = new (get().sdk.DescribeVSwitchesRequest)({
        regionId: region,
        vpcId: query.vpcId,
        vSwitchId: query.vswitchId,
        zoneId: query.zoneId,
        pageNumber: query.pageNumber,
        pageSize: query.pageSize,
      });
      const b = body(await read('DescribeVSwitches', () => get().client.describeVSwitchesWithOptions(request, rt())), 'DescribeVSwitches');
      const items = (b.vSwitches?.vSwitch ?? []).map((v) => ({
        vswitchId: v.vSwitchId ?? '',
        vpcId: v.vpcId ?? '',
        zoneId: v.zoneId ?? '',
        cidrBlock: v.cidrBlock,
        availableIpAddressCount: v.availableIpAddressCount,
        status: v.status,
        name: v.vSwitchName,
      }));
      return page(items, b, query);
    },
  };
}
