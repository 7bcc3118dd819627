/**
 * Reading the zod schema itself: which keys are known at a path (for "did you mean") and the
 * description of a field (for hints on missing keys). Works on zod's public `def` data.
 */

import type * as z from 'zod';
import type { ProfilePath } from './issues.js';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Optional, default, nullable and pipe wrappers, outermost first. */
function layers(schema: z.ZodType): z.ZodType[] {
  const out = [schema];
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) return out;
    out.push(inner);
    current = inner;
  }
}

function unwrap(schema: z.ZodType): z.ZodType {
  return layers(schema).at(-1)!;
}

/** The schema of the value at `path`, or undefined when the path leaves the schema. */
export function schemaAt(root: z.ZodType, path: ProfilePath): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const segment of path) {
    if (!current) return undefined;
    const def = defOf(unwrap(current));
    if (def.type === 'object') current = typeof segment === 'string' ? def.shape?.[segment] : undefined;
    else if (def.type === 'array') current = typeof segment === 'number' ? def.element : undefined;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
  }
  return current;
}

/** Keys a strict object at `path` accepts. */
export function knownKeysAt(root: z.ZodType, path: ProfilePath): string[] {
  const schema = schemaAt(root, path);
  if (!schema) return [];
  const def = defOf(unwrap(schema));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** The first description found on the field or its wrappers. */
export function descriptionAt(root: z.ZodType, path: ProfilePath): string | undefined {
  const schema = schemaAt(root, path);
  if (!schema) return undefined;
  for (const layer of layers(schema)) if (layer.description) return layer.description;
  return undefined;
}

/** The inclusive bounds of a number, or of a list's or text's length, at `path`. */
export function boundsAt(root: z.ZodType, path: ProfilePath): { min?: number | undefined; max?: number | undefined } {
  const schema = schemaAt(root, path);
  if (!schema) return {};
  const inner = unwrap(schema) as z.ZodType & { minValue?: number | null; maxValue?: number | null };
  const def = defOf(inner) as Def & { checks?: { _zod: { def: { check: string; minimum?: number; maximum?: number } } }[] };
  if (def.type === 'number') {
    const finite = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) || Math.abs(v) >= Number.MAX_SAFE_INTEGER ? undefined : v);
    return { min: finite(inner.minValue), max: finite(inner.maxValue) };
  }
  const bounds: { min?: number; max?: number } = {};
  for (const check of def.checks ?? []) {
    if (check._zod.def.check === 'min_length') bounds.min = check._zod.def.minimum;
    if (check._zod.def.check === 'max_length') bounds.max = check._zod.def.maximum;
  }
  return bounds;
}
