/** Small readers for untrusted JSON request bodies: wrong types read as absent. */

import type { Json, JsonObject } from './state.js';

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function obj(source: unknown, key: string): JsonObject | undefined {
  if (!isObject(source)) return undefined;
  const v = source[key];
  return isObject(v) ? v : undefined;
}

export function str(source: unknown, key: string): string | undefined {
  if (!isObject(source)) return undefined;
  const v = source[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function num(source: unknown, key: string): number | undefined {
  if (!isObject(source)) return undefined;
  const v = source[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function bool(source: unknown, key: string): boolean | undefined {
  if (!isObject(source)) return undefined;
  const v = source[key];
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export function strings(source: unknown, key: string): string[] | undefined {
  if (!isObject(source)) return undefined;
  const v = source[key];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'string' && v !== '') return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return undefined;
}

export function objects(source: unknown, key: string): JsonObject[] {
  if (!isObject(source)) return [];
  const v = source[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/** Deep merge for PUT-style updates: objects merge, everything else replaces. */
export function deepMerge(base: JsonObject, change: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(change)) {
    const current = out[k];
    out[k] = isObject(current) && isObject(v) ? deepMerge(current, v) : (v as Json);
  }
  return out;
}

/** Remove secrets before a request body is stored (state files and dumps never hold them). */
export function withoutSecrets(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (/password|secret|private_key/i.test(k)) continue;
    out[k] = withoutSecrets(v);
  }
  return out;
}
