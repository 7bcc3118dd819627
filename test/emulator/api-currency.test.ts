/**
 * Today's API surface in the emulator, through the official SDKs: clusters are listed per
 * region (DescribeClustersForRegion), VPCs and vSwitches come from the VPC API (2016-04-28).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { clients, clusterRequest, cs, fastEmulator, sdkConfig, vpc, VpcClient, WORLD } from './helpers.js';

describe('emulator: current ACK and VPC calls', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await fastEmulator();
  });
  afterAll(() => emulator.close());

  it('DescribeClustersForRegion lists the clusters of its region only, filters by name (fuzzy) and pages', async () => {
    const ack = clients(emulator).cs;
    for (const name of ['region-a', 'region-b', 'region-c', 'other']) await ack.createCluster(clusterRequest({ name }));
    const first = await ack.describeClustersForRegion(WORLD.region, new cs.DescribeClustersForRegionRequest({ name: 'region-', pageSize: 2, pageNumber: 1 }));
    expect(first.body?.pageInfo).toEqual(expect.objectContaining({ pageNumber: 1, pageSize: 2, totalCount: 3 }));
    const second = await ack.describeClustersForRegion(WORLD.region, new cs.DescribeClustersForRegionRequest({ name: 'region-', pageSize: 2, pageNumber: 2 }));
    expect([...first.body!.clusters!, ...second.body!.clusters!].map((c) => c.name).sort()).toEqual(['region-a', 'region-b', 'region-c']);
    expect(first.body?.clusters?.[0]).toMatchObject({ regionId: WORLD.region, clusterType: 'ManagedKubernetes' });
    const elsewhere = await ack.describeClustersForRegion('cn-beijing', new cs.DescribeClustersForRegionRequest({}));
    expect(elsewhere.body?.clusters ?? []).toEqual([]);
    const calls = await fetch(`${emulator.endpoint}/_emulator/calls`).then((r) => r.json() as Promise<{ calls: { action: string; service: string }[] }>);
    expect(calls.calls.filter((c) => c.action === 'DescribeClustersForRegion').map((c) => c.service)).toEqual(['ack', 'ack', 'ack']);
  });

  it('answers DescribeVpcs and DescribeVSwitches of the VPC API (2016-04-28) over the same world', async () => {
    const client = new VpcClient(sdkConfig(emulator));
    const vpcs = (await client.describeVpcs(new vpc.DescribeVpcsRequest({ regionId: WORLD.region }))).body!;
    expect(vpcs.vpcs?.vpc?.map((v) => v.vpcId)).toContain(WORLD.vpc);
    const mine = vpcs.vpcs!.vpc!.find((v) => v.vpcId === WORLD.vpc)!;
    expect(mine.vSwitchIds?.vSwitchId?.length).toBeGreaterThan(0);
    const vsw = (await client.describeVSwitches(new vpc.DescribeVSwitchesRequest({ regionId: WORLD.region, vpcId: WORLD.vpc, pageSize: 50 }))).body!;
    expect(vsw.vSwitches?.vSwitch?.every((v) => v.vpcId === WORLD.vpc && v.zoneId && v.cidrBlock)).toBe(true);
    expect(vsw.totalCount).toBe(mine.vSwitchIds!.vSwitchId!.length);
    const calls = await fetch(`${emulator.endpoint}/_emulator/calls`).then((r) => r.json() as Promise<{ calls: { action: string; service: string }[] }>);
    expect(calls.calls.filter((c) => c.action === 'DescribeVSwitches').map((c) => c.service)).toEqual(['vpc']);
  });
});
