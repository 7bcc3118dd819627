/** Read-only lookups into the world both services share. */

import { newestFirst } from '../versions.js';
import type { EmulatorState } from './state.js';
import type { ImageWorld, InstanceTypeWorld, KubernetesVersionWorld, RegionWorld, VSwitchWorld, VpcWorld } from './world.js';

export function findRegion(state: EmulatorState, regionId: string | undefined): RegionWorld | undefined {
  return regionId === undefined ? undefined : state.world.regions.find((r) => r.id === regionId);
}

export function findVpc(region: RegionWorld, vpcId: string): VpcWorld | undefined {
  return region.vpcs.find((v) => v.id === vpcId);
}

export function findVSwitch(region: RegionWorld, vswitchId: string): VSwitchWorld | undefined {
  return region.vswitches.find((v) => v.id === vswitchId);
}

export function findInstanceType(region: RegionWorld, typeId: string): InstanceTypeWorld | undefined {
  return region.instanceTypes.find((t) => t.id === typeId);
}

export function findImage(region: RegionWorld, imageId: string): ImageWorld | undefined {
  return region.images.find((i) => i.id === imageId);
}

export function findKubernetesVersion(state: EmulatorState, version: string): KubernetesVersionWorld | undefined {
  return state.world.kubernetesVersions.find((v) => v.version === version);
}

/** Newest creatable version (what ACK picks when the request names none). */
export function defaultKubernetesVersion(state: EmulatorState): KubernetesVersionWorld {
  const creatable = state.world.kubernetesVersions.filter((v) => v.creatable);
  return newestFirst(creatable.length > 0 ? creatable : state.world.kubernetesVersions)[0]!;
}

/** `ecs.g7.xlarge` -> `ecs.g7`, `ecs.gn7i-c8g1.2xlarge` -> `ecs.gn7i`. */
export function instanceTypeFamily(typeId: string): string {
  const [prefix, family] = typeId.split('.');
  return `${prefix}.${(family ?? '').split('-')[0]}`;
}

export function instanceCategory(type: InstanceTypeWorld): string {
  if (type.bareMetal) return 'ECS Bare Metal Instance';
  if (type.gpu) return 'GPU-accelerated';
  const family = instanceTypeFamily(type.id).slice(4);
  if (family.startsWith('c')) return 'Compute-optimized';
  if (family.startsWith('r')) return 'Memory-optimized';
  return 'General-purpose';
}

/** Stable pseudo-hex derived from a string (fingerprints, router ids). */
export function stableHex(seed: string, length: number): string {
  let h = 2166136261;
  let out = '';
  while (out.length < length) {
    for (const ch of seed + out.length) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}
