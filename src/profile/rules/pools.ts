/** Node pool rules: sizing, image/OS match, login, sysctls, labels, and what pools must not share. */

import { isNamespacedSysctl, isSysctlName, isSysctlValue } from '../sysctl.js';
import { OS_FAMILIES, type NodePool, type OsFamily } from '../schema.js';
import { labelKeyProblem, labelValueProblem } from './labels.js';
import { error, repeats, type Rule, type RuleIssue } from './types.js';

export const poolRules: Rule = ({ pools }) => pools.flatMap(({ index, pool }) => checkPool(pool, ['nodePools', index]));

function checkPool(pool: NodePool, at: (string | number)[]): RuleIssue[] {
  const issues: RuleIssue[] = [];

  if (pool.desiredSize === undefined && pool.autoscaling === undefined) {
    issues.push(error(at, `pool "${pool.name}" needs desiredSize or autoscaling`, 'add desiredSize: 2 for a fixed size, or autoscaling: { min: 1, max: 5 }'));
  } else if (pool.desiredSize !== undefined && pool.autoscaling !== undefined) {
    issues.push(error([...at, 'autoscaling'], 'desiredSize and autoscaling are both set; a pool has one or the other', 'keep desiredSize for a fixed size, or autoscaling to let the autoscaler size it; write desiredSize: null to drop an inherited one', true));
  }
  if (pool.autoscaling && pool.autoscaling.min > pool.autoscaling.max) {
    issues.push(error([...at, 'autoscaling', 'min'], `autoscaling.min (${pool.autoscaling.min}) is greater than max (${pool.autoscaling.max})`, 'make min at most max'));
  }

  if (pool.image.id !== undefined) issues.push(...imageMatchesOs(pool.image.os, pool.image.id, [...at, 'image', 'id']));

  const { keyPair, passwordFromEnv } = pool.login;
  if (keyPair === undefined && passwordFromEnv === undefined) {
    issues.push(error([...at, 'login'], 'login needs keyPair or passwordFromEnv', 'add keyPair: NAME for an ECS key pair, or passwordFromEnv: NODE_PASSWORD'));
  } else if (keyPair !== undefined && passwordFromEnv !== undefined) {
    issues.push(error([...at, 'login', 'passwordFromEnv'], 'login has both keyPair and passwordFromEnv; use one', 'a key pair is the safer choice: remove passwordFromEnv', true));
  }

  for (const [name, value] of Object.entries(pool.sysctls)) {
    if (!isSysctlName(name)) {
      issues.push(error([...at, 'sysctls', name], `"${name.slice(0, 60)}" is not a sysctl name`, 'use a dotted lower-case name such as net.core.somaxconn', true));
    } else if (!isSysctlValue(value)) {
      issues.push(error([...at, 'sysctls', name], `the value of ${name} is not a plain sysctl value (it is written into a root shell script)`, 'use digits, words, ".", ":", "/", "-" and single spaces, e.g. "4096 87380 6291456"'));
    }
  }
  pool.allowedUnsafeSysctls.forEach((entry, i) => {
    if (!isNamespacedSysctl(entry)) {
      issues.push(error([...at, 'allowedUnsafeSysctls', i], `"${entry.slice(0, 60)}" is not a namespaced sysctl; pods cannot set it`, 'allowed: net.*, kernel.shm*, kernel.msg*, kernel.sem and fs.mqueue.*, as a name or a prefix.* pattern'));
    }
  });

  for (const [key, value] of Object.entries(pool.labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) issues.push(error([...at, 'labels', key], `label key "${key.slice(0, 60)}" is invalid: ${keyProblem}`, undefined, true));
    const valueProblem = labelValueProblem(value);
    if (valueProblem) issues.push(error([...at, 'labels', key], `label value ${valueProblem}`));
  }
  pool.taints.forEach((taint, i) => {
    const keyProblem = labelKeyProblem(taint.key);
    if (keyProblem) issues.push(error([...at, 'taints', i, 'key'], `taint key is invalid: ${keyProblem}`));
    const valueProblem = taint.value === undefined ? undefined : labelValueProblem(taint.value);
    if (valueProblem) issues.push(error([...at, 'taints', i, 'value'], `taint value ${valueProblem}`));
  });

  const lists = [
    ['instanceTypes', pool.instanceTypes, 'instance type'],
    ['vswitchIds', pool.vswitchIds ?? [], 'vSwitch'],
    ['allowedUnsafeSysctls', pool.allowedUnsafeSysctls, 'sysctl'],
  ] as const;
  for (const [field, list, what] of lists) {
    for (const [first, again] of repeats(list)) {
      issues.push(error([...at, field, again], `${what} ${list[again]} is listed twice`, `already at ${field}[${first}]; remove one`));
    }
  }
  return issues;
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
    const first = names.get(pool.name);
    if (first !== undefined) {
      issues.push(error(['nodePools', index, 'name'], `pool name "${pool.name}" is used twice`, `nodePools[${first}] already has it; pool names are unique because extends merges pools by name`));
    } else {
      names.set(pool.name, index);
    }
    (pool.join?.instanceIds ?? []).forEach((id, i) => {
      const owner = instances.get(id);
      const path = ['nodePools', index, 'join', 'instanceIds', i];
      if (owner === undefined) instances.set(id, { pool: pool.name, index });
      else if (owner.index === index) issues.push(error(path, `instance ${id} is listed twice in this pool`, 'remove one'));
      else issues.push(error(path, `instance ${id} is also listed in pool "${owner.pool}"`, 'an instance joins one pool only; remove it from one of them'));
    });
  }
  return issues;
};
