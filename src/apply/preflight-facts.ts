/**
 * What preflight knows about the account before it judges the profile: every read the checks
 * that run need is made once, in parallel where it can be, and the answers come back as one
 * typed `Facts`. The checks (preflight-checks/) are pure functions over it.
 */

import { CloudError } from '../errors.js';
import { chunk, listAll } from '../cloud/paging.js';
import type { AvailableZone, CloudGateways, Instance, VSwitch } from '../cloud/types.js';
import type { FactNeeds, Facts } from './preflight-target.js';
import { UNSHARED_FACTS, type FactsSource } from './facts-cache.js';

const isRegionError = (error: unknown) => error instanceof CloudError && /InvalidRegionId|Region\.?NotFound|UnsupportedRegion|InvalidRegion/i.test(error.code);
/** How ACK answers CheckServiceRole on an account that never activated it. */
const isNotActivated = (error: unknown) => error instanceof CloudError && /NotActivated|NotOpen|NotEnabled|ServiceNotEnable/i.test(error.code);

export async function describeInstancesById(gateways: CloudGateways, ids: readonly string[]): Promise<Map<string, Instance>> {
  const found = new Map<string, Instance>();
  for (const batch of chunk([...new Set(ids)], 100)) {
    const page = await gateways.ecs.describeInstances({ instanceIds: batch, pageSize: 100 });
    for (const instance of page.items) found.set(instance.instanceId, instance);
  }
  return found;
}

async function serviceRoles(gateways: CloudGateways, names: readonly string[]): Promise<Facts['serviceRoles']> {
  try {
    const roles = await gateways.ack.checkServiceRoles(names);
    return { activated: true, roles: new Map(roles.map((r) => [r.name, r])) };
  } catch (error) {
    if (!isNotActivated(error)) throw error;
    const e = error as CloudError;
    return { activated: false, code: e.code, message: e.message };
  }
}

async function byKey<K, V>(keys: Iterable<K>, read: (key: K) => Promise<V>): Promise<Map<K, V>> {
  return new Map(await Promise.all([...new Set(keys)].map(async (key) => [key, await read(key)] as const)));
}

/**
 * Reads what `needs` names, nothing else: an apply that only resizes pools asks the account
 * nothing (and loads no ECS or VPC SDK). `shared`: a fleet run's answers of this region, read
 * once for every profile (facts-cache.ts). `ownClusterId`: the profile's cluster, if it exists
 * (join instances already in it belong to no other cluster).
 */
export async function gatherFacts(
  gateways: CloudGateways,
  scope: { region: string; vpcId: string; clusterType: string; profileName: string },
  needs: FactNeeds,
  shared: FactsSource = UNSHARED_FACTS,
  ownClusterId?: string,
): Promise<Facts> {
  const { ecs, ack, vpc } = gateways;
  const { region, vpcId } = scope;
  const none: Facts = {
    region,
    zones: [],
    vpc: undefined,
    vpcVswitches: new Map(),
    foreignVswitches: new Map(),
    images: new Map(),
    keyPairs: new Map(),
    versions: [],
    instances: new Map(),
    ownClusterIds: new Set(),
    serviceRoles: { activated: true, roles: new Map() },
    instanceTypes: new Map(),
  };

  // Every read goes out at once, the region's zones beside the others (one round trip, not
  // two). The zones decide: with an unknown region every other answer, or failure, is noise
  // and is dropped, so the region is the one problem reported.
  const zonesRead = needs.zones
    ? shared.remember('zones', () => ecs.describeAvailableInstanceTypes()).catch((error: unknown): AvailableZone[] => {
        if (!isRegionError(error)) throw error;
        return [];
      })
    : undefined;
  const vswitchIds = needs.vswitches;
  const joins = needs.instances ?? [];
  const roleNames = needs.serviceRoles ?? [];
  const noVswitches: VSwitch[] = [];
  const reads = Promise.all([
    needs.vpc ? shared.remember(`vpc ${vpcId}`, () => vpc.describeVpcs({ vpcId })) : undefined,
    vswitchIds ? shared.remember(`vswitches of ${vpcId}`, () => listAll((pageNumber, pageSize) => vpc.describeVSwitches({ vpcId, pageNumber, pageSize }))) : noVswitches,
    byKey(needs.images ?? [], (id) => shared.remember(`image ${id}`, async () => (await ecs.describeImages({ imageId: id })).items.find((i) => i.imageId === id))),
    byKey(needs.keyPairs ?? [], (name) => shared.remember(`key pair ${name}`, async () => (await ecs.describeKeyPairs({ keyPairName: name })).items.some((k) => k.keyPairName === name))),
    needs.versions ? shared.remember(`versions ${scope.clusterType}`, () => ack.describeKubernetesVersionMetadata({ clusterType: scope.clusterType, profile: 'Default' })) : none.versions,
    joins.length > 0 ? describeInstancesById(gateways, joins) : Promise.resolve(new Map<string, Instance>()),
    roleNames.length > 0 ? shared.remember(`service roles ${roleNames.join(',')}`, () => serviceRoles(gateways, roleNames)) : none.serviceRoles,
    Promise.all(chunk([...new Set(needs.instanceTypes ?? [])], 100).map((batch) => shared.remember(`instance types ${batch.join(',')}`, () => ecs.describeInstanceTypes(batch)))).then(
      (pages) => new Map(pages.flat().map((t) => [t.instanceType, t])),
    ),
  ]);
  // Whatever the zones say, the other reads' failure is handled: reported below, or dropped as noise.
  reads.catch(() => undefined);
  const zones = (await zonesRead) ?? [];
  if (needs.zones && zones.length === 0) return none;
  const [vpcPage, vpcVswitches, images, keyPairs, versions, instances, roles, instanceTypes] = await reads;

  const inVpc = new Map(vpcVswitches.map((v) => [v.vswitchId, v]));
  const strangers = (vswitchIds ?? []).filter((id) => !inVpc.has(id));
  const foreignVswitches = await byKey(strangers, (id) => shared.remember(`vswitch ${id}`, async () => (await vpc.describeVSwitches({ vswitchId: id })).items.find((v) => v.vswitchId === id)));

  const theirClusters = [...new Set([...instances.values()].flatMap((i) => (i.clusterId && i.clusterId !== ownClusterId ? [i.clusterId] : [])))];
  const clusterNames = await byKey(theirClusters, async (id) => (await ack.describeClusterDetail(id).catch(() => undefined))?.name);
  const ownClusterIds = new Set(theirClusters.filter((id) => clusterNames.get(id) === scope.profileName));

  return {
    region,
    zones,
    ownClusterIds,
    vpc: vpcPage?.items.find((v) => v.vpcId === vpcId),
    vpcVswitches: inVpc,
    foreignVswitches,
    images,
    keyPairs,
    versions,
    instances,
    serviceRoles: roles,
    instanceTypes,
  };
}
