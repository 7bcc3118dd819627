/** The JSON Schema of the profile format, generated from the zod schema (for editors). */

import { z } from 'zod';
import { API_VERSION, profileSchema } from './schema.js';

export const SCHEMA_ID = 'https://ackl2.io/schema/ackl2-profile.schema.json';

export function profileJsonSchema(): Record<string, unknown> {
  const { $schema, ...generated } = z.toJSONSchema(profileSchema, { io: 'input' }) as Record<string, unknown>;
  return { $schema, $id: SCHEMA_ID, title: `ackl2 cluster profile (${API_VERSION})`, ...generated };
}

/** Exactly the text of schema/ackl2-profile.schema.json. */
export function profileJsonSchemaText(): string {
  return `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
}
