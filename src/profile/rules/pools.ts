/** Node pool rules across fields: how a pool is sized, its image against its OS, and what pools must not share. */

import { isGpuType } from '../../scenarios/support.js';
import { OS_FAMILIES, type OsFamily } from '../schema.js';
import { error, type Rule, type RuleIssue } from './types.js';

export const poolRules: Rule = ({ pools }, ctx) => {
  const issues: RuleIssue[] = [];
  for (const { index, pool } of pools) {
    const at = ['nodePools', index];
    const fixed = pool.written.has('desiredSize');
    const scaling = pool.written.has('autoscaling');
    if (!fixed && !scaling && !ctx.partial) {
      const name = pool.value.name === undefined ? 'this pool' : `pool "${pool.value.name}"`;
      issues.push(error(at, `${name} needs desiredSize or autoscaling`, 'add desiredSize: 2 for a fixed size, or autoscaling: { min: 1, max: 5 }'));
    } else if (fixed && scaling) {
      issues.push(error([...at, 'autoscaling'], 'desiredSize and autoscaling are both set; a pool has one or the other', 'keep desiredSize for a fixed size, or autoscaling to let the autoscaler size it; write desiredSize: null to drop an inherited one', true));
    }
    const image = pool.value.image;
    if (image?.id !== undefined) issues.push(...imageMatchesOs(image.os, image.id, [...at, 'image', 'id']));
    issues.push(...gpuScalingNeedsGpuTypes(pool.value.autoscaling?.type, pool.value.instanceTypes, [...at, 'autoscaling', 'type']));
  }
  return issues;
};

/** A GPU autoscaler over a pool of CPU types only would never find a node to add. */
function gpuScalingNeedsGpuTypes(type: string | undefined, instanceTypes: readonly string[] | undefined, path: (string | number)[]): RuleIssue[] {
  if ((type !== 'gpu' && type !== 'gpushare') || !instanceTypes || instanceTypes.length === 0 || instanceTypes.some(isGpuType)) return [];
  return [error(path, `autoscaling.type is ${type}, but the pool has no GPU instance type`, 'add GPU instance types (ecs.gn*, ecs.ebmgn*) to this pool, or use autoscaling.type: cpu')];
}

function imageMatchesOs(os: OsFamily, id: string, path: (string | number)[]): RuleIssue[] {
  const expected = OS_FAMILIES[os].imageIdPrefix;
  if (id.startsWith(expected)) return [];
  const actual = (Object.keys(OS_FAMILIES) as OsFamily[]).find((family) => id.startsWith(OS_FAMILIES[family].imageIdPrefix));
  if (actual) {
    return [error(path, `image.id is an ${actual} image but image.os is ${os}`, `set image.os: ${actual}, or pin an ${expected}... image with \`ackl2 pin\``)];
  }
  return [error(path, `image.id is not a public ${os} image (ids start with ${expected})`, `run \`ackl2 images --os ${os}\` for the ids, or \`ackl2 pin\` to fill it`)];
}

/** Pool names are unique; an ECS instance joins one pool only. */
export const crossPoolRules: Rule = ({ pools }) => {
  const issues: RuleIssue[] = [];
  const names = new Map<string, number>();
  const instances = new Map<string, { pool: string; index: number }>();
  for (const { index, pool } of pools) {
    const name = pool.value.name;
    if (name === undefined) continue;
    const first = names.get(name);
    if (first !== undefined) {
      issues.push(error(['nodePools', index, 'name'], `pool name "${name}" is used twice`, `nodePools[${first}] already has it; pool names are unique because extends merges pools by name`));
    } else {
      names.set(name, index);
    }
    // Repeats within one pool are the schema's to report.
    new Set(pool.value.join?.instanceIds ?? []).forEach((id) => {
      const owner = instances.get(id);
      if (owner === undefined) {
        instances.set(id, { pool: name, index });
      } else if (owner.index !== index) {
        const i = pool.value.join!.instanceIds.indexOf(id);
        issues.push(error(['nodePools', index, 'join', 'instanceIds', i], `instance ${id} is also listed in pool "${owner.pool}"`, 'an instance joins one pool only; remove it from one of them'));
      }
    });
  }
  return issues;
};
