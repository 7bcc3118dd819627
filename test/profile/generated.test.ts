/** The generated files are committed; they must match what the schema generates today. */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { profileJsonSchema, profileJsonSchemaText, SCHEMA_ID } from '../../src/profile/json-schema.js';
import { renderReference } from '../../src/profile/reference.js';

const committed = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const STALE = 'is stale: run `node scripts/gen.mjs` and commit the result';

describe('generated files', () => {
  it('schema/ackl2-profile.schema.json matches the zod schema', () => {
    expect(committed('schema/ackl2-profile.schema.json') === profileJsonSchemaText(), `schema/ackl2-profile.schema.json ${STALE}`).toBe(true);
  });

  it('docs/profile-reference.md matches the JSON Schema', () => {
    expect(committed('docs/profile-reference.md') === renderReference(profileJsonSchema()), `docs/profile-reference.md ${STALE}`).toBe(true);
  });

  it('the JSON Schema is an input schema with an id and a title', () => {
    const schema = profileJsonSchema() as { $id: string; title: string; required: string[]; additionalProperties: boolean; else: { required: string[] } };
    expect(schema.$id).toBe(SCHEMA_ID);
    expect(schema.title).toContain('ackl2/v1');
    // io: 'input': fields with defaults are optional for the author.
    expect(schema.else.required).toEqual(['apiVersion', 'kind', 'metadata', 'cluster', 'nodePools']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('requires everything of a complete profile and only apiVersion and kind of a base, keeping every type check', () => {
    type Skeleton = { required?: string[]; properties?: Record<string, Skeleton>; items?: Skeleton };
    const schema = profileJsonSchema() as { required: string[]; if: unknown; else: Skeleton; properties: Record<string, { required?: unknown; properties?: Record<string, unknown> }> };
    expect(schema.required).toEqual(['apiVersion', 'kind']);
    expect(schema.if).toEqual({ properties: { kind: { const: 'ClusterProfileBase' } }, required: ['kind'] });
    expect(schema.else.properties?.metadata?.required).toEqual(['name', 'region']);
    expect(schema.else.properties?.nodePools?.items?.required).toEqual(['name', 'instanceTypes', 'login']);
    expect(schema.else.properties?.cluster?.properties?.network?.required).toEqual(['vpcId', 'vswitchIds']);
    // No `required` is left in the type tree (it would bind bases too), while the types stay.
    expect(JSON.stringify(schema.properties)).not.toContain('"required"');
    expect(Object.keys(schema.properties.metadata?.properties ?? {})).toEqual(['name', 'region', 'tags']);
  });

  it('the reference documents every field of the schema, with a description', () => {
    const reference = renderReference(profileJsonSchema());
    const rows = reference.split('\n').filter((l) => l.startsWith('| `'));
    const undocumented = rows.filter((row) => row.split(' | ').at(-1)!.replace(/\|$/, '').trim() === '');
    expect(undocumented).toEqual([]);
    for (const field of ['`vswitchIds`', '`podVswitchIds`', '`desiredSize`', '`passwordFromEnv`', '`instanceIds`', '`udpTimeoutSeconds`']) {
      expect(reference).toContain(`| ${field} |`);
    }
  });
});
