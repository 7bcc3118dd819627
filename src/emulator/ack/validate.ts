/**
 * The checks ACK makes before it accepts a cluster or a node pool: references to the world
 * (VPC, vSwitches, instance types, images, key pairs), CIDR overlap, runtime and image type
 * compatibility. Each throws the first violation as the API does.
 */

import { findImage, findInstanceType, findKubernetesVersion, findVSwitch, findVpc } from '../catalog.js';
import { bool, num, obj, str, strings } from '../json.js';
import { cidrRange, cidrsOverlap, type ClusterRecord, type EmulatorState, type JsonObject } from '../state.js';
import type { RegionWorld } from '../world.js';
import { kubernetesMinor } from '../../versions.js';
import { ackError } from './errors.js';

export const RUNV_RUNTIME = 'Sandboxed-Container.runv';
const NAME = /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,62}$/u;

export function checkName(name: string | undefined, what: string): string {
  if (name === undefined || name === '') throw ackError('invalidParameter', `${what} name is required`);
  if (!NAME.test(name)) throw ackError('invalidParameter', `${what} name "${name}" is invalid: 1-63 characters of letters, digits, "-" and "_", starting with a letter or digit`);
  return name;
}

export function checkVSwitchesInVpc(region: RegionWorld, vpcId: string, vswitchIds: string[], field: string): void {
  for (const id of vswitchIds) {
    const vsw = findVSwitch(region, id);
    if (!vsw) throw ackError('vswitchNotFound', `${field}: vSwitch ${id} does not exist in region ${region.id}`);
    if (vsw.vpcId !== vpcId) throw ackError('vswitchNotInVpc', `${field}: vSwitch ${id} belongs to ${vsw.vpcId}, not to the cluster VPC ${vpcId}`);
  }
}

export function checkCidr(value: string, field: string, minBits: number, maxBits: number): void {
  const range = cidrRange(value);
  const bits = Number(value.split('/')[1]);
  if (!range) throw ackError('invalidParameter', `${field} "${value}" is not a valid IPv4 CIDR block`);
  if (bits < minBits || bits > maxBits) throw ackError('invalidParameter', `${field} "${value}" must have a mask between /${minBits} and /${maxBits}`);
}

/** Network part of CreateCluster: VPC, vSwitches, Terway pod vSwitches or a Flannel pod CIDR, service CIDR. */
export function checkClusterNetwork(
  state: EmulatorState,
  region: RegionWorld,
  fields: { vpcId: string; vswitchIds: string[]; podVswitchIds: string[]; containerCidr: string; serviceCidr: string },
): void {
  const vpc = findVpc(region, fields.vpcId);
  if (!vpc) throw ackError('vpcNotFound', `VPC ${fields.vpcId} does not exist in region ${region.id}`);
  if (fields.vswitchIds.length === 0) throw ackError('invalidParameter', 'vswitch_ids is required: at least one vSwitch of the VPC');
  checkVSwitchesInVpc(region, vpc.id, fields.vswitchIds, 'vswitch_ids');
  checkVSwitchesInVpc(region, vpc.id, fields.podVswitchIds, 'pod_vswitch_ids');
  if (fields.podVswitchIds.length === 0 && fields.containerCidr === '') {
    throw ackError('invalidParameter', 'container_cidr is required when no pod_vswitch_ids are given (Flannel); Terway needs pod_vswitch_ids');
  }
  if (fields.containerCidr !== '') {
    checkCidr(fields.containerCidr, 'container_cidr', 8, 24);
    if (cidrsOverlap(fields.containerCidr, vpc.cidr)) throw ackError('cidrConflict', `container_cidr ${fields.containerCidr} overlaps the VPC CIDR ${vpc.cidr}`);
  }
  if (fields.serviceCidr !== '') {
    checkCidr(fields.serviceCidr, 'service_cidr', 16, 24);
    if (cidrsOverlap(fields.serviceCidr, vpc.cidr)) throw ackError('cidrConflict', `service_cidr ${fields.serviceCidr} overlaps the VPC CIDR ${vpc.cidr}`);
    if (fields.containerCidr !== '' && cidrsOverlap(fields.serviceCidr, fields.containerCidr)) {
      throw ackError('cidrConflict', `service_cidr ${fields.serviceCidr} overlaps container_cidr ${fields.containerCidr}`);
    }
  }
  for (const cluster of Object.values(state.clusters)) {
    if (cluster.vpcId !== vpc.id || cluster.state === 'deleted' || fields.containerCidr === '' || cluster.containerCidr === '') continue;
    if (cidrsOverlap(cluster.containerCidr, fields.containerCidr)) {
      throw ackError('cidrConflict', `container_cidr ${fields.containerCidr} overlaps the pod CIDR of cluster ${cluster.id} in the same VPC`);
    }
  }
}

