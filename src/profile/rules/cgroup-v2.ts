/**
 * cgroup v2 from Kubernetes 1.35 ("ACK Kubernetes 1.35 release notes": kubelet refuses cgroup v1
 * nodes). ackl2 sends an AliyunLinux3 pool as the container-optimized image type there (cgroup v2,
 * "Migrate nodes to cgroup v2"), so a pinned plain Alibaba Cloud Linux 3 image would contradict it.
 */

import { KUBERNETES_MINOR, minorAtLeast } from '../../scenarios/support.js';
import { error, type Rule, type RuleIssue } from './types.js';

/** Public container-optimized Alibaba Cloud Linux 3 image ids (src/catalog/shared.ts). */
export const CONTAINER_OPTIMIZED_IMAGE_ID = /^aliyun_3_x64_[^_]+_container_optimized_/;

export const cgroupV2Rules: Rule = ({ pools, kubernetesVersion }) => {
  if (kubernetesVersion === undefined || !minorAtLeast(kubernetesVersion, KUBERNETES_MINOR.cgroupV2Only)) return [];
  const issues: RuleIssue[] = [];
  for (const { index, pool } of pools) {
    const image = pool.value.image;
    if (image?.os !== 'AliyunLinux3' || image.id === undefined || CONTAINER_OPTIMIZED_IMAGE_ID.test(image.id)) continue;
    issues.push(
      error(
        ['nodePools', index, 'image', 'id'],
        `${image.id} is a plain Alibaba Cloud Linux 3 image (cgroup v1); Kubernetes ${kubernetesVersion} runs cgroup v2 only, and ackl2 sends AliyunLinux3 pools as the container-optimized image there`,
        'pin a container-optimized image (aliyun_3_x64_20G_container_optimized_alibase_...), or remove image.id and run `ackl2 pin`',
      ),
    );
  }
  return issues;
};
