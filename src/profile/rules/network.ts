/** Network rules across fields: pod/service overlap and what each plugin needs or forbids. */

import { formatCidr, overlaps, parseCidr } from '../cidr.js';
import { error, type Rule, type RuleIssue } from './types.js';

const NET = ['cluster', 'network'] as const;

export const networkRules: Rule = ({ network }, ctx) => {
  if (!network) return [];
  const issues: RuleIssue[] = [];
  const { value, written } = network;

  // Both were checked on their own by the schema; here only whether they collide.
  const pod = value.podCidr === undefined ? undefined : parseCidr(value.podCidr);
  const service = value.serviceCidr === undefined ? undefined : parseCidr(value.serviceCidr);
  if (pod?.ok && service?.ok && overlaps(pod.cidr, service.cidr)) {
    issues.push(error([...NET, 'podCidr'], `podCidr ${formatCidr(pod.cidr)} overlaps serviceCidr ${formatCidr(service.cidr)}`, 'pick blocks that do not overlap, e.g. podCidr 172.20.0.0/16 and serviceCidr 172.21.0.0/20'));
  }

  // A base that does not name the plugin leaves it to the profiles that extend it.
  if (ctx.partial && !written.has('plugin')) return issues;
  const needs = !ctx.partial;
  if (value.plugin === 'terway') {
    if (needs && !written.has('podVswitchIds')) issues.push(error([...NET, 'podVswitchIds'], 'terway needs podVswitchIds: the vSwitches pods take their IPs from', 'add podVswitchIds: [vsw-...] with one vSwitch per node zone, or set plugin: flannel with a podCidr'));
    if (written.has('podCidr')) issues.push(error([...NET, 'podCidr'], 'podCidr is for flannel; terway takes pod IPs from podVswitchIds', 'remove podCidr; in a profile that extends one, write podCidr: null', true));
  } else if (value.plugin === 'flannel') {
    if (needs && !written.has('podCidr')) issues.push(error([...NET, 'podCidr'], 'flannel needs podCidr: the overlay network pods take their IPs from', 'add podCidr: 172.20.0.0/16, a private block that overlaps neither the VPC nor serviceCidr'));
    if (written.has('podVswitchIds')) issues.push(error([...NET, 'podVswitchIds'], 'podVswitchIds are for terway; flannel takes pod IPs from podCidr', 'remove podVswitchIds; in a profile that extends one, write podVswitchIds: null', true));
  }
  return issues;
};
