/** Reading RPC parameters: flat strings, repeat lists (`Tag.1.Key`), JSON arrays, paging. */

import { ApiError } from '../api-error.js';
import { findRegion } from '../catalog.js';
import type { EmulatorState } from '../state.js';
import type { RegionWorld } from '../world.js';

export type Params = Record<string, string>;

export const ecsErrors = {
  missing: (name: string) => new ApiError(400, `Missing${name}`, `${name} is mandatory for this action.`),
  regionNotFound: (id: string) => new ApiError(404, 'InvalidRegionId.NotFound', `The specified RegionId does not exist. (${id})`),
  invalid: (name: string, value: string, detail: string) => new ApiError(400, `Invalid${name}.Malformed`, `The specified parameter ${name} is not valid: "${value}" ${detail}.`),
  invalidParameter: (message: string) => new ApiError(400, 'InvalidParameter', message),
};

export function requireRegion(state: EmulatorState, params: Params): RegionWorld {
  const regionId = params.RegionId;
  if (!regionId) throw ecsErrors.missing('RegionId');
  const region = findRegion(state, regionId);
  if (!region) throw ecsErrors.regionNotFound(regionId);
  return region;
}

/** `Name.1`, `Name.2`, ... in order. */
export function repeatList(params: Params, name: string): string[] {
  return Object.keys(params)
    .map((k) => new RegExp(`^${name}\\.(\\d+)$`).exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => params[m[0]] ?? '');
}

/** `Tag.1.Key` / `Tag.1.Value` pairs. */
export function keyValueList(params: Params, name: string): { key: string; value: string | undefined }[] {
  const indexes = new Set<number>();
  for (const k of Object.keys(params)) {
    const m = new RegExp(`^${name}\\.(\\d+)\\.(Key|Value)$`).exec(k);
    if (m) indexes.add(Number(m[1]));
  }
  return [...indexes].sort((a, b) => a - b).map((i) => ({ key: params[`${name}.${i}.Key`] ?? '', value: params[`${name}.${i}.Value`] }));
}

/** A JSON array of strings (`InstanceIds=["i-a","i-b"]`). */
export function jsonStringArray(params: Params, name: string, max: number): string[] | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw ecsErrors.invalid(name, raw, 'is not a JSON array of strings');
  }
  if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== 'string')) throw ecsErrors.invalid(name, raw, 'is not a JSON array of strings');
  if (parsed.length > max) throw ecsErrors.invalid(name, raw, `has more than ${max} items`);
  return parsed as string[];
}

export function commaList(params: Params, name: string): string[] | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function paging(params: Params, maxPageSize: number, defaultPageSize = 10): { pageNumber: number; pageSize: number } {
  const pageNumber = params.PageNumber === undefined ? 1 : Number(params.PageNumber);
  const pageSize = params.PageSize === undefined ? defaultPageSize : Number(params.PageSize);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw ecsErrors.invalidParameter(`The specified PageNumber "${params.PageNumber}" is not valid: a whole number from 1.`);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) {
    throw ecsErrors.invalidParameter(`The specified PageSize "${params.PageSize}" is not valid: a whole number from 1 to ${maxPageSize}.`);
  }
  return { pageNumber, pageSize };
}

export function page<T>(items: T[], p: { pageNumber: number; pageSize: number }): T[] {
  return items.slice((p.pageNumber - 1) * p.pageSize, p.pageNumber * p.pageSize);
}

/** `*` wildcards; without one, a case-sensitive substring (ECS "fuzzy" match). */
export function nameMatches(value: string, pattern: string | undefined): boolean {
  if (pattern === undefined || pattern === '') return true;
  if (!pattern.includes('*')) return value.includes(pattern);
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(value);
}

export function boolParam(params: Params, name: string): boolean | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  return raw === 'true';
}
