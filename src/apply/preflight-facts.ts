/**
 * What preflight knows about the account before it judges the profile: every read is made
 * once, in parallel where it can be, and the answers come back as one typed `Facts`. The
 * checks (preflight-checks/) are pure functions over it.
 */

import { CloudError } from '../errors.js';
import { chunk, listAll } from '../cloud/paging.js';
import type { AvailableZone, CloudGateways, Image, Instance, InstanceTypeInfo, ServiceRoleStatus, VSwitch } from '../cloud/types.js';
import { joinRefs, vswitchRefs, type Facts, type PreflightTarget } from './preflight-target.js';
import { requiredServiceRoles } from './preflight-checks/service-roles.js';
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
 * `shared`: a fleet run's answers of this region, read once for every profile (facts-cache.ts).
 * `existingClusterId`: the profile's cluster, if it exists, while discovery may still be looking
 * for it (default: the target's); only join instances' clusters wait for it.
 */
export async function gatherFacts(
  gateways: CloudGateways,
  target: PreflightTarget,
  shared: FactsSource = UNSHARED_FACTS,
  existingClusterId: Promise<string | undefined> = Promise.resolve(target.existingClusterId),
): Promise<Facts> {
  const { ecs, ack, vpc } = gateways;
  const network = target.profile.cluster.network;
  const region = target.profile.metadata.region;
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

  // Region first: with an unknown region every other answer is noise.
  let zones: AvailableZone[];
  try {
    zones = await shared.remember('zones', () => ecs.describeAvailableInstanceTypes());
  } catch (error) {
    if (!isRegionError(error)) throw error;
    zones = [];
  }
  if (zones.length === 0) return none;

  const pinned = target.pools.flatMap(({ pool }) => (pool.image.id === undefined ? [] : [pool.image.id]));
  const keyPairNames = target.pools.flatMap(({ pool }) => (pool.login.keyPair === undefined ? [] : [pool.login.keyPair]));
  const joins = joinRefs(target).map((r) => r.id);
  const terwayTypes = network.plugin === 'terway' ? [...new Set(target.pools.flatMap(({ pool }) => pool.instanceTypes))] : [];

  const roleNames = requiredServiceRoles(target).map((r) => r.name);
  const [vpcPage, vpcVswitches, images, keyPairs, versions, instances, roles, instanceTypes] = await Promise.all([
    shared.remember(`vpc ${network.vpcId}`, () => vpc.describeVpcs({ vpcId: network.vpcId })),
    shared.remember(`vswitches of ${network.vpcId}`, () => listAll((pageNumber, pageSize) => vpc.describeVSwitches({ vpcId: network.vpcId, pageNumber, pageSize }))),
    byKey(pinned, (id) => shared.remember(`image ${id}`, async () => (await ecs.describeImages({ imageId: id })).items.find((i) => i.imageId === id))),
    byKey(keyPairNames, (name) => shared.remember(`key pair ${name}`, async () => (await ecs.describeKeyPairs({ keyPairName: name })).items.some((k) => k.keyPairName === name))),
    shared.remember(`versions ${target.clusterType}`, () => ack.describeKubernetesVersionMetadata({ clusterType: target.clusterType, profile: 'Default' })),
    joins.length > 0 ? describeInstancesById(gateways, joins) : Promise.resolve(new Map<string, Instance>()),
    shared.remember(`service roles ${roleNames.join(',')}`, () => serviceRoles(gateways, roleNames)),
    Promise.all(chunk(terwayTypes, 100).map((batch) => shared.remember(`instance types ${batch.join(',')}`, () => ecs.describeInstanceTypes(batch)))).then(
      (pages) => new Map(pages.flat().map((t) => [t.instanceType, t])),
    ),
  ]);

  const inVpc = new Map(vpcVswitches.map((v) => [v.vswitchId, v]));
  const strangers = vswitchRefs(target).all.map((r) => r.id).filter((id) => !inVpc.has(id));
  const foreignVswitches = await byKey(strangers, (id) => shared.remember(`vswitch ${id}`, async () => (await vpc.describeVSwitches({ vswitchId: id })).items.find((v) => v.vswitchId === id)));

  const ownCluster = instances.size > 0 ? await existingClusterId : undefined;
  const theirClusters = [...new Set([...instances.values()].flatMap((i) => (i.clusterId && i.clusterId !== ownCluster ? [i.clusterId] : [])))];
  const clusterNames = await byKey(theirClusters, async (id) => (await ack.describeClusterDetail(id).catch(() => undefined))?.name);
  const ownClusterIds = new Set(theirClusters.filter((id) => clusterNames.get(id) === target.profile.metadata.name));

  return {
    region,
    zones,
    ownClusterIds,
    vpc: vpcPage.items.find((v) => v.vpcId === network.vpcId),
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
