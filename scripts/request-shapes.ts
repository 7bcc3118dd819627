/**
 * Generates src/cloud/ack-request-shapes.ts from the official ACK SDK's request models: for
 * every ACK action whose JSON body the emulator stores and echoes back, the wire name and
 * declared type of each field, nested. The emulator refuses bodies whose values the SDK could
 * not read back (so a garbage ModifyClusterNodePool cannot make later answers unreadable).
 * request-shapes.test.ts fails when the file is stale; node scripts/gen.mjs rewrites it.
 */

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The actions (route names) and the request model of each. */
export const SHAPED_ACTIONS = {
  CreateCluster: 'CreateClusterRequest',
  ModifyCluster: 'ModifyClusterRequest',
  CreateClusterNodePool: 'CreateClusterNodePoolRequest',
  ModifyClusterNodePool: 'ModifyClusterNodePoolRequest',
  ScaleClusterNodePool: 'ScaleClusterNodePoolRequest',
  AttachInstancesToNodePool: 'AttachInstancesToNodePoolRequest',
  CreateAutoscalingConfig: 'CreateAutoscalingConfigRequest',
  ModifyNodePoolNodeConfig: 'ModifyNodePoolNodeConfigRequest',
  UpgradeCluster: 'UpgradeClusterRequest',
  UpgradeClusterNodepool: 'UpgradeClusterNodepoolRequest',
  RepairClusterNodePool: 'RepairClusterNodePoolRequest',
  CheckServiceRole: 'CheckServiceRoleRequest',
} as const;

interface ModelClass {
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

type Shape = string | { [field: string]: Shape };

function describe(type: unknown, seen: Set<unknown>): Shape {
  if (typeof type === 'string') return type;
  if (type !== null && typeof type === 'object' && (type as { type?: string }).type === 'array') return { '[]': describe((type as { itemType: unknown }).itemType, seen) };
  if (type !== null && typeof type === 'object' && (type as { type?: string }).type === 'map') return 'map';
  if (typeof type === 'function' && typeof (type as unknown as ModelClass).names === 'function') {
    const model = type as unknown as ModelClass;
    if (seen.has(model)) return 'map';
    seen.add(model);
    const names = model.names();
    const types = model.types();
    const out: Record<string, Shape> = {};
    for (const key of Object.keys(names).sort((a, b) => (names[a]! < names[b]! ? -1 : 1))) out[names[key]!] = describe(types[key], seen);
    seen.delete(model);
    return out;
  }
  return 'any';
}

export function generateRequestShapes(): string {
  const cs = require('@alicloud/cs20151215') as Record<string, unknown>;
  const shapes: Record<string, Shape> = {};
  for (const [action, model] of Object.entries(SHAPED_ACTIONS)) shapes[action] = describe(cs[model], new Set());
  const version = (require('@alicloud/cs20151215/package.json') as { version: string }).version;
  return [
    '// Generated from @alicloud/cs20151215 ' + version + ' request models by scripts/request-shapes.ts: do not edit.',
    '// Regenerate: node scripts/gen.mjs',
    '',
    '/** A scalar kind, `{"[]": item}` for an array, or an object\'s fields. */',
    'export type Shape = string | { [field: string]: Shape };',
    '',
    `export const REQUEST_SHAPES: Record<string, Shape> = ${JSON.stringify(shapes)};`,
    '',
  ].join('\n');
}
