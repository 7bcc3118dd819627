/**
 * Online checks before anything is created, all reads: the region; the VPC and that every
 * vSwitch exists and belongs to it; each pool's instance types offered in its vSwitches'
 * zones; pinned images exist and are of the pool's OS family; the Kubernetes version exists
 * (a minor such as "1.30" resolves to its newest patch) and offers each pool's image type;
 * key pairs exist; login passwords are in the environment; join instances exist, run, sit in
 * the VPC and belong to no other cluster. Every problem comes back together, located at the
 * profile line that caused it.
 */

import { CloudError } from '../errors.js';
import type { Issue, ProfilePath, SourceLocation } from '../profile/issues.js';
import { overlaps, parseCidr } from '../profile/cidr.js';
import { OS_FAMILIES, type OsFamily, type Profile } from '../profile/schema.js';
import { chunk, listAll } from '../cloud/paging.js';
import type { AvailableZone, CloudGateways, Image, Instance, KubernetesVersionMetadata, Vpc, VSwitch } from '../cloud/types.js';
import { compareVersions, metadataOffer, newestFirst, resolveVersion } from '../versions.js';

export interface PreflightInput {
  profile: Profile;
  gateways: CloudGateways;
  env: NodeJS.ProcessEnv;
  locate: (path: ProfilePath) => SourceLocation | undefined;
  /** The profile's cluster when it already exists (its join instances are not "another cluster"). */
  existingClusterId?: string | undefined;
  /** Pools that exist already, and instances that are nodes already: they need no password. */
  existingPools?: ReadonlySet<string> | undefined;
  existingNodes?: ReadonlySet<string> | undefined;
  /** Only check these pools (by name); default every pool. */
  pools?: ReadonlySet<string> | undefined;
  /** `cluster_type` the plan creates (for DescribeKubernetesVersionMetadata). */
  clusterType?: string | undefined;
}

export interface PreflightResult {
  issues: Issue[];
  /** The exact Kubernetes version to create (minor resolved to its newest patch). */
  kubernetesVersion: string | undefined;
}

type Located = (severity: Issue['severity'], path: ProfilePath, message: string, hint?: string) => Issue;

function locator(locate: PreflightInput['locate']): Located {
  return (severity, path, message, hint) => {
    let location: SourceLocation | undefined;
    for (let n = path.length; n >= 0 && !location; n--) location = locate(path.slice(0, n));
    return { severity, path, message, ...(hint ? { hint } : {}), location };
  };
}

/**
 * The metadata of the version to create: an exact version only itself; a minor its newest
 * creatable patch offering every one of `imageTypes` (the same patch `ackl2 pin` writes).
 */
export function resolveKubernetesVersion(requested: string, versions: readonly KubernetesVersionMetadata[], imageTypes: readonly string[] = []): KubernetesVersionMetadata | undefined {
  return resolveVersion(requested, versions, imageTypes, metadataOffer);
}

function imageMatchesOs(image: Image, os: OsFamily): boolean {
  const family = OS_FAMILIES[os];
  if (image.imageFamily) return image.imageFamily === family.imageFamily;
  return image.imageId.startsWith(family.imageIdPrefix) || (image.imageName ?? '').startsWith(family.imageIdPrefix);
}

function osOfImage(image: Image): OsFamily | undefined {
  return (Object.keys(OS_FAMILIES) as OsFamily[]).find((os) => imageMatchesOs(image, os));
}

const isRegionError = (error: unknown) => error instanceof CloudError && /InvalidRegionId|Region\.?NotFound|UnsupportedRegion|InvalidRegion/i.test(error.code);

/** Problems with instances to attach, one message per instance (also used by `ackl2 join`). */
export function instanceProblems(
  ids: readonly string[],
  found: ReadonlyMap<string, Instance>,
  options: { region: string; vpcId: string | undefined; clusterId: string | undefined },
): Map<string, { message: string; hint: string }> {
  const problems = new Map<string, { message: string; hint: string }>();
  for (const id of ids) {
    const instance = found.get(id);
    if (!instance) {
      problems.set(id, { message: `ECS instance ${id} does not exist in ${options.region}`, hint: 'check the id (aliyun ecs DescribeInstances) and the region' });
    } else if (instance.clusterId && instance.clusterId !== options.clusterId) {
      problems.set(id, { message: `ECS instance ${id} already belongs to cluster ${instance.clusterId}`, hint: 'remove it from that cluster first, or list another instance' });
    } else if (instance.status !== 'Running') {
      problems.set(id, { message: `ECS instance ${id} is ${instance.status}, not Running`, hint: 'start it (aliyun ecs StartInstance) and rerun' });
    } else if (options.vpcId && instance.vpcId !== options.vpcId) {
      problems.set(id, { message: `ECS instance ${id} is in VPC ${instance.vpcId ?? '(none)'}, not the cluster's VPC ${options.vpcId}`, hint: 'only instances in the cluster VPC can join' });
    }
  }
  return problems;
}

