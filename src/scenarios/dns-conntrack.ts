import * as z from 'zod';
import { addKubeObject, loadKernelModule } from '../plan/draft.js';
import { COREDNS_CONFIG_MAP, COREDNS_NAMESPACE, COREFILE_KEY, PREFER_UDP, PREFER_UDP_COREFILE } from '../kube/coredns.js';
import { namespaceWithLabels } from '../kube/namespace-labels.js';
import type { KubeObject } from '../kube/objects.js';
import { CILIUM_ARGS, TERWAY_CONF_KEY, TERWAY_CONFIG_MAP, TERWAY_NAMESPACE } from '../kube/terway-config.js';
import type { Issue } from '../profile/issues.js';
import type { Profile } from '../profile/schema.js';
import type { ProfilePath } from '../profile/issues.js';
import { poolsOfDraft, requireTuningKernel, samePath, violation } from './support.js';
import { usesDataPathV2 } from './terway-datapath-v2.js';
import { dnsConntrackKey } from './options.js';
import type { Scenario } from './types.js';

export const NODE_LOCAL_DNS_ADDON = 'ack-node-local-dns';
export const UDP_TIMEOUT_SYSCTL = 'net.netfilter.nf_conntrack_udp_timeout';
export const UDP_STREAM_TIMEOUT_SYSCTL = 'net.netfilter.nf_conntrack_udp_timeout_stream';
/** The namespace label ack-node-local-dns's admission webhook injects the cache's dnsConfig for ("Configure NodeLocal DNSCache"). */
export const NODE_LOCAL_DNS_INJECTION_LABEL = { 'node-local-dns-injection': 'enabled' } as const;
/** Namespaces the admission webhook ignores ("Configure NodeLocal DNSCache"): labelling them does nothing. */
export const NOT_INJECTED_NAMESPACES = ['kube-system', 'kube-public'] as const;
/**
 * Cilium's timeouts of non-TCP entries in the eBPF conntrack table, for pod-to-pod flows and for
 * flows to a Service such as kube-dns (cilium-agent command reference; Terway's DataPath V2 runs
 * Cilium's datapath and passes it cilium_args). The ACK pages name Cilium's size flags, not these.
 */
export const EBPF_UDP_TIMEOUT_FLAGS = ['--bpf-ct-timeout-regular-any', '--bpf-ct-timeout-service-any'] as const;
const ebpfTimeoutArgs = (seconds: number): string => EBPF_UDP_TIMEOUT_FLAGS.map((flag) => `${flag}=${seconds}s`).join(' ');

/** kube-system/coredns: the forward plug-in prefers UDP (what NodeLocal DNSCache needs from CoreDNS). */
const COREDNS_PREFER_UDP: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: COREDNS_CONFIG_MAP, namespace: COREDNS_NAMESPACE },
  data: { [COREFILE_KEY]: PREFER_UDP_COREFILE },
};

/** kube-system/eni-config with the eBPF UDP conntrack timeout in cilium_args. */
export function ebpfConntrackConfig(seconds: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: TERWAY_CONFIG_MAP, namespace: TERWAY_NAMESPACE },
    data: { [TERWAY_CONF_KEY]: JSON.stringify({ [CILIUM_ARGS]: ebpfTimeoutArgs(seconds) }) },
  };
}

type Options = z.output<typeof dnsConntrackKey.options>;

/** The use whose eBPF timeout the cluster gets: the top-level one, else the first pool's (transform order). */
function firstUse(profile: Profile): { path: ProfilePath; udpTimeoutSeconds: number } | undefined {
  const timeoutOf = (raw: unknown) => dnsConntrackKey.options.safeParse(raw).data?.udpTimeoutSeconds;
  const top = timeoutOf(profile.scenarios.dnsConntrack);
  if (profile.scenarios.dnsConntrack !== undefined) return top === undefined ? undefined : { path: ['scenarios', 'dnsConntrack'], udpTimeoutSeconds: top };
  for (const [index, pool] of profile.nodePools.entries()) {
    if (pool.scenarios.dnsConntrack === undefined) continue;
    const timeout = timeoutOf(pool.scenarios.dnsConntrack);
    return timeout === undefined ? undefined : { path: ['nodePools', index, 'scenarios', 'dnsConntrack'], udpTimeoutSeconds: timeout };
  }
  return undefined;
}

