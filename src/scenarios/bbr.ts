import * as z from 'zod';
import { allowUnsafeSysctl, loadKernelModule } from '../plan/draft.js';
import { poolsOfDraft, requireTuningKernel } from './support.js';
import { bbrKey } from './options.js';
import type { Scenario } from './types.js';

export const CONGESTION_CONTROL_SYSCTL = 'net.ipv4.tcp_congestion_control';


type Options = z.output<typeof bbrKey.options>;

export const bbr: Scenario<Options> = {
  ...bbrKey,
  title: 'BBR congestion control',
  seedSection: '2, 3.1',
  summary: 'fq qdisc + BBR on every node for steadier public-network bandwidth and faster image pulls.',
  today: 'AliyunLinux2 and 3, every version: fq + bbr sysctls, fq on existing NICs without a reboot',
  sets: [
    'node sysctls net.core.default_qdisc=fq and net.ipv4.tcp_congestion_control=bbr (pre-join script; modules tcp_bbr, sch_fq)',
    'the fq root qdisc on existing network interfaces that lack it (tc qdisc replace), so no reboot is needed',
    'with allowPodOverride: net.ipv4.tcp_congestion_control in the kubelet allowedUnsafeSysctls, so pods may choose',
  ],
  requires: ['a 4.19+ kernel: AliyunLinux2 ships BBR built (AliyunLinux3 too)'],
  nodeSysctls: () => ({ 'net.core.default_qdisc': 'fq', [CONGESTION_CONTROL_SYSCTL]: 'bbr' }),
  requirements: (use, profile) => requireTuningKernel(use, profile, 'bbr', 'BBR congestion control'),
  transform(use, draft) {
    for (const pool of poolsOfDraft(use, draft)) {
      loadKernelModule(pool, 'sch_fq', 'bbr');
      loadKernelModule(pool, 'tcp_bbr', 'bbr');
      pool.node.rootQdisc = 'fq';
      if (use.options.allowPodOverride) allowUnsafeSysctl(pool, CONGESTION_CONTROL_SYSCTL, 'bbr');
    }
  },
};
