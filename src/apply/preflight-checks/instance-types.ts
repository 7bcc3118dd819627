/** Each pool's instance types: offered in its vSwitches' zones, and enough Terway addresses for maxPods. */

import type { ProfilePath } from '../../profile/issues.js';
import { vswitchRefs, type PreflightTarget } from '../preflight-target.js';
import type { PreflightCheck } from './types.js';

export const instanceTypesOffered: PreflightCheck = {
  what: 'instance types in the zones',
  guards: ['create-cluster', 'create-pool', 'instance-types', 'vswitches'],
  needs: (target) => ({ zones: true, vswitches: vswitchRefs(target).all.map((r) => r.id) }),
  run: (facts, target, at) => {
    const byZone = new Map(facts.zones.map((z) => [z.zoneId, z]));
    const { byPool } = vswitchRefs(target);
    return target.pools.flatMap(({ pool, index }, k) => {
      const poolZones = [...new Set(byPool[k]!.map((r) => facts.vpcVswitches.get(r.id)?.zoneId).filter((z): z is string => z !== undefined))].sort();
      if (poolZones.length === 0) return [];
      return pool.instanceTypes.flatMap((type, j) => {
        const offered = poolZones.filter((z) => byZone.get(z)?.availableInstanceTypes.includes(type));
        const soldOut = poolZones.filter((z) => byZone.get(z)?.soldOutInstanceTypes.includes(type));
        const path: ProfilePath = ['nodePools', index, 'instanceTypes', j];
        if (offered.length === 0) {
          const anywhere = facts.zones.filter((z) => z.availableInstanceTypes.includes(type)).map((z) => z.zoneId).sort();
          const where = soldOut.length > 0 ? `is sold out in ${soldOut.join(', ')}` : `is not offered in ${poolZones.join(', ')}`;
          return [
            at(
              'error',
              path,
              `instance type ${type} ${where} (the zones of pool "${pool.name}"'s vSwitches)`,
              anywhere.length > 0 ? `it is offered in ${anywhere.join(', ')}: use a vSwitch there, or another instance type` : `${type} is not offered in ${facts.region}: pick another instance type`,
            ),
          ];
        }
        if (offered.length < poolZones.length) {
          const missing = poolZones.filter((z) => !offered.includes(z));
          return [at('warning', path, `instance type ${type} is not offered in ${missing.join(', ')}; pool "${pool.name}" gets it only in ${offered.join(', ')}`)];
        }
        return [];
      });
    });
  },
};

/**
 * Terway (shared ENI) gives a node's pods the secondary addresses of its extra ENIs: at most
 * (ENIs - 1) x (private IPs per ENI) pods per node, the primary ENI being the node's own.
 */
export function terwayPodCapacity(eniQuantity: number, ipsPerEni: number): number {
  return Math.max(0, eniQuantity - 1) * ipsPerEni;
}

const terwayTypes = (target: PreflightTarget): string[] =>
  target.profile.cluster.network.plugin === 'terway' ? [...new Set(target.pools.flatMap(({ pool }) => pool.instanceTypes))] : [];

export const terwayCapacityForMaxPods: PreflightCheck = {
  what: 'Terway pod addresses',
  guards: ['create-cluster', 'create-pool', 'instance-types', 'kubelet'],
  needs: (target) => ({ instanceTypes: terwayTypes(target) }),
  run: (facts, target, at) => {
    if (target.profile.cluster.network.plugin !== 'terway') return [];
    return target.pools.flatMap(({ pool, index }) => {
      const maxPods = pool.kubelet.maxPods;
      if (maxPods === undefined) return [];
      return pool.instanceTypes.flatMap((type, j) => {
        const info = facts.instanceTypes.get(type);
        if (info?.eniQuantity === undefined || info.eniPrivateIpAddressQuantity === undefined) return [];
        const capacity = terwayPodCapacity(info.eniQuantity, info.eniPrivateIpAddressQuantity);
        if (capacity >= maxPods) return [];
        return [
          at(
            'warning',
            ['nodePools', index, 'instanceTypes', j],
            `with Terway, ${type} can give at most ${capacity} pods an address ((${info.eniQuantity} ENIs - 1) x ${info.eniPrivateIpAddressQuantity} IPs), fewer than kubelet.maxPods ${maxPods} of pool "${pool.name}"`,
            `lower kubelet.maxPods to ${capacity}, or pick an instance type with more ENIs or IPs per ENI`,
          ),
        ];
      });
    });
  },
};
