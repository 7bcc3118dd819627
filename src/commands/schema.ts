import { profileJsonSchema } from '../profile/json-schema.js';
import { defineCommand } from './define.js';

/** The profile JSON Schema on stdout (the same text as schema/ackl2-profile.schema.json). */
export default defineCommand({
  name: 'schema',
  description: 'JSON Schema of the profile format, for editors',
  options: {},
  examples: ['ackl2 schema > ackl2-profile.schema.json'],
  run: async (options, ctx) => {
    const schema = profileJsonSchema();
    ctx.reporter.result(schema, () => JSON.stringify(schema, null, 2));
  },
});
