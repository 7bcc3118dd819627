/**
 * Where a profile switches each scenario on: its key, the levels it may be written at, its
 * options schema and its former names. A leaf (zod only): the profile schema composes these,
 * and the scenario modules (src/scenarios/<id>.ts) spread them into their catalogue entries, so
 * the schema never imports the scenarios' behaviour (which uses the schema's types).
 */

import * as z from 'zod';

export const SCENARIO_IDS = [
  'terwayDataPathV2',
  'bbr',
  'sandboxed',
  'fastScale',
  'dnsConntrack',
  'resourceQos',
  'dataAcceleration',
  'podSysctls',
  'bfqIo',
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export type ScenarioScope = 'cluster' | 'pool';

export interface ScenarioKey<Options = unknown> {
  id: ScenarioId;
  scopes: readonly ScenarioScope[];
  /** Options schema (strict object; `{}` switches the scenario on with defaults). */
  options: z.ZodType<Options>;
  /**
   * Former keys still accepted with a one-line warning (`terwayIpvlan` for `terwayDataPathV2`),
   * each with why it was renamed.
   */
  aliases?: Readonly<Record<string, string>>;
}

/** The scenario's former name: Terway's IPvlan + eBPF mode, which DataPath V2 replaced. */
export const TERWAY_IPVLAN_ALIAS = 'terwayIpvlan';
/** The scan intervals CreateAutoscalingConfig accepts, in seconds. */
export const SCAN_INTERVALS = [15, 30, 60, 120, 180, 300] as const;

export const terwayDataPathV2Key = {
  id: 'terwayDataPathV2',
  scopes: ['cluster'],
  aliases: { [TERWAY_IPVLAN_ALIAS]: 'Terway replaced IPvlan with DataPath V2 (IPvlan deprecated in Terway 1.13)' },
  options: z
    .strictObject({
      networkPolicy: z.boolean().default(false).describe('Also enforce Kubernetes NetworkPolicy (eBPF-based under DataPath V2).'),
    })
    .describe('Terway DataPath V2: eBPF pod networking on shared ENIs (the successor of IPvlan + eBPF).'),
} satisfies ScenarioKey;

export const bbrKey = {
  id: 'bbr',
  scopes: ['cluster', 'pool'],
  options: z
    .strictObject({
      allowPodOverride: z
        .boolean()
        .default(true)
        .describe('Let pods choose their own congestion control (adds net.ipv4.tcp_congestion_control to allowedUnsafeSysctls).'),
    })
    .describe('BBR congestion control on nodes.'),
} satisfies ScenarioKey;

export const sandboxedKey = {
  id: 'sandboxed',
  scopes: ['pool'],
  options: z
    .strictObject({
      runtimeVersion: z
        .string()
        .regex(/^\d+\.\d+\.\d+$/, { message: 'must be a version such as "2.2.0"' })
        .optional()
        .describe('Sandboxed-Container.runv version, e.g. "2.2.0" (default: the newest ACK offers).'),
    })
    .describe('Kata/runV sandboxed containers on ECS bare metal.'),
} satisfies ScenarioKey;

export const fastScaleKey = {
  id: 'fastScale',
  scopes: ['cluster', 'pool'],
  options: z
    .strictObject({
      scalerType: z
        .enum(['goatscaler', 'cluster-autoscaler'])
        .default('goatscaler')
        .describe('goatscaler: instant node scaling (Kubernetes 1.24+); cluster-autoscaler: the classic autoscaler.'),
      scanIntervalSeconds: z.literal(SCAN_INTERVALS).default(15).describe('How often the autoscaler evaluates pending pods.'),
      scaleDownEnabled: z.boolean().default(true).describe('Let the autoscaler remove underused nodes.'),
      expander: z.enum(['least-waste', 'random', 'priority']).default('least-waste').describe('How the autoscaler picks the pool to grow.'),
    })
    .describe('Fast node autoscaling: Alibaba Cloud Linux 2 boots 29% faster than CentOS 7.'),
} satisfies ScenarioKey;

export const dnsConntrackKey = {
  id: 'dnsConntrack',
  scopes: ['cluster', 'pool'],
  options: z
    .strictObject({
      udpTimeoutSeconds: z.number().int().min(1).max(600).default(10).describe('Conntrack timeout of one-shot UDP flows (DNS queries).'),
      udpStreamTimeoutSeconds: z.number().int().min(1).max(3600).default(60).describe('Conntrack timeout of UDP flows that saw replies both ways.'),
      nodeLocalDns: z
        .boolean()
        .default(false)
        .describe('Install the ack-node-local-dns add-on; after create ackl2 tells CoreDNS to prefer UDP upstream and labels injectNamespaces for injection.'),
      injectNamespaces: z
        .array(
          z
            .string()
            .max(63)
            .regex(/^[a-z0-9]$|^[a-z0-9][-a-z0-9]*[a-z0-9]$/, { message: 'must be a Kubernetes namespace name (lowercase letters, digits and "-", at most 63)' }),
        )
        .min(1)
        .default(['default'])
        .describe('With nodeLocalDns: namespaces labelled node-local-dns-injection=enabled, whose new pods use the cache (created when missing).'),
    })
    .describe('Shorter UDP conntrack timeouts so DNS queries do not exhaust the conntrack table.'),
} satisfies ScenarioKey;

export const resourceQosKey = {
  id: 'resourceQos',
  scopes: ['cluster'],
  options: z
    .strictObject({
      memoryQos: z.boolean().default(true).describe('Memory QoS (memcg priorities, per-cgroup kswapd); needs ack.pro.*; ackl2 turns it on in ack-slo-config through the API server after create.'),
      psi: z.boolean().default(true).describe('PSI pressure metrics: native on cgroup v2; on cgroup v1 boot args psi=1 psi_v1=1 and one reboot where /proc/pressure is missing.'),
    })
    .describe('Fine-grained resource QoS for colocated workloads (ack-koordinator).'),
} satisfies ScenarioKey;

export const dataAccelerationKey = {
  id: 'dataAcceleration',
  scopes: ['cluster', 'pool'],
  options: z
    .strictObject({
      fluid: z.boolean().default(true).describe('Install the ack-fluid add-on (Fluid + Alluxio cache).'),
      readAheadKb: z.number().int().min(128).max(65536).default(4096).describe('read_ahead_kb for data disks.'),
    })
    .describe('AI and data acceleration: Fluid/Alluxio caching and streaming-read tuning.'),
} satisfies ScenarioKey;

export const podSysctlsKey = {
  id: 'podSysctls',
  scopes: ['cluster', 'pool'],
  options: z
    .strictObject({
      allow: z
        .array(z.string())
        .min(1)
        .default(['net.ipv4.tcp_keepalive_*'])
        .describe('Namespaced sysctls (or patterns ending in *) pods may set, e.g. net.ipv4.tcp_keepalive_time; default: the TCP keepalive family.'),
    })
    .describe('Pod-level sysctls: namespaced on the 4.19 kernel, set per pod.'),
} satisfies ScenarioKey;

export const bfqIoKey = {
  id: 'bfqIo',
  scopes: ['cluster', 'pool'],
  options: z
    .strictObject({
      disks: z
        .array(z.enum(['data', 'system', 'nvme']))
        .min(1)
        .default(['data'])
        .describe('Disk classes that get the bfq scheduler: data (virtio cloud data disks, the default), system (the system disk), nvme (NVMe disks). Opt in to system and nvme explicitly.'),
    })
    .describe('BFQ I/O scheduler on chosen disk classes for lower latency under mixed load.'),
} satisfies ScenarioKey;

/** Every scenario's key, in catalogue order (test/scenarios/catalogue.test.ts checks it against CATALOGUE). */
export const SCENARIO_KEYS: readonly ScenarioKey<any>[] = [terwayDataPathV2Key, bbrKey, sandboxedKey, fastScaleKey, dnsConntrackKey, resourceQosKey, dataAccelerationKey, podSysctlsKey, bfqIoKey];
