import { z } from 'zod';
import { addBootArgs } from '../plan/draft.js';
import type { Issue } from '../profile/issues.js';
import { isProSpec, poolsOfDraft, requireTuningKernel, violation } from './support.js';
import type { Scenario } from './types.js';

export const KOORDINATOR_ADDON = 'ack-koordinator';
/** PSI for cgroup v1 on Alibaba Cloud Linux: `psi=1` switches PSI on, `psi_v1=1` exposes it per cgroup v1. */
export const PSI_BOOT_ARGS = ['psi=1', 'psi_v1=1'] as const;

const options = z
  .strictObject({
    memoryQos: z.boolean().default(true).describe('Memory QoS (memcg priorities, per-cgroup kswapd); needs ack.pro.*.'),
    psi: z.boolean().default(true).describe('Enable PSI pressure metrics (boot args psi=1 psi_v1=1, one reboot).'),
  })
  .describe('Fine-grained resource QoS for colocated workloads (ack-koordinator).');

type Options = z.output<typeof options>;

export const resourceQos: Scenario<Options> = {
  id: 'resourceQos',
  title: 'Fine-grained resource QoS',
  seedSection: '3.5',
  summary: 'ack-koordinator with PSI, memory QoS and CPU/IO isolation for colocating online and batch work.',
  scopes: ['cluster'],
  options,
  sets: [
    `cluster add-on ${KOORDINATOR_ADDON}`,
    `with psi: kernel boot args ${PSI_BOOT_ARGS.join(' ')} via grubby in the pre-join script; the node reboots once, after it has joined`,
  ],
  requires: ['cluster.spec ack.pro.* when memoryQos is on', 'a 4.19+ kernel (PSI, per-cgroup kswapd, memcg priority)'],
  addons: () => [{ name: KOORDINATOR_ADDON }],
  requirements(use, profile) {
    const issues: Issue[] = [];
    if (use.options.memoryQos && !isProSpec(profile.cluster.spec)) {
      issues.push(
        ...violation(use, 'resourceQos', ['cluster', 'spec'], `memory QoS needs an ACK Pro cluster (ack.pro.*), not ${profile.cluster.spec}`,
          'set cluster.spec: ack.pro.small, or memoryQos: false'),
      );
    }
    issues.push(...requireTuningKernel(use, profile, 'resourceQos', 'PSI and memory QoS'));
    return issues;
  },
  transform(use, draft) {
    if (!use.options.psi) return;
    for (const pool of poolsOfDraft(use, draft)) addBootArgs(pool, PSI_BOOT_ARGS, 'resourceQos');
  },
};
