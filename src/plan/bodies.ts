/**
 * The request bodies a profile asks for before any scenario is applied: one CreateCluster,
 * one CreateClusterNodePool per pool, one AttachInstancesToNodePool per pool with `join`.
 */

import { OS_FAMILIES, type NodePool, type OsFamily, type Profile } from '../profile/schema.js';
import { ALINUX3_CONTAINER_OPTIMIZED, runsCgroupV2 } from '../scenarios/support.js';
import { envPlaceholder, PROFILE_TAG_KEY } from './types.js';
import type { AddonWire, AttachInstancesBody, CreateClusterBody, CreateNodePoolBody, TagWire } from './wire.js';

/**
 * The API's image_type for a pool: the OS family's, except that from Kubernetes 1.35 (cgroup v2
 * only) `AliyunLinux3` means its container-optimized, cgroup v2 variant.
 */
export function imageTypeFor(os: OsFamily, kubernetesVersion: string): string {
  return runsCgroupV2(os, kubernetesVersion) ? ALINUX3_CONTAINER_OPTIMIZED : OS_FAMILIES[os].imageType;
}

/** The network add-on each plugin is installed as. */
export const NETWORK_ADDON = { terway: 'terway-eniip', flannel: 'flannel' } as const;

export function clusterBody(profile: Profile): CreateClusterBody {
  const { cluster, metadata } = profile;
  const network = cluster.network;
  return {
    name: metadata.name,
    region_id: metadata.region,
    cluster_type: 'ManagedKubernetes',
    profile: 'Default',
    cluster_spec: cluster.spec,
    kubernetes_version: cluster.kubernetesVersion,
    vpcid: network.vpcId,
    vswitch_ids: [...network.vswitchIds],
    ...(network.plugin === 'terway'
      ? network.podVswitchIds && { pod_vswitch_ids: [...network.podVswitchIds] }
      : network.podCidr !== undefined && { container_cidr: network.podCidr }),
    service_cidr: network.serviceCidr,
    proxy_mode: network.proxyMode,
    snat_entry: network.natGateway,
    endpoint_public_access: cluster.apiServer.publicAccess,
    deletion_protection: cluster.deletionProtection,
    addons: clusterAddons(profile),
    tags: resourceTags(profile),
  };
}

/** The network add-on first, then the profile's add-ons; a listed network add-on replaces the default entry. */
function clusterAddons(profile: Profile): AddonWire[] {
  const addons: AddonWire[] = [{ name: NETWORK_ADDON[profile.cluster.network.plugin] }];
  for (const addon of profile.cluster.addons) {
    const wire: AddonWire = { name: addon.name };
    if (addon.config !== undefined) wire.config = addon.config;
    if (addon.version !== undefined) wire.version = addon.version;
    if (addon.disabled !== undefined) wire.disabled = addon.disabled;
    const index = addons.findIndex((a) => a.name === addon.name);
    if (index >= 0) addons[index] = wire;
    else addons.push(wire);
  }
  return addons;
}

/** The profile tag first (how reruns find what ackl2 made), then metadata.tags by key. */
export function resourceTags(profile: Profile): TagWire[] {
  const own = Object.entries(profile.metadata.tags)
    .filter(([key]) => key !== PROFILE_TAG_KEY)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value }));
  return [{ key: PROFILE_TAG_KEY, value: profile.metadata.name }, ...own];
}

/**
 * Managed node pool: nodes are repaired automatically, but never upgraded or patched behind
 * the profile's back, since that would move them off the pinned image.
 */
export const POOL_MANAGEMENT = { enable: true, auto_repair: true, auto_upgrade: false, auto_vul_fix: false } as const;

export function nodePoolBody(profile: Profile, pool: NodePool): CreateNodePoolBody {
  const body: CreateNodePoolBody = {
    nodepool_info: { name: pool.name, type: 'ess' },
    scaling_group: {
      instance_types: [...pool.instanceTypes],
      vswitch_ids: [...(pool.vswitchIds ?? profile.cluster.network.vswitchIds)],
      instance_charge_type: 'PostPaid',
      image_type: imageTypeFor(pool.image.os, profile.cluster.kubernetesVersion),
      ...(pool.image.id !== undefined && { image_id: pool.image.id }),
      system_disk_category: pool.systemDisk.category,
      system_disk_size: pool.systemDisk.sizeGiB,
      ...(pool.systemDisk.performanceLevel !== undefined && { system_disk_performance_level: pool.systemDisk.performanceLevel }),
      ...(pool.dataDisks.length > 0 && {
        data_disks: pool.dataDisks.map((disk) => ({
          category: disk.category,
          size: disk.sizeGiB,
          ...(disk.performanceLevel !== undefined && { performance_level: disk.performanceLevel }),
        })),
      }),
      ...(pool.login.keyPair !== undefined && { key_pair: pool.login.keyPair }),
      ...(pool.login.passwordFromEnv !== undefined && { login_password: envPlaceholder(pool.login.passwordFromEnv) }),
      ...(!pool.autoscaling && pool.desiredSize !== undefined && { desired_size: pool.desiredSize }),
      tags: resourceTags(profile),
    },
    kubernetes_config: {
      runtime: 'containerd',
      ...(Object.keys(pool.labels).length > 0 && {
        labels: Object.entries(pool.labels)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, value]) => ({ key, value })),
      }),
      ...(pool.taints.length > 0 && {
        taints: pool.taints.map((taint) => ({ key: taint.key, ...(taint.value !== undefined && { value: taint.value }), effect: taint.effect })),
      }),
      ...(pool.kubelet.cpuManagerPolicy !== undefined && { cpu_policy: pool.kubelet.cpuManagerPolicy }),
    },
    management: { ...POOL_MANAGEMENT },
  };
  if (pool.autoscaling) {
    body.auto_scaling = {
      enable: true,
      min_instances: pool.autoscaling.min,
      max_instances: pool.autoscaling.max,
      type: pool.autoscaling.type,
    };
  }
  return body;
}

export function attachBody(pool: NodePool): AttachInstancesBody | undefined {
  if (!pool.join) return undefined;
  return {
    instances: [...pool.join.instanceIds],
    format_disk: pool.join.formatDisk,
    keep_instance_name: pool.join.keepInstanceName,
    ...(pool.login.passwordFromEnv !== undefined && { password: envPlaceholder(pool.login.passwordFromEnv) }),
  };
}
