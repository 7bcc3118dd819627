import * as z from 'zod';
import { addManualStep, loadKernelModule } from '../plan/draft.js';
import type { Issue } from '../profile/issues.js';
import { poolsOfDraft, requireTuningKernel, violation } from './support.js';
import { usesDataPathV2 } from './terway-datapath-v2.js';
import { dnsConntrackKey } from './options.js';
import type { Scenario } from './types.js';

export const NODE_LOCAL_DNS_ADDON = 'ack-node-local-dns';
export const UDP_TIMEOUT_SYSCTL = 'net.netfilter.nf_conntrack_udp_timeout';
export const UDP_STREAM_TIMEOUT_SYSCTL = 'net.netfilter.nf_conntrack_udp_timeout_stream';
/** The namespace label ack-node-local-dns's admission webhook injects the cache's dnsConfig for. */
export const NODE_LOCAL_DNS_INJECTION_LABEL = 'node-local-dns-injection=enabled';

/**
 * What NodeLocal DNSCache needs besides the add-on ("Use the NodeLocal DNSCache component"):
 * CoreDNS's forward plug-in told to prefer UDP towards the VPC DNS first, and pods injected.
 */
export const NODE_LOCAL_DNS_STEP =
  'before pods use the cache, set CoreDNS\'s forward plug-in to prefer_udp (kubectl -n kube-system edit configmap coredns), then label each namespace whose pods should use it: ' +
  `kubectl label namespace NAME ${NODE_LOCAL_DNS_INJECTION_LABEL}`;

/**
 * Under Terway DataPath V2 pod flows are tracked in eBPF maps, not Linux conntrack ("Optimize
 * conntrack configurations in Terway"); their size and timeouts are Terway's `cilium_args`.
 */
export const EBPF_CONNTRACK_STEP = (seconds: number): string =>
  `pod DNS flows are tracked in eBPF under DataPath V2: add --bpf-ct-timeout-regular-any=${seconds}s to cilium_args in kube-system/eni-config (Terway's ConfigMap), then restart the terway-eniip pods`;


type Options = z.output<typeof dnsConntrackKey.options>;

export const dnsConntrack: Scenario<Options> = {
  ...dnsConntrackKey,
  title: 'DNS / conntrack tuning',
  seedSection: '3.4',
  summary: 'UDP conntrack entries expire sooner, halving table use at the same DNS query rate.',
  today: 'nf_conntrack sysctls without DataPath V2; with it an eBPF timeout manual step; NodeLocal DNSCache needs a manual CoreDNS and namespace step',
  sets: [
    `without DataPath V2: node sysctls ${UDP_TIMEOUT_SYSCTL} (default 10) and ${UDP_STREAM_TIMEOUT_SYSCTL} (default 60) via the pre-join script (module nf_conntrack loaded at boot so they apply)`,
    'with DataPath V2: no nf_conntrack sysctls (pod flows live in eBPF maps); the plan lists the eBPF conntrack timeout as a manual step, and validate warns',
    `with nodeLocalDns: cluster add-on ${NODE_LOCAL_DNS_ADDON}; the CoreDNS change and namespace labels are a manual step in the plan (validate warns)`,
  ],
  requires: ['udpStreamTimeoutSeconds >= udpTimeoutSeconds', 'a 4.19+ kernel (AliyunLinux2 carries the conntrack optimisation)'],
  addons: (o) => (o.nodeLocalDns ? [{ name: NODE_LOCAL_DNS_ADDON }] : []),
  nodeSysctls: (o, profile): Record<string, string> =>
    usesDataPathV2(profile)
      ? {}
      : { [UDP_TIMEOUT_SYSCTL]: String(o.udpTimeoutSeconds), [UDP_STREAM_TIMEOUT_SYSCTL]: String(o.udpStreamTimeoutSeconds) },
  requirements(use, profile) {
    const issues: Issue[] = [];
    const { udpTimeoutSeconds, udpStreamTimeoutSeconds, nodeLocalDns } = use.options;
    if (udpStreamTimeoutSeconds < udpTimeoutSeconds) {
      issues.push(
        ...violation(use, 'dnsConntrack', [...use.path, 'udpStreamTimeoutSeconds'],
          `udpStreamTimeoutSeconds (${udpStreamTimeoutSeconds}) is shorter than udpTimeoutSeconds (${udpTimeoutSeconds}): answered flows would expire before unanswered ones`,
          `set udpStreamTimeoutSeconds to ${udpTimeoutSeconds} or more`),
      );
    }
    if (usesDataPathV2(profile)) {
      issues.push({
        severity: 'warning',
        path: use.path,
        message: 'dnsConntrack: under Terway DataPath V2 pod DNS flows are tracked in eBPF maps, so nf_conntrack sysctls would not reach them; ackl2 does not set the eBPF timeout',
        hint: 'after create, do the manual step the plan lists (cilium_args in kube-system/eni-config); see docs/scenarios.md#dnsconntrack',
      });
    }
    if (nodeLocalDns) {
      issues.push({
        severity: 'warning',
        path: [...use.path, 'nodeLocalDns'],
        message: `dnsConntrack: ackl2 installs ${NODE_LOCAL_DNS_ADDON} only; pods use the cache after CoreDNS's forward change and in namespaces labelled ${NODE_LOCAL_DNS_INJECTION_LABEL}`,
        hint: 'after create, do the manual step the plan lists; see docs/scenarios.md#dnsconntrack',
      });
    }
    issues.push(...requireTuningKernel(use, profile, 'dnsConntrack', 'the conntrack tuning'));
    return issues;
  },
  transform(use, draft) {
    if (use.options.nodeLocalDns) addManualStep(draft.cluster, 'dnsConntrack', NODE_LOCAL_DNS_STEP);
    if (usesDataPathV2(draft.profile)) {
      addManualStep(draft.cluster, 'dnsConntrack', EBPF_CONNTRACK_STEP(use.options.udpTimeoutSeconds));
      return;
    }
    // Without the module at boot, systemd-sysctl finds no net.netfilter.* keys and skips them.
    for (const pool of poolsOfDraft(use, draft)) loadKernelModule(pool, 'nf_conntrack', 'dnsConntrack');
  },
};
