import { z } from 'zod';
import { allowUnsafeSysctl } from '../plan/draft.js';
import type { Issue } from '../profile/issues.js';
import { isNamespacedSysctl } from '../profile/sysctl.js';
import { poolsOfDraft, requireTuningKernel, violation } from './support.js';
import type { Scenario } from './types.js';

const options = z
  .strictObject({
    allow: z
      .array(z.string())
      .min(1)
      .default(['net.ipv4.tcp_keepalive_*'])
      .describe('Namespaced sysctls (or patterns ending in *) pods may set, e.g. net.ipv4.tcp_keepalive_time; default: the TCP keepalive family.'),
  })
  .describe('Pod-level sysctls: namespaced on the 4.19 kernel, set per pod.');

type Options = z.output<typeof options>;

export const podSysctls: Scenario<Options> = {
  id: 'podSysctls',
  title: 'Pod-level sysctls',
  seedSection: '3.7',
  summary: 'Lets pods set namespaced sysctls such as TCP keepalive and retransmission timeouts.',
  scopes: ['cluster', 'pool'],
  options,
  sets: ['kubelet allowedUnsafeSysctls (node_config.kubelet_configuration, camelCase inside) with the listed sysctls'],
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
    for (const pool of poolsOfDraft(use, draft)) for (const entry of use.options.allow) allowUnsafeSysctl(pool, entry, 'podSysctls');
  },
};
