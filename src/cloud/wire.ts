/**
 * Plan bodies are the wire format (snake_case, as the SDK models' `names()`); the SDK
 * clients take request models (camelCase properties). `toRequestModel` casts one into the
 * other with the SDK's own `$dara.cast`, then checks the round trip (`toMap()`), because
 * `cast` silently drops keys it does not know: a dropped key is a planner bug, never sent.
 */

import type { JsonObject, JsonValue } from '../json-types.js';
import { darabonba } from './sdk.js';

interface ModelInstance {
  toMap(): Record<string, unknown>;
}
export type ModelClass<M> = new (map?: Record<string, unknown>) => M;


/** Paths present in `sent` but missing or different in `back` (after the model round trip). */
export function lostInCast(sent: JsonValue, back: unknown, path = ''): string[] {
  if (sent === null || typeof sent !== 'object') {
    // cast converts numbers and booleans to the declared string type: same value on the wire.
    if (back === sent || (typeof back === 'string' && String(sent) === back)) return [];
    return [path || '(root)'];
  }
  if (Array.isArray(sent)) {
    if (!Array.isArray(back)) return [path || '(root)'];
    return sent.flatMap((item, index) => lostInCast(item, back[index], `${path}[${index}]`));
  }
  if (back === null || typeof back !== 'object' || Array.isArray(back)) return [path || '(root)'];
  const backRecord = back as Record<string, unknown>;
  return Object.entries(sent).flatMap(([key, value]) => {
    const childPath = path ? `${path}.${key}` : key;
    return key in backRecord ? lostInCast(value, backRecord[key], childPath) : [childPath];
  });
}

export async function toRequestModel<M extends ModelInstance>(body: JsonObject, Model: ModelClass<M>, action: string): Promise<M> {
  const model = darabonba().cast(body, new Model({}));
  const lost = lostInCast(body, model.toMap());
  if (lost.length > 0) {
    throw new Error(`${action}: the SDK request model does not carry ${lost.join(', ')} (a planner bug: the field would be dropped)`);
  }
  return model;
}
