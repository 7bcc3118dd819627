import * as z from 'zod';
import { addBootArgs, addKubeObject } from '../plan/draft.js';
import { RESOURCE_QOS_KEY, SLO_CONFIG_NAME, SLO_CONFIG_NAMESPACE, type ConfigMap } from '../kube/slo-config.js';
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
export const SLO_CONFIG_MAP = SLO_CONFIG_NAME;

/** `resource-qos-config` that turns memory QoS on cluster-wide for LS and BE pods ("Enable container memory QoS"). */
export const MEMORY_QOS_CONFIG = '{"clusterStrategy":{"lsClass":{"memoryQOS":{"enable":true}},"beClass":{"memoryQOS":{"enable":true}}}}';

/**
 * ACK's add-on API (ModifyClusterAddon) sets an add-on's own parameters, not this ConfigMap:
 * ackl2 merges it into the running cluster through its API server (the slo-config step).
 */
export const MEMORY_QOS_CONFIG_MAP: ConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: SLO_CONFIG_MAP, namespace: SLO_CONFIG_NAMESPACE },
  data: { [RESOURCE_QOS_KEY]: MEMORY_QOS_CONFIG },
};

type Options = z.output<typeof resourceQosKey.options>;

export const resourceQos: Scenario<Options> = {
  ...resourceQosKey,
  title: 'Fine-grained resource QoS',
  seedSection: '3.5',
  summary: 'ack-koordinator with PSI, memory QoS and CPU/IO isolation for colocating online and batch work.',
  today: 'ack-koordinator; memory QoS turned on by merging ack-slo-config through the API server after create; PSI reboot only on cgroup v1 without /proc/pressure, native on cgroup v2 (1.35+)',
  sets: [
    `cluster add-on ${KOORDINATOR_ADDON}`,
    `with memoryQos: the slo-config step merges ${RESOURCE_QOS_KEY} (memory QoS on for LS and BE pods) into kube-system/${SLO_CONFIG_MAP} through the cluster's API server once it runs; skipped when already on`,
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
    issues.push(...requireTuningKernel(use, profile, 'resourceQos', 'PSI and memory QoS'));
    return issues;
  },
  transform(use, draft) {
    if (use.options.memoryQos) {
      addKubeObject(draft.cluster, { id: 'slo-config', object: MEMORY_QOS_CONFIG_MAP, by: 'resourceQos', fact: `${RESOURCE_QOS_KEY} with memory QoS on for LS and BE pods` });
    }
    if (!use.options.psi) return;
    for (const pool of poolsOfDraft(use, draft)) {
      if (runsCgroupV2(pool.pool.image.os, draft.profile.cluster.kubernetesVersion)) continue;
      addBootArgs(pool, PSI_BOOT_ARGS, 'resourceQos', PSI_PROC_DIR);
    }
  },
};
