/**
 * A pool sysctl ACK sets as a node-pool OS parameter (src/scenarios/os-parameters.ts) must have
 * a value ACK takes: ackl2 sends it through ModifyNodePoolNodeConfig after the pool is created,
 * so a value ACK would refuse is reported here, offline, instead of after the pool exists.
 */

import { clusterTakesOsParameters, isAckOsSysctl, osSysctlValueProblem } from '../../scenarios/os-parameters.js';
import { error, type Rule, type RuleIssue } from './types.js';

export const osParameterRules: Rule = ({ pools, kubernetesVersion }) => {
  if (kubernetesVersion === undefined || !clusterTakesOsParameters(kubernetesVersion)) return [];
  const issues: RuleIssue[] = [];
  for (const { index, pool } of pools) {
    for (const [name, value] of Object.entries(pool.value.sysctls ?? {})) {
      if (!isAckOsSysctl(name)) continue;
      const problem = osSysctlValueProblem(name, value);
      if (problem === undefined) continue;
      issues.push(
        error(
          ['nodePools', index, 'sysctls', name],
          `${problem}: ACK sets ${name} as a node-pool OS parameter (ModifyNodePoolNodeConfig), which would refuse this value`,
          `write a value ACK takes for ${name}; see docs/scenarios.md#node-pool-os-parameters`,
        ),
      );
    }
  }
  return issues;
};
