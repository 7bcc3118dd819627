import * as z from 'zod';
import { allowUnsafeSysctl } from '../plan/draft.js';
import type { Issue } from '../profile/issues.js';
import { isNamespacedSysctl } from '../profile/sysctl.js';
import { kubernetesMinor, poolsOfDraft, requireTuningKernel, violation } from './support.js';
import { podSysctlsKey } from './options.js';
import type { Scenario } from './types.js';

/**
 * Sysctls Kubernetes treats as safe, with the minor they became safe in (kubelet
 * pkg/kubelet/sysctl/safe_sysctls.go; tcp_keepalive_* and tcp_fin_timeout by kubernetes#118846,
 * 1.29): pods set them without the kubelet's allowedUnsafeSysctls.
 */
export const SAFE_SYSCTLS_SINCE: Readonly<Record<string, number>> = {
  'kernel.shm_rmid_forced': 0,
  'net.ipv4.ip_local_port_range': 0,
  'net.ipv4.tcp_syncookies': 0,
  'net.ipv4.ping_group_range': 18,
  'net.ipv4.ip_unprivileged_port_start': 22,
  'net.ipv4.ip_local_reserved_ports': 27,
  'net.ipv4.tcp_keepalive_time': 29,
  'net.ipv4.tcp_fin_timeout': 29,
  'net.ipv4.tcp_keepalive_intvl': 29,
  'net.ipv4.tcp_keepalive_probes': 29,
};

/** True when pods may set `name` on this Kubernetes version without allowedUnsafeSysctls. */
export function isSafeSysctl(name: string, kubernetesVersion: string): boolean {
  const since = SAFE_SYSCTLS_SINCE[name];
  const minor = kubernetesMinor(kubernetesVersion);
  return since !== undefined && minor !== undefined && minor >= since;
}


type Options = z.output<typeof podSysctlsKey.options>;

export const podSysctls: Scenario<Options> = {
  ...podSysctlsKey,
  title: 'Pod-level sysctls',
  seedSection: '3.7',
  summary: 'Lets pods set namespaced sysctls such as TCP keepalive and retransmission timeouts.',
  today: 'allowedUnsafeSysctls minus sysctls safe on the version (tcp_keepalive_*, tcp_fin_timeout since 1.29)',
  sets: [
    'kubelet allowedUnsafeSysctls (node_config.kubelet_configuration, camelCase inside) with the listed sysctls',
    'except sysctls Kubernetes treats as safe on the cluster\'s version (tcp_keepalive_*, tcp_fin_timeout since 1.29; ip_local_port_range always): pods set those without it',
  ],
  requires: [
    'each entry a namespaced sysctl (net.*, kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*) or a prefix.* pattern',
    'a 4.19+ kernel, which namespaces these sysctls per pod',
  ],
  requirements(use, profile) {
    const issues: Issue[] = [];
    use.options.allow.forEach((entry, k) => {
      if (isNamespacedSysctl(entry)) return;
      issues.push(
        ...violation(use, 'podSysctls', [...use.path, 'allow', k], `"${entry}" is not a namespaced sysctl, so a pod cannot set it for itself alone`,
          'allow net.*, kernel.shm*, kernel.msg*, kernel.sem or fs.mqueue.* sysctls (or a prefix.* pattern such as net.ipv4.*); node-wide values go in the pool\'s sysctls'),
      );
    });
    issues.push(...requireTuningKernel(use, profile, 'podSysctls', 'per-pod sysctls'));
    return issues;
  },
  transform(use, draft) {
    const version = draft.profile.cluster.kubernetesVersion;
    const unsafe = use.options.allow.filter((entry) => !isSafeSysctl(entry, version));
    for (const pool of poolsOfDraft(use, draft)) {
      pool.tunings.add('podSysctls');
      for (const entry of unsafe) allowUnsafeSysctl(pool, entry, 'podSysctls');
    }
  },
};
