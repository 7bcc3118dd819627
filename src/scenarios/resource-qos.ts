import * as z from 'zod';
import { addBootArgs, addManualStep } from '../plan/draft.js';
import type { Issue } from '../profile/issues.js';
import { isProSpec, poolsOfDraft, requireTuningKernel, runsCgroupV2, violation } from './support.js';
import { resourceQosKey } from './options.js';
import type { Scenario } from './types.js';

export const KOORDINATOR_ADDON = 'ack-koordinator';
/** PSI for cgroup v1 on Alibaba Cloud Linux: `psi=1` switches PSI on, `psi_v1=1` exposes it per cgroup v1. */
export const PSI_BOOT_ARGS = ['psi=1', 'psi_v1=1'] as const;
/** Present when the running kernel has PSI on: then no boot arguments and no reboot. */
export const PSI_PROC_DIR = '/proc/pressure';
/** ack-koordinator's SLO ConfigMap; memory QoS is off until it (or a pod/namespace annotation) turns it on. */
export const SLO_CONFIG_MAP = 'ack-slo-config';

/** `resource-qos-config` that turns memory QoS on cluster-wide for LS and BE pods ("Enable container memory QoS"). */
export const MEMORY_QOS_CONFIG = '{"clusterStrategy":{"lsClass":{"memoryQOS":{"enable":true}},"beClass":{"memoryQOS":{"enable":true}}}}';

/**
 * ACK's add-on API (ModifyClusterAddon) sets an add-on's own parameters, not this ConfigMap, and
 * ackl2 does not talk to the cluster's API server: the step is the user's, as one command.
 */
export const MEMORY_QOS_STEP =
  `memory QoS stays off until ${SLO_CONFIG_MAP} turns it on: kubectl -n kube-system create configmap ${SLO_CONFIG_MAP} ` +
  `--from-literal=resource-qos-config='${MEMORY_QOS_CONFIG}' --dry-run=client -o yaml | kubectl apply -f -`;


type Options = z.output<typeof resourceQosKey.options>;

export const resourceQos: Scenario<Options> = {
  ...resourceQosKey,
  title: 'Fine-grained resource QoS',
  seedSection: '3.5',
  summary: 'ack-koordinator with PSI, memory QoS and CPU/IO isolation for colocating online and batch work.',
  today: 'ack-koordinator; memory QoS is a manual ack-slo-config step; PSI reboot only on cgroup v1 without /proc/pressure, native on cgroup v2 (1.35+)',
  sets: [
    `cluster add-on ${KOORDINATOR_ADDON}`,
    `with memoryQos: nothing on its own; the plan lists the ${SLO_CONFIG_MAP} ConfigMap as a manual step and validate warns`,
    `with psi on cgroup v1 pools: kernel boot args ${PSI_BOOT_ARGS.join(' ')} via grubby in the pre-join script; a node reboots once, after joining, only if /proc/pressure is missing`,
    'with psi on cgroup v2 pools (container-optimized AliyunLinux3, Kubernetes 1.35+): nothing, PSI is native',
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
    if (use.options.memoryQos) {
      issues.push({
        severity: 'warning',
        path: use.path,
        message: `resourceQos: ackl2 installs ${KOORDINATOR_ADDON} but does not turn memory QoS on; it stays off until the ${SLO_CONFIG_MAP} ConfigMap (or a pod/namespace annotation) enables it`,
        hint: 'after create, do the manual step the plan lists; see docs/scenarios.md#resourceqos',
      });
    }
    issues.push(...requireTuningKernel(use, profile, 'resourceQos', 'PSI and memory QoS'));
    return issues;
  },
  transform(use, draft) {
    if (use.options.memoryQos) addManualStep(draft.cluster, 'resourceQos', MEMORY_QOS_STEP);
    if (!use.options.psi) return;
    for (const pool of poolsOfDraft(use, draft)) {
      if (runsCgroupV2(pool.pool.image.os, draft.profile.cluster.kubernetesVersion)) continue;
      addBootArgs(pool, PSI_BOOT_ARGS, 'resourceQos', PSI_PROC_DIR);
    }
  },
};