export async function describeInstancesById(gateways: CloudGateways, ids: readonly string[]): Promise<Map<string, Instance>> {
  const found = new Map<string, Instance>();
  for (const batch of chunk([...new Set(ids)], 100)) {
    const page = await gateways.ecs.describeInstances({ instanceIds: batch, pageSize: 100 });
    for (const instance of page.items) found.set(instance.instanceId, instance);
  }
  return found;
}

export async function preflight(input: PreflightInput): Promise<PreflightResult> {
  const { profile, gateways, env } = input;
  const { ecs, ack } = gateways;
  const at = locator(input.locate);
  const issues: Issue[] = [];
  const region = profile.metadata.region;
  const network = profile.cluster.network;
  const pools = profile.nodePools.map((pool, index) => ({ pool, index })).filter(({ pool }) => !input.pools || input.pools.has(pool.name));

  // Region first: with an unknown region every other answer is noise.
  let zones: AvailableZone[];
  try {
    zones = await ecs.describeAvailableInstanceTypes();
  } catch (error) {
    if (!isRegionError(error)) throw error;
    zones = [];
  }
  if (zones.length === 0) {
    issues.push(at('error', ['metadata', 'region'], `region ${region} is not available to this account (no zones offer instances)`, 'check the region id, e.g. cn-hangzhou'));
    return { issues, kubernetesVersion: undefined };
  }

  const poolVswitchPaths = pools.map(({ pool, index }) =>
    pool.vswitchIds
      ? pool.vswitchIds.map((id, j) => ({ id, path: ['nodePools', index, 'vswitchIds', j] as ProfilePath }))
      : network.vswitchIds.map((id, j) => ({ id, path: ['cluster', 'network', 'vswitchIds', j] as ProfilePath })),
  );
  const allVswitchRefs: { id: string; path: ProfilePath }[] = [
    ...network.vswitchIds.map((id, j) => ({ id, path: ['cluster', 'network', 'vswitchIds', j] as ProfilePath })),
    ...(network.podVswitchIds ?? []).map((id, j) => ({ id, path: ['cluster', 'network', 'podVswitchIds', j] as ProfilePath })),
    ...poolVswitchPaths.flat(),
  ];
  const pinned = pools.filter(({ pool }) => pool.image.id !== undefined);
  const keyPairs = pools.filter(({ pool }) => pool.login.keyPair !== undefined);
  const joinRefs = pools.flatMap(({ pool, index }) => (pool.join?.instanceIds ?? []).map((id, j) => ({ id, path: ['nodePools', index, 'join', 'instanceIds', j] as ProfilePath })));

  const [vpcPage, vpcVswitches, images, keyPairNames, versions, instances] = await Promise.all([
    ecs.describeVpcs({ vpcId: network.vpcId }),
    listAll((pageNumber, pageSize) => ecs.describeVSwitches({ vpcId: network.vpcId, pageNumber, pageSize })),
    Promise.all(
      [...new Set(pinned.map(({ pool }) => pool.image.id!))].map(async (id) => [id, (await ecs.describeImages({ imageId: id })).items.find((i) => i.imageId === id)] as const),
    ).then((entries) => new Map(entries)),
    Promise.all(
      [...new Set(keyPairs.map(({ pool }) => pool.login.keyPair!))].map(async (name) => [name, (await ecs.describeKeyPairs({ keyPairName: name })).items.some((k) => k.keyPairName === name)] as const),
    ).then((entries) => new Map(entries)),
    ack.describeKubernetesVersionMetadata({ clusterType: input.clusterType ?? 'ManagedKubernetes', profile: 'Default' }),
    joinRefs.length > 0 ? describeInstancesById(gateways, joinRefs.map((r) => r.id)) : Promise.resolve(new Map<string, Instance>()),
  ]);

  // VPC and vSwitches.
  const vpc = vpcPage.items.find((v) => v.vpcId === network.vpcId);
  if (!vpc) issues.push(at('error', ['cluster', 'network', 'vpcId'], `VPC ${network.vpcId} does not exist in ${region}`, 'check the id (aliyun vpc DescribeVpcs) and the region'));
  else issues.push(...cidrClashesWithVpc(network, vpc).map(({ path, message, hint }) => at('error', path, message, hint)));
  const vswitches = new Map<string, VSwitch>(vpcVswitches.map((v) => [v.vswitchId, v]));
  const strangers = [...new Set(allVswitchRefs.map((r) => r.id).filter((id) => !vswitches.has(id)))];
  const elsewhere = new Map<string, VSwitch | undefined>(
    await Promise.all(strangers.map(async (id) => [id, (await ecs.describeVSwitches({ vswitchId: id })).items.find((v) => v.vswitchId === id)] as const)),
  );
  const reported = new Set<string>();
  for (const ref of allVswitchRefs) {
    if (vswitches.has(ref.id)) continue;
    const key = `${ref.id}@${ref.path.join('.')}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const other = elsewhere.get(ref.id);
    issues.push(
      other
        ? at('error', ref.path, `vSwitch ${ref.id} belongs to VPC ${other.vpcId}, not ${network.vpcId}`, `use a vSwitch of ${network.vpcId}, or set cluster.network.vpcId to ${other.vpcId}`)
        : at('error', ref.path, `vSwitch ${ref.id} does not exist in ${region}`, 'check the id (aliyun vpc DescribeVSwitches)'),
    );
  }

  // Instance types in the zones of each pool's vSwitches.
  const byZone = new Map(zones.map((z) => [z.zoneId, z]));
  for (const [k, { pool, index }] of pools.entries()) {
    const poolZones = [...new Set(poolVswitchPaths[k]!.map((r) => vswitches.get(r.id)?.zoneId).filter((z): z is string => z !== undefined))].sort();
    if (poolZones.length === 0) continue;
    for (const [j, type] of pool.instanceTypes.entries()) {
      const offered = poolZones.filter((z) => byZone.get(z)?.availableInstanceTypes.includes(type));
      const soldOut = poolZones.filter((z) => byZone.get(z)?.soldOutInstanceTypes.includes(type));
      const path: ProfilePath = ['nodePools', index, 'instanceTypes', j];
      if (offered.length === 0) {
        const anywhere = zones.filter((z) => z.availableInstanceTypes.includes(type)).map((z) => z.zoneId).sort();
        const where = soldOut.length > 0 ? `is sold out in ${soldOut.join(', ')}` : `is not offered in ${poolZones.join(', ')}`;
        issues.push(
          at('error', path, `instance type ${type} ${where} (the zones of pool "${pool.name}"'s vSwitches)`, anywhere.length > 0 ? `it is offered in ${anywhere.join(', ')}: use a vSwitch there, or another instance type` : `${type} is not offered in ${region}: pick another instance type`),
        );
      } else if (offered.length < poolZones.length) {
        const missing = poolZones.filter((z) => !offered.includes(z));
        issues.push(at('warning', path, `instance type ${type} is not offered in ${missing.join(', ')}; pool "${pool.name}" gets it only in ${offered.join(', ')}`));
      }
    }
  }

  // Pinned images.
  for (const { pool, index } of pinned) {
    const id = pool.image.id!;
    const image = images.get(id);
    const path: ProfilePath = ['nodePools', index, 'image', 'id'];
    if (!image) {
      issues.push(at('error', path, `image ${id} does not exist in ${region}`, '`ackl2 images` lists the current ones; `ackl2 pin -f FILE` refreshes the pin'));
    } else if (!imageMatchesOs(image, pool.image.os)) {
      const actual = osOfImage(image);
      issues.push(at('error', path, `image ${id} is ${actual ?? image.imageFamily ?? image.osName ?? 'another OS'}, but image.os is ${pool.image.os}`, `pin an ${pool.image.os} image (\`ackl2 pin -f FILE\`) or change image.os`));
    } else if (image.status && image.status !== 'Available') {
      issues.push(at('error', path, `image ${id} is ${image.status}, not Available`, '`ackl2 pin -f FILE` pins the newest available image'));
    }
  }

  // Kubernetes version and image types it can create.
  const requested = profile.cluster.kubernetesVersion;
  const meta = resolveKubernetesVersion(requested, versions, [...new Set(pools.map(({ pool }) => OS_FAMILIES[pool.image.os].imageType))]);
  const offeredVersions = versions.filter((v) => v.creatable).map((v) => v.version).sort(compareVersions);
  if (!meta) {
    issues.push(at('error', ['cluster', 'kubernetesVersion'], `Kubernetes ${requested} is not offered in ${region}`, offeredVersions.length > 0 ? `offered: ${offeredVersions.join(', ')}` : undefined));
  } else if (!meta.creatable) {
    issues.push(at('error', ['cluster', 'kubernetesVersion'], `Kubernetes ${meta.version} can no longer be used for new clusters`, offeredVersions.length > 0 ? `offered: ${offeredVersions.join(', ')}` : undefined));
  } else if (meta.images.length > 0) {
    const types = new Set(meta.images.map((i) => i.imageType).filter(Boolean));
    for (const { pool, index } of pools) {
      const imageType = OS_FAMILIES[pool.image.os].imageType;
      if (types.has(imageType)) continue;
      const fallback = newestFirst(versions.filter((v) => v.creatable && v.images.some((i) => i.imageType === imageType)))[0];
      issues.push(
        at(
          'error',
          ['nodePools', index, 'image', 'os'],
          `${pool.image.os} (image type ${imageType}) cannot be used with Kubernetes ${meta.version}`,
          fallback ? `use image.os ${[...types].includes('AliyunLinux3') ? 'AliyunLinux3' : [...types].join('/')}, or kubernetesVersion "${fallback.version}" (the newest that still offers ${imageType})` : `use image.os ${[...types].join(' or ')}`,
        ),
      );
    }
  }

  // Login: key pairs in the region, passwords in the environment.
  for (const { pool, index } of keyPairs) {
    if (keyPairNames.get(pool.login.keyPair!)) continue;
    issues.push(at('error', ['nodePools', index, 'login', 'keyPair'], `key pair ${pool.login.keyPair} does not exist in ${region}`, 'create or import it (aliyun ecs CreateKeyPair / ImportKeyPair), or name an existing one'));
  }
  for (const { pool, index } of pools) {
    const name = pool.login.passwordFromEnv;
    // Only what will be sent needs the secret: a new pool, or instances still to attach.
    const sendsPassword = !input.existingPools?.has(pool.name) || (pool.join?.instanceIds ?? []).some((id) => !input.existingNodes?.has(id));
    if (name && sendsPassword && !env[name]) issues.push(at('error', ['nodePools', index, 'login', 'passwordFromEnv'], `environment variable ${name} is not set`, `export ${name} with the node login password`));
  }

  // Instances to join.
  if (joinRefs.length > 0) {
    const problems = instanceProblems(
      joinRefs.map((r) => r.id),
      instances,
      { region, vpcId: network.vpcId, clusterId: input.existingClusterId },
    );
    for (const ref of joinRefs) {
      const problem = problems.get(ref.id);
      if (problem) issues.push(at('error', ref.path, problem.message, problem.hint));
    }
  }

  return { issues, kubernetesVersion: meta?.creatable ? meta.version : undefined };
}

