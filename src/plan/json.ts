/** Typed bodies to canonical JSON: undefined keys dropped, object keys sorted, arrays kept in order. */

import type { JsonObject, JsonValue } from './types.js';

export function canonicalJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot put ${value} in a request body`);
    return value;
  }
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (typeof value === 'object') {
    const out: JsonObject = {};
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item !== undefined) out[key] = canonicalJson(item);
    }
    return out;
  }
  throw new Error(`cannot put a ${typeof value} in a request body`);
}

export function canonicalObject(value: object): JsonObject {
  return canonicalJson(value) as JsonObject;
}
