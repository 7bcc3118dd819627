/** Warnings: true today, worth acting on, never fatal unless --strict. */

import { poolAcceptsPinnedImage } from '../../scenarios/index.js';
import { isGpuType } from '../../scenarios/support.js';
import { warning, type Rule, type RuleIssue } from './types.js';

export const adviceRules: Rule = ({ pools }, ctx) => {
  if (ctx.partial) return [];
  const issues: RuleIssue[] = [];

  for (const { index, pool } of pools) {
    const { image, runtime, scenarios, name } = pool.value;
    if (image === undefined || image.id !== undefined || runtime === undefined || scenarios === undefined) continue;
    if (poolAcceptsPinnedImage({ runtime, scenarios })) {
      issues.push(warning(['nodePools', index, 'image'], `pool "${name ?? index}" has no pinned image.id: new nodes get whatever image is newest that day`, `run \`ackl2 pin -f ${ctx.file}\``));
    }
  }

  for (const { index, pool } of pools) {
    const { autoscaling, instanceTypes } = pool.value;
    if (!autoscaling || !instanceTypes || instanceTypes.length === 0) continue;
    const cpuOnly = instanceTypes.filter((type) => !isGpuType(type));
    // With no GPU type at all it is an error (see poolRules); a mix is only worth a word.
    if ((autoscaling.type === 'gpu' || autoscaling.type === 'gpushare') && cpuOnly.length > 0 && cpuOnly.length < instanceTypes.length) {
      issues.push(
        warning(['nodePools', index, 'autoscaling', 'type'], `autoscaling.type is ${autoscaling.type}, but ${cpuOnly.join(', ')} ${cpuOnly.length === 1 ? 'is not a GPU type' : 'are not GPU types'}`, 'use GPU instance types (ecs.gn*, ecs.ebmgn*) in this pool, or autoscaling.type: cpu'),
      );
    }
  }

  return issues;
};
