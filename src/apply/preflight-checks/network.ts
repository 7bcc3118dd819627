/** The VPC, its vSwitches, the CIDRs that must stay outside it, and the pod vSwitches' size. */

import type { ProfilePath } from '../../profile/issues.js';
import { overlaps, parseCidr } from '../../profile/cidr.js';
import type { Profile } from '../../profile/schema.js';
import type { Vpc } from '../../cloud/types.js';
import { vswitchRefs, type PreflightTarget } from '../preflight-target.js';
import type { PreflightCheck } from './types.js';

export const vpcExists: PreflightCheck = {
  what: 'VPC',
  guards: ['create-cluster', 'create-pool', 'vswitches'],
  needs: () => ({ vpc: true }),
  run: (facts, target, at) => {
    const network = target.profile.cluster.network;
    if (!facts.vpc) return [at('error', ['cluster', 'network', 'vpcId'], `VPC ${network.vpcId} does not exist in ${facts.region}`, 'check the id (aliyun vpc DescribeVpcs) and the region')];
    return cidrClashesWithVpc(network, facts.vpc).map(({ path, message, hint }) => at('error', path, message, hint));
  },
};

const vswitchNeeds = (target: PreflightTarget) => ({ vswitches: vswitchRefs(target).all.map((r) => r.id) });

export const vswitchesInVpc: PreflightCheck = {
  what: 'vSwitches',
  guards: ['create-cluster', 'create-pool', 'vswitches'],
  needs: vswitchNeeds,
  run: (facts, target, at) => {
    const network = target.profile.cluster.network;
    const reported = new Set<string>();
    return vswitchRefs(target).all.flatMap((ref) => {
      const key = `${ref.id}@${ref.path.join('.')}`;
      if (facts.vpcVswitches.has(ref.id) || reported.has(key)) return [];
      reported.add(key);
      const other = facts.foreignVswitches.get(ref.id);
      return [
        other
          ? at('error', ref.path, `vSwitch ${ref.id} belongs to VPC ${other.vpcId}, not ${network.vpcId}`, `use a vSwitch of ${network.vpcId}, or set cluster.network.vpcId to ${other.vpcId}`)
          : at('error', ref.path, `vSwitch ${ref.id} does not exist in ${facts.region}`, 'check the id (aliyun vpc DescribeVSwitches)'),
      ];
    });
  },
};

/**
 * Terway gives pods the addresses of the pod vSwitches. ACK's CreateCluster reference
 * (`pod_vswitch_ids` remarks, SDK 7.2.0): the pod vSwitch's mask should be at most 19 bits
 * and must be at most 25, or the cluster soon has no pod addresses left.
 */
export const POD_VSWITCH_MASK = { recommended: 19, largest: 25 } as const;

export const podVswitchMask: PreflightCheck = {
  what: 'pod vSwitches',
  guards: ['create-cluster'],
  needs: (target) => (target.profile.cluster.network.plugin === 'terway' ? vswitchNeeds(target) : {}),
  run: (facts, target, at) => {
    const network = target.profile.cluster.network;
    if (network.plugin !== 'terway') return [];
    return (network.podVswitchIds ?? []).flatMap((id, j) => {
      const cidr = facts.vpcVswitches.get(id)?.cidrBlock;
      const parsed = cidr ? parseCidr(cidr) : undefined;
      if (!parsed?.ok) return [];
      const mask = parsed.cidr.prefix;
      const path: ProfilePath = ['cluster', 'network', 'podVswitchIds', j];
      if (mask > POD_VSWITCH_MASK.largest) {
        return [at('error', path, `pod vSwitch ${id} is ${cidr}: a /${mask} leaves Terway too few pod addresses (ACK requires /${POD_VSWITCH_MASK.largest} or larger)`, `use a pod vSwitch of /${POD_VSWITCH_MASK.recommended} or larger`)];
      }
      if (mask > POD_VSWITCH_MASK.recommended) {
        return [at('warning', path, `pod vSwitch ${id} is ${cidr}; ACK recommends /${POD_VSWITCH_MASK.recommended} or larger for pod vSwitches`)];
      }
      return [];
    });
  },
};

/**
 * The service CIDR (and flannel's pod CIDR) must lie outside the VPC: the API refuses an
 * overlap only once CreateCluster is sent, so preflight says it first, at the profile line.
 */
export function cidrClashesWithVpc(network: Profile['cluster']['network'], vpc: Vpc): { path: ProfilePath; message: string; hint: string }[] {
  const vpcBlock = vpc.cidrBlock ? parseCidr(vpc.cidrBlock) : undefined;
  if (!vpcBlock?.ok) return [];
  const own: { key: 'serviceCidr' | 'podCidr'; value: string | undefined }[] = [
    { key: 'serviceCidr', value: network.serviceCidr },
    { key: 'podCidr', value: network.podCidr },
  ];
  return own.flatMap(({ key, value }) => {
    const block = value === undefined ? undefined : parseCidr(value);
    if (!block?.ok || !overlaps(block.cidr, vpcBlock.cidr)) return [];
    return [
      {
        path: ['cluster', 'network', key],
        message: `${key} ${value} overlaps the CIDR ${vpc.cidrBlock} of VPC ${vpc.vpcId}`,
        hint: `pick a block outside ${vpc.cidrBlock}, e.g. ${key === 'serviceCidr' ? '172.21.0.0/20' : '172.20.0.0/16'}`,
      },
    ];
  });
}
