/** Network rules: CIDR syntax and ranges, pod/service overlap, what each plugin needs. */

import { formatCidr, overlaps, parseCidr, POD_CIDR_MAX_MASK, privateBlockOf, SERVICE_CIDR_MASK, type Cidr } from '../cidr.js';
import { error, repeats, type Rule, type RuleIssue } from './types.js';

const NET = ['cluster', 'network'] as const;

export const networkRules: Rule = ({ network }) => {
  if (!network) return [];
  const issues: RuleIssue[] = [];

  const service = checkCidr(network.serviceCidr, 'serviceCidr', issues);
  if (service) {
    const block = privateBlockOf(service);
    if (!block || service.prefix < Math.max(SERVICE_CIDR_MASK.min, block.prefix) || service.prefix > SERVICE_CIDR_MASK.max) {
      issues.push(error([...NET, 'serviceCidr'], `serviceCidr must be a private block with a /${SERVICE_CIDR_MASK.min} to /${SERVICE_CIDR_MASK.max} mask`, 'ACK accepts 10.0.0.0/16-24, 172.16-31.0.0/16-24 and 192.168.0.0/16-24, e.g. 172.21.0.0/20'));
    }
  }

  let pod: Cidr | undefined;
  if (network.podCidr !== undefined) {
    pod = checkCidr(network.podCidr, 'podCidr', issues);
    if (pod) {
      const block = privateBlockOf(pod);
      if (!block) {
        issues.push(error([...NET, 'podCidr'], 'podCidr must be inside a private block: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16', 'e.g. 172.20.0.0/16'));
      } else if (pod.prefix > POD_CIDR_MAX_MASK) {
        issues.push(error([...NET, 'podCidr'], `podCidr /${pod.prefix} is too small for a cluster (at most /${POD_CIDR_MAX_MASK})`, 'each node takes a /26 of it by default; a /16 such as 172.20.0.0/16 fits over a thousand nodes'));
      }
    }
  }
  if (pod && service && overlaps(pod, service)) {
    issues.push(error([...NET, 'podCidr'], `podCidr ${formatCidr(pod)} overlaps serviceCidr ${formatCidr(service)}`, 'pick blocks that do not overlap, e.g. podCidr 172.20.0.0/16 and serviceCidr 172.21.0.0/20'));
  }

  if (network.plugin === 'terway') {
    if (!network.podVswitchIds) issues.push(error([...NET, 'podVswitchIds'], 'terway needs podVswitchIds: the vSwitches pods take their IPs from', 'add podVswitchIds: [vsw-...] with one vSwitch per node zone, or set plugin: flannel with a podCidr'));
    if (network.podCidr !== undefined) issues.push(error([...NET, 'podCidr'], 'podCidr is for flannel; terway takes pod IPs from podVswitchIds', 'remove podCidr; in a profile that extends one, write podCidr: null', true));
  } else {
    if (network.podCidr === undefined) issues.push(error([...NET, 'podCidr'], 'flannel needs podCidr: the overlay network pods take their IPs from', 'add podCidr: 172.20.0.0/16, a private block that overlaps neither the VPC nor serviceCidr'));
    if (network.podVswitchIds) issues.push(error([...NET, 'podVswitchIds'], 'podVswitchIds are for terway; flannel takes pod IPs from podCidr', 'remove podVswitchIds; in a profile that extends one, write podVswitchIds: null', true));
  }

  for (const list of ['vswitchIds', 'podVswitchIds'] as const) {
    for (const [first, again] of repeats(network[list] ?? [])) {
      issues.push(error([...NET, list, again], `vSwitch ${network[list]![again]} is listed twice`, `already at ${list}[${first}]; remove one`));
    }
  }
  return issues;
};

function checkCidr(text: string, field: 'podCidr' | 'serviceCidr', issues: RuleIssue[]): Cidr | undefined {
  const parsed = parseCidr(text);
  if (parsed.ok) return parsed.cidr;
  issues.push(error([...NET, field], `${field} ${parsed.reason}`, parsed.hint));
  return undefined;
}
