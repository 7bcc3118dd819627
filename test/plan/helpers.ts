/** Plan helpers for tests: operations by id, bodies as plain records, decoded scripts. */

import type { Operation, Plan } from '../../src/plan/types.js';

export function op(plan: Plan, id: string): Operation {
  const found = plan.operations.find((o) => o.id === id);
  if (!found) throw new Error(`no operation ${id} in [${plan.operations.map((o) => o.id).join(', ')}]`);
  return found;
}

/** A nested field of a body by dotted path ("kubernetes_config.runtime"), for terse assertions. */
export function field(body: unknown, path: string): unknown {
  let value: unknown = body;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function decodedScript(plan: Plan, pool: string): string | undefined {
  const data = field(op(plan, `nodepool/${pool}`).body, 'kubernetes_config.pre_user_data');
  return typeof data === 'string' ? Buffer.from(data, 'base64').toString('utf8') : undefined;
}
