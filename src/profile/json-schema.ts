/**
 * The JSON Schema of the profile format, generated from the zod schema (for editors).
 *
 * One schema serves both kinds of file: the types and keys apply to every file, and which keys
 * are required applies to complete profiles only (`kind: ClusterProfile`); a base
 * (`kind: ClusterProfileBase`) needs just apiVersion and kind. So every `required` list moves
 * out of the type tree into one "required skeleton" under `else`.
 */

import * as z from 'zod';
import { API_VERSION, BASE_KIND, EXTENSION_KEY_PREFIX, profileSchema } from './schema.js';

export const SCHEMA_ID = 'https://ackl2.io/schema/ackl2-profile.schema.json';

type Json = Record<string, unknown>;

export function profileJsonSchema(): Record<string, unknown> {
  const { $schema, ...generated } = z.toJSONSchema(profileSchema, { io: 'input' }) as Json;
  const { schema, skeleton } = splitRequired(generated);
  return {
    $schema,
    $id: SCHEMA_ID,
    title: `ackl2 cluster profile (${API_VERSION})`,
    ...schema,
    required: ['apiVersion', 'kind'],
    patternProperties: { [`^${EXTENSION_KEY_PREFIX}`]: { description: 'Ignored: a place for YAML anchors that the rest of the file refers to.' } },
    if: { properties: { kind: { const: BASE_KIND } }, required: ['kind'] },
    else: skeleton ?? {},
  };
}

/** The schema without any `required`, and a skeleton of just the `required` lists, mirroring it. */
export function splitRequired(node: Json): { schema: Json; skeleton: Json | undefined } {
  const schema: Json = {};
  const skeleton: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'required') {
      skeleton.required = value;
    } else if (key === 'properties' && isObject(value)) {
      const properties: Json = {};
      const nested: Json = {};
      for (const [name, field] of Object.entries(value)) {
        const split = isObject(field) ? splitRequired(field) : { schema: field as Json, skeleton: undefined };
        properties[name] = split.schema;
        if (split.skeleton) nested[name] = split.skeleton;
      }
      schema.properties = properties;
      if (Object.keys(nested).length > 0) skeleton.properties = nested;
    } else if (key === 'items' && isObject(value)) {
      const split = splitRequired(value);
      schema.items = split.schema;
      if (split.skeleton) skeleton.items = split.skeleton;
    } else {
      schema[key] = value;
    }
  }
  return { schema, skeleton: Object.keys(skeleton).length > 0 ? skeleton : undefined };
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Exactly the text of schema/ackl2-profile.schema.json. */
export function profileJsonSchemaText(): string {
  return `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
}