export function checkKeyPair(region: RegionWorld, keyPair: string | undefined, field: string): void {
  if (keyPair === undefined || keyPair === '') return;
  if (!region.keyPairs.some((k) => k.name === keyPair)) throw ackError('keyPairNotFound', `${field}: key pair ${keyPair} does not exist in region ${region.id}`);
}

export interface PoolSizing {
  desiredSize: number;
  autoScaling: boolean;
}

/** Every check CreateClusterNodePool (and an inline pool of CreateCluster) makes. */
export function checkPoolSpec(state: EmulatorState, region: RegionWorld, cluster: Pick<ClusterRecord, 'id' | 'vpcId' | 'kubernetesVersion' | 'vswitchIds'> & Partial<Pick<ClusterRecord, 'addons'>>, spec: JsonObject, options: { ignorePoolId?: string } = {}): PoolSizing {
  const info = obj(spec, 'nodepool_info');
  const name = checkName(str(info, 'name'), 'node pool');
  const duplicate = Object.values(state.nodePools).find((p) => p.clusterId === cluster.id && p.name === name && p.id !== options.ignorePoolId);
  if (duplicate) throw ackError('duplicateNodePoolName', `node pool name "${name}" is already used by ${duplicate.id} in cluster ${cluster.id}`);

  const group = obj(spec, 'scaling_group');
  if (!group) throw ackError('invalidParameter', 'scaling_group is required');
  const vswitchIds = strings(group, 'vswitch_ids') ?? [];
  if (vswitchIds.length === 0) throw ackError('invalidParameter', 'scaling_group.vswitch_ids is required');
  checkVSwitchesInVpc(region, cluster.vpcId, vswitchIds, 'scaling_group.vswitch_ids');
  const zones = new Set(vswitchIds.map((id) => findVSwitch(region, id)!.zoneId));

  const types = strings(group, 'instance_types') ?? [];
  if (types.length === 0) throw ackError('invalidParameter', 'scaling_group.instance_types is required');
  for (const typeId of types) {
    const type = findInstanceType(region, typeId);
    if (!type) throw ackError('instanceTypeNotSupported', `instance type ${typeId} is not offered in region ${region.id}`);
    if (!type.zones.some((z) => zones.has(z))) {
      throw ackError('instanceTypeNotSupported', `instance type ${typeId} is not offered in the zones of the node pool's vSwitches (${[...zones].join(', ')}); it is offered in ${type.zones.join(', ')}`);
    }
  }

  const runtime = str(obj(spec, 'kubernetes_config'), 'runtime');
  if (runtime === RUNV_RUNTIME) {
    const notBareMetal = types.filter((t) => !findInstanceType(region, t)?.bareMetal);
    if (notBareMetal.length > 0) {
      throw ackError('runtimeNotSupported', `runtime ${RUNV_RUNTIME} needs ECS Bare Metal instance types (ecs.ebm*); not supported: ${notBareMetal.join(', ')}`);
    }
  }

  const version = findKubernetesVersion(state, cluster.kubernetesVersion);
  // The catalogue's runtimes per version: runV sandboxes end with 1.34 (ACK's sandboxed-container limits).
  if (runtime && version && !version.runtimes.some((r) => r.name === runtime)) {
    throw ackError('runtimeNotSupported', `runtime ${runtime} is not offered with Kubernetes ${version.version}; offered: ${version.runtimes.map((r) => r.name).join(', ')}`);
  }
  const imageId = str(group, 'image_id');
  let imageType = str(group, 'image_type');
  if (imageId !== undefined && imageId !== '') {
    const image = findImage(region, imageId);
    if (!image) throw ackError('imageNotFound', `scaling_group.image_id: image ${imageId} does not exist in region ${region.id}`);
    if (imageType !== undefined && imageType !== '' && image.ackImageType !== undefined && image.ackImageType !== imageType) {
      throw ackError('invalidParameter', `scaling_group.image_id ${imageId} is an ${image.ackImageType} image, but image_type is ${imageType}`);
    }
    imageType = imageType || image.ackImageType;
  }
  checkScenarioLimits(cluster, runtime, imageType);
  if (imageType && version && !version.creatableImageTypes.includes(imageType)) {
    throw ackError(
      'imageTypeNotSupported',
      `image type ${imageType} cannot be used for new nodes with Kubernetes ${version.version}; creatable: ${version.creatableImageTypes.join(', ')}`,
    );
  }

  checkKeyPair(region, str(group, 'key_pair'), 'scaling_group.key_pair');

  const autoScaling = obj(spec, 'auto_scaling');
  const autoEnabled = bool(autoScaling, 'enable') === true;
  if (autoEnabled) {
    const min = num(autoScaling, 'min_instances') ?? 0;
    const max = num(autoScaling, 'max_instances') ?? 0;
    if (min < 0 || max < min) throw ackError('invalidParameter', `auto_scaling: min_instances (${min}) must be between 0 and max_instances (${max})`);
    return { desiredSize: min, autoScaling: true };
  }
  const desired = num(group, 'desired_size') ?? num(spec, 'count') ?? 0;
  if (!Number.isInteger(desired) || desired < 0 || desired > 1000) throw ackError('invalidParameter', `scaling_group.desired_size must be a whole number between 0 and 1000, not ${desired}`);
  return { desiredSize: desired, autoScaling: false };
}

