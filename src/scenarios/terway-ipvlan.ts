import { z } from 'zod';
import { addonConfig } from '../plan/draft.js';
import type { Issue } from '../profile/issues.js';
import { requireTuningKernel, violation } from './support.js';
import type { Scenario } from './types.js';

/** The Terway add-on in ENI multi-IP mode; IPVlan is a key of its JSON config string. */
export const TERWAY_ADDON = 'terway-eniip';

const options = z
  .strictObject({
    networkPolicy: z.boolean().default(false).describe('Also enable Kubernetes NetworkPolicy in Terway.'),
  })
  .describe('Terway in IPVlan mode (eBPF, kernel 4.19 of Alibaba Cloud Linux 2).');

type Options = z.output<typeof options>;

export const terwayIpvlan: Scenario<Options> = {
  id: 'terwayIpvlan',
  title: 'Terway IPVlan container networking',
  seedSection: '3.1',
  summary: 'Terway ENI-multi-IP with IPVlan: up to 40% faster small-packet pod networking than bridge + policy routing.',
  scopes: ['cluster'],
  options,
  sets: [`cluster add-on ${TERWAY_ADDON} with config {"IPVlan":"true","NetworkPolicy":"<networkPolicy>"} (a JSON string)`],
  requires: [
    'cluster.network.plugin: terway, with podVswitchIds',
    'every node pool on a 4.19+ kernel (AliyunLinux2; AliyunLinux3 has 5.10): older kernels silently fall back to veth',
  ],
  addons: (o) => [{ name: TERWAY_ADDON, config: addonConfig({ IPVlan: 'true', NetworkPolicy: String(o.networkPolicy) }) }],
  requirements(use, profile) {
    const issues: Issue[] = [];
    const network = profile.cluster.network;
    if (network.plugin !== 'terway') {
      issues.push(
        ...violation(use, 'terwayIpvlan', ['cluster', 'network', 'plugin'], `needs the Terway network plugin, not "${network.plugin}"`,
          'set cluster.network.plugin: terway (with podVswitchIds instead of podCidr), or remove scenarios.terwayIpvlan'),
      );
    } else if (!network.podVswitchIds || network.podVswitchIds.length === 0) {
      issues.push(
        ...violation(use, 'terwayIpvlan', use.path, 'needs cluster.network.podVswitchIds, the vSwitches pods take their IPs from',
          'add cluster.network.podVswitchIds: one vSwitch per node zone'),
      );
    }
    issues.push(...requireTuningKernel(use, profile, 'terwayIpvlan', 'IPVlan + eBPF pod networking'));
    return issues;
  },
  transform() {
    // The add-on is all it takes; it is applied from `addons` above.
  },
};
