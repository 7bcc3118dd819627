/**
 * Checks planned bodies against the official SDK request models: every key must be a wire
 * name in the model's names() map, and every value must have the type its types() declares
 * (string, number, boolean, array, map or a nested model). Test-only: the SDKs never load
 * on the planner's path.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadCs } from '../../src/cloud/sdk.js';
import type { ApiName } from '../../src/plan/types.js';

const require = createRequire(import.meta.url);
// ackl2's loader: the model classes are required when first read, not all 669 at once
const cs = loadCs() as unknown as Record<string, unknown>;

export interface ModelClass {
  name: string;
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

export type ModelType = string | ModelClass | { type: 'array'; itemType: ModelType } | { type: 'map'; keyType: string; valueType: ModelType };

export function requestModel(api: ApiName): ModelClass {
  const model = cs[`${api}Request`];
  if (typeof model !== 'function') throw new Error(`@alicloud/cs20151215 has no ${api}Request`);
  return model as unknown as ModelClass;
}

const isModel = (type: unknown): type is ModelClass =>
  typeof type === 'function' && typeof (type as Partial<ModelClass>).names === 'function' && typeof (type as Partial<ModelClass>).types === 'function';

/** Every mismatch between a wire body and a model type, as "path: problem". */
export function checkAgainstModel(value: unknown, type: ModelType, path = '$'): string[] {
  if (isModel(type)) {
    if (!isPlainObject(value)) return [`${path}: expected an object for ${type.name}, got ${describe(value)}`];
    const byWire = new Map(Object.entries(type.names()).map(([field, wire]) => [wire, field]));
    const types = type.types();
    const problems: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      const field = byWire.get(key);
      if (field === undefined) {
        problems.push(`${path}.${key}: ${type.name} has no wire field "${key}"`);
        continue;
      }
      problems.push(...checkAgainstModel(item, types[field] as ModelType, `${path}.${key}`));
    }
    return problems;
  }
  if (typeof type === 'string') return checkPrimitive(value, type, path);
  if (type && typeof type === 'object' && type.type === 'array') {
    if (!Array.isArray(value)) return [`${path}: expected an array, got ${describe(value)}`];
    return value.flatMap((item, i) => checkAgainstModel(item, type.itemType, `${path}[${i}]`));
  }
  if (type && typeof type === 'object' && type.type === 'map') {
    if (!isPlainObject(value)) return [`${path}: expected a map, got ${describe(value)}`];
    return Object.entries(value).flatMap(([key, item]) => checkAgainstModel(item, type.valueType, `${path}.${key}`));
  }
  return [`${path}: the model declares a type this check does not know: ${JSON.stringify(type)}`];
}

function checkPrimitive(value: unknown, type: string, path: string): string[] {
  switch (type) {
    case 'any':
      return [];
    case 'string':
    case 'boolean':
      return typeof value === type ? [] : [`${path}: expected ${type}, got ${describe(value)}`];
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : [`${path}: expected number, got ${describe(value)}`];
    default:
      return [`${path}: unsupported model type "${type}"`];
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Method and path the SDK client uses for an action, with its path parameters as ackl2 placeholders. */
export function clientRoute(api: ApiName): { method: string; path: string } {
  const source = readFileSync(require.resolve('@alicloud/cs20151215/dist/client.js'), 'utf8');
  const match = new RegExp(`action: "${api}",[^}]*?pathname: \`([^\`]*)\`,\\s*method: "([A-Z]+)"`).exec(source);
  if (!match?.[1] || !match[2]) throw new Error(`no route for ${api} in the SDK client`);
  const path = match[1]
    .replace(/\$\{\$dara\.URL\.percentEncode\(ClusterId\)\}/g, '{cluster_id}')
    .replace(/\$\{\$dara\.URL\.percentEncode\(NodepoolId\)\}/g, '{nodepool_id}');
  return { method: match[2], path };
}