/**
 * The service CIDR (and flannel's pod CIDR) must lie outside the VPC: the API refuses an
 * overlap only once CreateCluster is sent, so preflight says it first, at the profile line.
 */
export function cidrClashesWithVpc(network: Profile['cluster']['network'], vpc: Vpc): { path: ProfilePath; message: string; hint: string }[] {
  const vpcBlock = vpc.cidrBlock ? parseCidr(vpc.cidrBlock) : undefined;
  if (!vpcBlock?.ok) return [];
  const own: { key: 'serviceCidr' | 'podCidr'; value: string | undefined }[] = [
    { key: 'serviceCidr', value: network.serviceCidr },
    { key: 'podCidr', value: network.podCidr },
  ];
  return own.flatMap(({ key, value }) => {
    const block = value === undefined ? undefined : parseCidr(value);
    if (!block?.ok || !overlaps(block.cidr, vpcBlock.cidr)) return [];
    return [
      {
        path: ['cluster', 'network', key],
        message: `${key} ${value} overlaps the CIDR ${vpc.cidrBlock} of VPC ${vpc.vpcId}`,
        hint: `pick a block outside ${vpc.cidrBlock}, e.g. ${key === 'serviceCidr' ? '172.21.0.0/20' : '172.20.0.0/16'}`,
      },
    ];
  });
}
