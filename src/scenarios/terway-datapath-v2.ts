import * as z from 'zod';
import { addonConfig } from '../plan/draft.js';
import type { Issue } from '../profile/issues.js';
import type { Profile } from '../profile/schema.js';
import { KUBERNETES_MINOR, kernelAtLeast, kernelOf, minorAtLeast, poolsOf, violation } from './support.js';
import { TERWAY_IPVLAN_ALIAS, terwayDataPathV2Key } from './options.js';
import type { Scenario } from './types.js';

export { TERWAY_IPVLAN_ALIAS };

/** The Terway add-on in shared-ENI (multi-IP) mode. */
export const TERWAY_ADDON = 'terway-eniip';
/** DataPath V2 needs this kernel (Alibaba Cloud Linux 3); Alibaba Cloud Linux 2 has 4.19. */
export const DATAPATH_V2_KERNEL = '5.10';
/**
 * The add-on config key that asks for Terway's eBPF acceleration. Terway 1.8 and later turn it
 * into DataPath V2 (the only acceleration new clusters get; "Container networking FAQ").
 * *(unverified against a live CreateCluster: one constant to change.)*
 */
export const ACCELERATION_CONFIG_KEY = 'IPVlan';


type Options = z.output<typeof terwayDataPathV2Key.options>;

/** True when the profile switches Terway DataPath V2 on, under its name or the former one. */
export function usesDataPathV2(profile: Pick<Profile, 'scenarios'>): boolean {
  const scenarios = profile.scenarios as Record<string, unknown>;
  return scenarios.terwayDataPathV2 !== undefined || scenarios[TERWAY_IPVLAN_ALIAS] !== undefined;
}

export const terwayDataPathV2: Scenario<Options> = {
  ...terwayDataPathV2Key,
  title: 'Terway DataPath V2 container networking',
  seedSection: '3.1',
  summary: 'Terway shared-ENI pod networking accelerated by eBPF (DataPath V2, the successor of the seed article\'s IPvlan mode).',
  today: 'seed: IPvlan + eBPF on 4.19; today: DataPath V2 (Terway 1.8+) on AliyunLinux3 (5.10) only, no kube-proxy from 1.34, no sandboxed pools',
  sets: [
    `cluster add-on ${TERWAY_ADDON} with config {"${ACCELERATION_CONFIG_KEY}":"true","NetworkPolicy":"<networkPolicy>"} (a JSON string): DataPath V2 on Terway 1.8+`,
    `on Kubernetes 1.${KUBERNETES_MINOR.noKubeProxyWithDataPathV2}+: no proxy_mode (such clusters run no kube-proxy)`,
  ],
  requires: [
    'cluster.network.plugin: terway, with podVswitchIds',
    `every node pool on kernel ${DATAPATH_V2_KERNEL}+ (AliyunLinux3); AliyunLinux2 (4.19) cannot run DataPath V2`,
    'no sandboxed pools (ACK refuses sandboxed containers with DataPath V2)',
  ],
  addons: (o) => [{ name: TERWAY_ADDON, config: addonConfig({ [ACCELERATION_CONFIG_KEY]: 'true', NetworkPolicy: String(o.networkPolicy) }) }],
  requirements(use, profile) {
    const issues: Issue[] = [];
    const id = use.path[use.path.length - 1] === TERWAY_IPVLAN_ALIAS ? TERWAY_IPVLAN_ALIAS : 'terwayDataPathV2';
    const network = profile.cluster.network;
    if (network.plugin !== 'terway') {
      issues.push(
        ...violation(use, id, ['cluster', 'network', 'plugin'], `needs the Terway network plugin, not "${network.plugin}"`,
          `set cluster.network.plugin: terway (with podVswitchIds instead of podCidr), or remove scenarios.${id}`),
      );
    } else if (!network.podVswitchIds || network.podVswitchIds.length === 0) {
      issues.push(
        ...violation(use, id, use.path, 'needs cluster.network.podVswitchIds, the vSwitches pods take their IPs from',
          'add cluster.network.podVswitchIds: one vSwitch per node zone'),
      );
    }
    for (const [index, pool] of poolsOf(use, profile)) {
      if (kernelAtLeast(pool.image.os, DATAPATH_V2_KERNEL)) continue;
      issues.push(
        ...violation(use, id, ['nodePools', index, 'image', 'os'],
          `DataPath V2 needs kernel ${DATAPATH_V2_KERNEL} or newer; ${pool.image.os} has ${kernelOf(pool.image.os) ?? 'an unknown kernel'}`,
          `use image.os: AliyunLinux3 for this pool, or remove scenarios.${id}`),
      );
    }
    return issues;
  },
  transform(_use, draft) {
    // New 1.34+ DataPath V2 clusters route services in eBPF: a kube-proxy mode would mean nothing.
    if (minorAtLeast(draft.profile.cluster.kubernetesVersion, KUBERNETES_MINOR.noKubeProxyWithDataPathV2)) {
      delete draft.cluster.body.proxy_mode;
      draft.cluster.tunings.add('terwayDataPathV2');
    }
  },
};
