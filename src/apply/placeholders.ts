/**
 * Plans carry placeholders: `{cluster_id}` / `{nodepool_id:<pool>}` in paths, known only at
 * apply time, and `${env:NAME}` where a password is read from the environment (plans never
 * hold secrets). Substituted here, right before a call; the values read are secrets and go to
 * the Redactor.
 */

import { UserError } from '../errors.js';
import { ENV_PLACEHOLDER_PATTERN, type JsonObject, type JsonValue } from '../plan/types.js';

/** Every `${env:NAME}` in a body, with the dotted path where it sits. */
export function envPlaceholders(value: JsonValue, path = ''): { name: string; path: string }[] {
  if (typeof value === 'string') {
    const match = ENV_PLACEHOLDER_PATTERN.exec(value);
    return match ? [{ name: match[1]!, path }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => envPlaceholders(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => envPlaceholders(v, path ? `${path}.${k}` : k));
  return [];
}

export function resolveEnv<T extends JsonValue>(value: T, env: NodeJS.ProcessEnv, onSecret?: (secret: string) => void): T {
  if (typeof value === 'string') {
    const match = ENV_PLACEHOLDER_PATTERN.exec(value);
    if (!match) return value;
    const name = match[1]!;
    const secret = env[name];
    if (secret === undefined || secret === '') {
      throw new UserError(`environment variable ${name} is not set`, { hint: `export ${name} (the node login password the profile reads from it) and rerun` });
    }
    onSecret?.(secret);
    return secret as T;
  }
  if (Array.isArray(value)) return value.map((item) => resolveEnv(item, env, onSecret)) as T;
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveEnv(v, env, onSecret);
    return out as T;
  }
  return value;
}

/** The pool name a `{nodepool_id:<pool>}` path refers to. */
export function nodepoolOfPath(path: string): string | undefined {
  return /\{nodepool_id:([^}]+)\}/.exec(path)?.[1];
}
