import * as z from 'zod';
import type { Issue } from '../profile/issues.js';
import { isBareMetalType, kubernetesMinor, poolsOf, poolsOfDraft, violation } from './support.js';
import { TERWAY_IPVLAN_ALIAS, usesDataPathV2 } from './terway-datapath-v2.js';
import { sandboxedKey } from './options.js';
import type { Scenario } from './types.js';

/** kubernetes_config.runtime of a sandboxed (Kata/runV) pool. */
export const SANDBOXED_RUNTIME = 'Sandboxed-Container.runv';
/**
 * ACK offers sandboxed node pools on Kubernetes 1.16 to 1.34 ("Node pool management in sandboxed
 * containers"); from 1.30 on Alibaba Cloud Linux 3 only.
 */
export const SANDBOXED_MIN_MINOR = 16;
export const SANDBOXED_MAX_MINOR = 34;
/** On Alibaba Cloud Linux 2, sandboxed pools need Kubernetes below this minor. */
export const SANDBOXED_ALINUX2_BELOW_MINOR = 30;
/** Sandboxed nodes keep container root filesystems on a data disk of at least this size (ACK runtime comparison docs). */
export const SANDBOXED_MIN_DATA_DISK_GIB = 200;


type Options = z.output<typeof sandboxedKey.options>;

export const sandboxed: Scenario<Options> = {
  ...sandboxedKey,
  title: 'Sandboxed (Kata/runV) containers',
  seedSection: '3.2',
  summary: 'Pods run in lightweight VM sandboxes on ECS bare metal: isolation for multi-tenant and untrusted workloads.',
  today: '1.16 to 1.34 only (AliyunLinux2 below 1.30, AliyunLinux3 from 1.30), bare metal, not with DataPath V2; none from 1.35',
  sets: [`pool kubernetes_config.runtime = "${SANDBOXED_RUNTIME}" (+ runtime_version when given)`],
  requires: [
    'ECS bare metal instance types only (ecs.ebm*)',
    'no image.id: ACK picks its sandbox-ready image (so these pools are not pinned)',
    `Kubernetes 1.${SANDBOXED_MIN_MINOR} to 1.${SANDBOXED_MAX_MINOR}; from 1.${SANDBOXED_ALINUX2_BELOW_MINOR} AliyunLinux3 only (AliyunLinux2 below 1.${SANDBOXED_ALINUX2_BELOW_MINOR})`,
    'Terway without DataPath V2 (terwayDataPathV2 off), or Flannel',
    `a data disk of at least ${SANDBOXED_MIN_DATA_DISK_GIB} GiB`,
  ],
  requirements(use, profile) {
    const issues: Issue[] = [];
    const version = profile.cluster.kubernetesVersion;
    const minor = kubernetesMinor(version);
    for (const [index, pool] of poolsOf(use, profile)) {
      pool.instanceTypes.forEach((type, j) => {
        if (isBareMetalType(type)) return;
        issues.push(
          ...violation(use, 'sandboxed', ['nodePools', index, 'instanceTypes', j], `runs only on ECS bare metal (ecs.ebm*); "${type}" is not`,
            'use bare-metal types such as ecs.ebmg7.32xlarge, or remove the sandboxed scenario from this pool'),
        );
      });
      if (pool.image.id !== undefined) {
        issues.push(
          ...violation(use, 'sandboxed', ['nodePools', index, 'image', 'id'], 'sandboxed pools use the image ACK prepares for the sandbox runtime, not a chosen image',
            'remove image.id from this pool (keep image.os); ackl2 does not pin sandboxed pools'),
        );
      }
      if (minor !== undefined && (minor < SANDBOXED_MIN_MINOR || minor > SANDBOXED_MAX_MINOR)) {
        issues.push(
          ...violation(use, 'sandboxed', ['cluster', 'kubernetesVersion'], `ACK offers ${SANDBOXED_RUNTIME} on Kubernetes 1.${SANDBOXED_MIN_MINOR} to 1.${SANDBOXED_MAX_MINOR}, not ${version}`,
            `use kubernetesVersion "1.${SANDBOXED_MAX_MINOR}" with image.os: AliyunLinux3 for this pool`),
        );
      } else if (minor !== undefined && pool.image.os === 'AliyunLinux2' && minor >= SANDBOXED_ALINUX2_BELOW_MINOR) {
        issues.push(
          ...violation(use, 'sandboxed', ['nodePools', index, 'image', 'os'], `from Kubernetes 1.${SANDBOXED_ALINUX2_BELOW_MINOR} sandboxed pools run AliyunLinux3 only; the cluster asks for ${version}`,
            'use image.os: AliyunLinux3 for this pool (AliyunLinux2 sandboxed pools need a cluster below 1.30)'),
        );
      }
      if (!pool.dataDisks.some((disk) => disk.sizeGiB >= SANDBOXED_MIN_DATA_DISK_GIB)) {
        issues.push(
          ...violation(use, 'sandboxed', ['nodePools', index, 'dataDisks'], `needs a data disk of at least ${SANDBOXED_MIN_DATA_DISK_GIB} GiB for sandbox root filesystems`,
            `add dataDisks: [{ category: cloud_essd, sizeGiB: ${SANDBOXED_MIN_DATA_DISK_GIB} }]`),
        );
      }
    }
    if (usesDataPathV2(profile)) {
      const key = (profile.scenarios as Record<string, unknown>).terwayDataPathV2 !== undefined ? 'terwayDataPathV2' : TERWAY_IPVLAN_ALIAS;
      issues.push(
        ...violation(use, 'sandboxed', ['scenarios', key], 'ACK refuses sandboxed node pools in clusters with Terway DataPath V2',
          `remove scenarios.${key} (plain Terway or Flannel), or run these tenants in a cluster of their own`),
      );
    }
    return issues;
  },
  transform(use, draft) {
    for (const pool of poolsOfDraft(use, draft)) {
      pool.tunings.add('sandboxed');
      const config = pool.body.kubernetes_config;
      config.runtime = SANDBOXED_RUNTIME;
      if (use.options.runtimeVersion !== undefined) config.runtime_version = use.options.runtimeVersion;
    }
  },
};
