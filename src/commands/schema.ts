import { profileJsonSchema } from '../profile/json-schema.js';
import type { CommandRun } from './context.js';

/** The profile JSON Schema on stdout (the same text as schema/ackl2-profile.schema.json). */
export const run: CommandRun<Record<string, unknown>> = async (_options, ctx) => {
  const schema = profileJsonSchema();
  ctx.reporter.result(schema, () => JSON.stringify(schema, null, 2));
};