/** From Kubernetes 1.35 kubelet refuses cgroup v1 ("ACK Kubernetes 1.35 release notes"). */
export const CGROUP_V2_ONLY_MINOR = 35;
/** Node image types that run cgroup v1 (the container-optimized Alibaba Cloud Linux 3 runs cgroup v2). */
export const CGROUP_V1_IMAGE_TYPES: readonly string[] = ['AliyunLinux', 'AliyunLinux3'];

/**
 * What ACK refuses for the seed article's tunings (docs/scenarios.md): a cgroup v1 image on
 * Kubernetes 1.35+, and a sandboxed pool in a cluster whose Terway runs DataPath V2 (its
 * terway-eniip config asks for eBPF acceleration). ACK's own error codes for these are not
 * documented; the emulator answers with its image-type and runtime codes.
 */
export function checkScenarioLimits(cluster: Pick<ClusterRecord, 'kubernetesVersion'> & Partial<Pick<ClusterRecord, 'addons'>>, runtime: string | undefined, imageType: string | undefined): void {
  const minor = kubernetesMinor(cluster.kubernetesVersion);
  if (imageType !== undefined && CGROUP_V1_IMAGE_TYPES.includes(imageType) && minor !== undefined && minor >= CGROUP_V2_ONLY_MINOR) {
    throw ackError(
      'imageTypeNotSupported',
      `image type ${imageType} runs cgroup v1, and Kubernetes ${cluster.kubernetesVersion} supports cgroup v2 only; use AliyunLinux3ContainerOptimized or ContainerOS`,
    );
  }
  if (runtime === RUNV_RUNTIME && usesDataPathV2(cluster.addons ?? [])) {
    throw ackError('runtimeNotSupported', `runtime ${RUNV_RUNTIME} is not supported in clusters whose Terway runs DataPath V2`);
  }
}

function usesDataPathV2(addons: readonly JsonObject[]): boolean {
  const terway = addons.find((addon) => str(addon, 'name') === 'terway-eniip');
  const config = str(terway, 'config');
  if (config === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(config);
    return parsed !== null && typeof parsed === 'object' && (parsed as Record<string, unknown>).IPVlan === 'true';
  } catch {
    return false;
  }
}
