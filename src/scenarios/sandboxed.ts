import { z } from 'zod';
import type { Issue } from '../profile/issues.js';
import { isBareMetalType, kubernetesMinor, poolsOf, poolsOfDraft, violation } from './support.js';
import type { Scenario } from './types.js';

/** kubernetes_config.runtime of a sandboxed (Kata/runV) pool. */
export const SANDBOXED_RUNTIME = 'Sandboxed-Container.runv';
/** ACK supports Sandboxed-Container.runv on clusters up to this minor (SDK model docs of CreateClusterNodePool). */
export const SANDBOXED_MAX_MINOR = 31;
/** On Alibaba Cloud Linux 2, sandboxed pools need Kubernetes below this minor. */
export const SANDBOXED_ALINUX2_BELOW_MINOR = 30;
/** Sandboxed nodes keep container root filesystems on a data disk of at least this size (ACK runtime comparison docs). */
export const SANDBOXED_MIN_DATA_DISK_GIB = 200;

const options = z
  .strictObject({
    runtimeVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, { message: 'must be a version such as "2.2.0"' })
      .optional()
      .describe('Sandboxed-Container.runv version, e.g. "2.2.0" (default: the newest ACK offers).'),
  })
  .describe('Kata/runV sandboxed containers on ECS bare metal.');

type Options = z.output<typeof options>;

export const sandboxed: Scenario<Options> = {
  id: 'sandboxed',
  title: 'Sandboxed (Kata/runV) containers',
  seedSection: '3.2',
  summary: 'Pods run in lightweight VM sandboxes on ECS bare metal: isolation for multi-tenant and untrusted workloads.',
  scopes: ['pool'],
  options,
  sets: [`pool kubernetes_config.runtime = "${SANDBOXED_RUNTIME}" (+ runtime_version when given)`],
  requires: [
    'ECS bare metal instance types only (ecs.ebm*)',
    'no image.id: ACK picks its sandbox-ready image (so these pools are not pinned)',
    `Kubernetes 1.${SANDBOXED_MAX_MINOR} or older; on AliyunLinux2 older than 1.${SANDBOXED_ALINUX2_BELOW_MINOR}`,
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
      if (minor !== undefined && minor > SANDBOXED_MAX_MINOR) {
        issues.push(
          ...violation(use, 'sandboxed', ['cluster', 'kubernetesVersion'], `ACK offers ${SANDBOXED_RUNTIME} up to Kubernetes 1.${SANDBOXED_MAX_MINOR}, not ${version}`,
            `use kubernetesVersion 1.${SANDBOXED_ALINUX2_BELOW_MINOR - 2} (AliyunLinux2) or 1.${SANDBOXED_MAX_MINOR - 1} (AliyunLinux3)`),
        );
      } else if (minor !== undefined && pool.image.os === 'AliyunLinux2' && minor >= SANDBOXED_ALINUX2_BELOW_MINOR) {
        issues.push(
          ...violation(use, 'sandboxed', ['cluster', 'kubernetesVersion'], `on AliyunLinux2 needs Kubernetes older than 1.${SANDBOXED_ALINUX2_BELOW_MINOR}; the cluster asks for ${version}`,
            `use kubernetesVersion "1.28", or image.os: AliyunLinux3 for this pool`),
        );
      }
      if (!pool.dataDisks.some((disk) => disk.sizeGiB >= SANDBOXED_MIN_DATA_DISK_GIB)) {
        issues.push(
          ...violation(use, 'sandboxed', ['nodePools', index, 'dataDisks'], `needs a data disk of at least ${SANDBOXED_MIN_DATA_DISK_GIB} GiB for sandbox root filesystems`,
            `add dataDisks: [{ category: cloud_essd, sizeGiB: ${SANDBOXED_MIN_DATA_DISK_GIB} }]`),
        );
      }
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
