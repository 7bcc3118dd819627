import { z } from 'zod';
import { loadKernelModule } from '../plan/draft.js';
import type { Issue } from '../profile/issues.js';
import { poolsOfDraft, requireTuningKernel, violation } from './support.js';
import type { Scenario } from './types.js';

export const NODE_LOCAL_DNS_ADDON = 'ack-node-local-dns';
export const UDP_TIMEOUT_SYSCTL = 'net.netfilter.nf_conntrack_udp_timeout';
export const UDP_STREAM_TIMEOUT_SYSCTL = 'net.netfilter.nf_conntrack_udp_timeout_stream';

const options = z
  .strictObject({
    udpTimeoutSeconds: z.number().int().min(1).max(600).default(10).describe('Conntrack timeout of one-shot UDP flows (DNS queries).'),
    udpStreamTimeoutSeconds: z.number().int().min(1).max(3600).default(60).describe('Conntrack timeout of UDP flows that saw replies both ways.'),
    nodeLocalDns: z.boolean().default(false).describe('Install the ack-node-local-dns add-on.'),
  })
  .describe('Shorter UDP conntrack timeouts so DNS queries do not exhaust the conntrack table.');

type Options = z.output<typeof options>;

export const dnsConntrack: Scenario<Options> = {
  id: 'dnsConntrack',
  title: 'DNS / conntrack tuning',
  seedSection: '3.4',
  summary: 'UDP conntrack entries expire sooner, halving table use at the same DNS query rate.',
  scopes: ['cluster', 'pool'],
  options,
  sets: [
    `node sysctls ${UDP_TIMEOUT_SYSCTL} (default 10) and ${UDP_STREAM_TIMEOUT_SYSCTL} (default 60) via the pre-join script (module nf_conntrack loaded at boot so they apply)`,
    `with nodeLocalDns: cluster add-on ${NODE_LOCAL_DNS_ADDON} (a DNS cache on every node)`,
  ],
  requires: ['udpStreamTimeoutSeconds >= udpTimeoutSeconds', 'a 4.19+ kernel (AliyunLinux2 carries the conntrack optimisation)'],
  addons: (o) => (o.nodeLocalDns ? [{ name: NODE_LOCAL_DNS_ADDON }] : []),
  nodeSysctls: (o) => ({
    [UDP_TIMEOUT_SYSCTL]: String(o.udpTimeoutSeconds),
    [UDP_STREAM_TIMEOUT_SYSCTL]: String(o.udpStreamTimeoutSeconds),
  }),
  requirements(use, profile) {
    const issues: Issue[] = [];
    const { udpTimeoutSeconds, udpStreamTimeoutSeconds } = use.options;
    if (udpStreamTimeoutSeconds < udpTimeoutSeconds) {
      issues.push(
        ...violation(use, 'dnsConntrack', [...use.path, 'udpStreamTimeoutSeconds'],
          `udpStreamTimeoutSeconds (${udpStreamTimeoutSeconds}) is shorter than udpTimeoutSeconds (${udpTimeoutSeconds}): answered flows would expire before unanswered ones`,
          `set udpStreamTimeoutSeconds to ${udpTimeoutSeconds} or more`),
      );
    }
    issues.push(...requireTuningKernel(use, profile, 'dnsConntrack', 'the conntrack tuning'));
    return issues;
  },
  transform(use, draft) {
    // Without the module at boot, systemd-sysctl finds no net.netfilter.* keys and skips them.
    for (const pool of poolsOfDraft(use, draft)) loadKernelModule(pool, 'nf_conntrack', 'dnsConntrack');
  },
};