export const dnsConntrack: Scenario<Options> = {
  ...dnsConntrackKey,
  title: 'DNS / conntrack tuning',
  seedSection: '3.4',
  summary: 'UDP conntrack entries expire sooner, halving table use at the same DNS query rate.',
  today: 'nf_conntrack sysctls without DataPath V2; with it the eBPF UDP timeout in eni-config before pools; NodeLocal DNSCache: CoreDNS prefer_udp and namespace injection labels',
  sets: [
    `without DataPath V2: node sysctls ${UDP_TIMEOUT_SYSCTL} (default 10) and ${UDP_STREAM_TIMEOUT_SYSCTL} (default 60) via the pre-join script (module nf_conntrack loaded at boot so they apply)`,
    `with DataPath V2: no nf_conntrack sysctls (pod flows live in eBPF maps); the ebpf-conntrack step merges ${EBPF_UDP_TIMEOUT_FLAGS.join(' and ')} (=<udpTimeoutSeconds>s) into ${CILIUM_ARGS} of ${TERWAY_NAMESPACE}/${TERWAY_CONFIG_MAP} before any node pool is created, so Terway starts with it`,
    `with nodeLocalDns: cluster add-on ${NODE_LOCAL_DNS_ADDON}; the coredns step adds ${PREFER_UDP} to CoreDNS's forward plug-in (skipped where it is there already) and a dns-injection/<namespace> step labels each of injectNamespaces node-local-dns-injection=enabled`,
  ],
  requires: [
    'udpStreamTimeoutSeconds >= udpTimeoutSeconds',
    'a 4.19+ kernel (AliyunLinux2 carries the conntrack optimisation)',
    `with nodeLocalDns: injectNamespaces without ${NOT_INJECTED_NAMESPACES.join(' or ')} (the webhook ignores them)`,
    'under DataPath V2: one udpTimeoutSeconds for the whole cluster (the eBPF table is Terway\'s)',
    "the cluster's API server reachable from where ackl2 runs, for the kube steps (else they fail and the same command resumes them)",
  ],
  addons: (o) => (o.nodeLocalDns ? [{ name: NODE_LOCAL_DNS_ADDON }] : []),
  nodeSysctls: (o, profile): Record<string, string> =>
    usesDataPathV2(profile)
      ? {}
      : { [UDP_TIMEOUT_SYSCTL]: String(o.udpTimeoutSeconds), [UDP_STREAM_TIMEOUT_SYSCTL]: String(o.udpStreamTimeoutSeconds) },
  requirements(use, profile) {
    const issues: Issue[] = [];
    const { udpTimeoutSeconds, udpStreamTimeoutSeconds, nodeLocalDns, injectNamespaces } = use.options;
    if (udpStreamTimeoutSeconds < udpTimeoutSeconds) {
      issues.push(
        ...violation(use, 'dnsConntrack', [...use.path, 'udpStreamTimeoutSeconds'],
          `udpStreamTimeoutSeconds (${udpStreamTimeoutSeconds}) is shorter than udpTimeoutSeconds (${udpTimeoutSeconds}): answered flows would expire before unanswered ones`,
          `set udpStreamTimeoutSeconds to ${udpTimeoutSeconds} or more`),
      );
    }
    const first = firstUse(profile);
    if (usesDataPathV2(profile) && first && !samePath(first.path, use.path) && first.udpTimeoutSeconds !== udpTimeoutSeconds) {
      issues.push(
        ...violation(use, 'dnsConntrack', [...use.path, 'udpTimeoutSeconds'],
          `under DataPath V2 the UDP timeout is Terway's, one per cluster: ${udpTimeoutSeconds} differs from ${first.udpTimeoutSeconds} at ${first.path.join('.')}`,
          `use udpTimeoutSeconds: ${first.udpTimeoutSeconds} here, or set it once under the top-level scenarios.dnsConntrack`),
      );
    }
    if (nodeLocalDns) {
      injectNamespaces.forEach((namespace, index) => {
        if (!(NOT_INJECTED_NAMESPACES as readonly string[]).includes(namespace)) return;
        issues.push(
          ...violation(use, 'dnsConntrack', [...use.path, 'injectNamespaces', index],
            `NodeLocal DNSCache's admission webhook ignores pods in ${NOT_INJECTED_NAMESPACES.join(' and ')}, so labelling ${namespace} would do nothing`,
            `remove ${namespace} from injectNamespaces; give such pods the cache's dnsConfig by hand (docs/scenarios.md#dnsconntrack)`),
        );
      });
    }
    issues.push(...requireTuningKernel(use, profile, 'dnsConntrack', 'the conntrack tuning'));
    return issues;
  },
  transform(use, draft) {
    const { nodeLocalDns, injectNamespaces, udpTimeoutSeconds } = use.options;
    if (nodeLocalDns) {
      addKubeObject(draft.cluster, { id: 'coredns', object: COREDNS_PREFER_UDP, by: 'dnsConntrack', fact: `${PREFER_UDP} in the forward plug-in's block (NodeLocal DNSCache talks TCP to CoreDNS)` });
      for (const namespace of injectNamespaces) {
        addKubeObject(draft.cluster, {
          id: `dns-injection/${namespace}`,
          object: namespaceWithLabels(namespace, { ...NODE_LOCAL_DNS_INJECTION_LABEL }),
          by: 'dnsConntrack',
          fact: 'label node-local-dns-injection=enabled (new pods get the cache\'s dnsConfig; created when missing)',
        });
      }
    }
    if (usesDataPathV2(draft.profile)) {
      addKubeObject(draft.cluster, {
        id: 'ebpf-conntrack',
        object: ebpfConntrackConfig(udpTimeoutSeconds),
        by: 'dnsConntrack',
        fact: `${ebpfTimeoutArgs(udpTimeoutSeconds)} in ${CILIUM_ARGS} of ${TERWAY_CONF_KEY} (other flags and keys kept), before the node pools`,
        beforePools: true,
      });
      return;
    }
    // Without the module at boot, systemd-sysctl finds no net.netfilter.* keys and skips them.
    for (const pool of poolsOfDraft(use, draft)) loadKernelModule(pool, 'nf_conntrack', 'dnsConntrack');
  },
};
