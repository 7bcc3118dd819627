/**
 * The types ACK's API holds a JSON body to, as its SDK's request models declare them
 * (REQUEST_SHAPES, generated). A value of the wrong type is refused with InvalidParameter, as
 * the cloud does, instead of being stored and echoed back in answers the SDKs cannot read.
 * Lenient where the SDKs' own casting is (numbers and booleans as strings, "true"/"false",
 * numeric strings for numbers); unknown fields are the API's to ignore.
 */

import { isObject } from '../json.js';
import { ackError } from './errors.js';
import { REQUEST_SHAPES, type Shape } from '../../cloud/ack-request-shapes.js';

export type { Shape } from '../../cloud/ack-request-shapes.js';

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return `${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`} (${text.length > 40 ? `${text.slice(0, 37)}...` : text})`;
}

function fits(value: unknown, kind: string): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    case 'number':
      return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && /^\d*\.?\d+$/.test(value));
    case 'boolean':
      return typeof value === 'boolean' || value === 0 || value === 1 || value === 'true' || value === 'false';
    case 'map':
      return isObject(value);
    default:
      return true;
  }
}

function check(value: unknown, shape: Shape, path: string): void {
  if (value === null || value === undefined) return;
  if (typeof shape === 'string') {
    if (!fits(value, shape)) throw ackError('invalidParameter', `${path} must be ${shape === 'map' ? 'an object' : `a ${shape}`}, not ${describeValue(value)}`);
    return;
  }
  const item = shape['[]'];
  if (item !== undefined) {
    if (!Array.isArray(value)) throw ackError('invalidParameter', `${path} must be an array, not ${describeValue(value)}`);
    value.forEach((element, index) => check(element, item, `${path}[${index}]`));
    return;
  }
  if (!isObject(value)) throw ackError('invalidParameter', `${path} must be an object, not ${describeValue(value)}`);
  for (const [field, fieldShape] of Object.entries(shape)) check(value[field], fieldShape, path ? `${path}.${field}` : field);
}

/** Throws InvalidParameter when a field of this action's body has a type the API does not take. */
export function checkRequestShape(action: string, body: unknown): void {
  const shape = REQUEST_SHAPES[action];
  if (shape !== undefined) check(body, shape, '');
}
