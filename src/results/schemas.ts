/**
 * The JSON result of each command, as one zod schema per command: the documented contract of
 * `--output json` (docs/results/*.schema.json are generated from these by scripts/gen.mjs, and
 * test/results checks real outputs from the emulator against them). The same names mean the
 * same thing everywhere: a resource is `{ name, id, state }`, `action` is one of ACTIONS, a
 * failed run is the same document with `ok: false` and `error`.
 */

import { z } from 'zod';

/** What a run did to one resource: every `action` of every result is one of these. */
export const ACTIONS = ['created', 'attached', 'configured', 'retried', 'repaired', 'waited', 'found', 'exists', 'submitted', 'pending', 'blocked', 'failed'] as const;
export type ResultAction = (typeof ACTIONS)[number];

const id = z.string().nullable().describe('The cloud id; null when it does not exist (yet).');
const state = z.string().nullable().describe("The cloud's state word; null when unknown.");

const issue = z
  .strictObject({
    severity: z.enum(['error', 'warning']),
    path: z.array(z.union([z.string(), z.number()])),
    message: z.string(),
    hint: z.string().optional(),
    location: z.strictObject({ file: z.string(), line: z.number().int(), col: z.number().int() }).optional(),
  })
  .describe('One located problem of a profile.');

export const errorSchema = z
  .looseObject({
    type: z.string().describe('The error class: UserError, ValidationFailed, CloudError, ConnectionFailed, OperationFailed, TimeoutError, Interrupted.'),
    message: z.string(),
    exitCode: z.number().int(),
    hint: z.string().optional().describe('What was left in place and how to resume or clean up, when it applies.'),
    code: z.string().optional(),
    requestId: z.string().optional(),
    action: z.string().optional(),
    outcome: z.enum(['not-sent', 'read', 'unknown']).optional().describe('ConnectionFailed: what became of the request.'),
    operation: z.string().optional(),
    taskId: z.string().optional(),
    stage: z.string().optional(),
    issues: z.array(issue).optional(),
  })
  .describe('Why the command failed (present exactly when ok is false).');

export const validateResult = z
  .strictObject({
    ok: z.boolean().describe('Every file is valid (under --strict: without warnings too).'),
    files: z.array(
      z.strictObject({
        file: z.string(),
        valid: z.boolean(),
        kind: z.enum(['profile', 'base']),
        issues: z.array(issue),
      }),
    ),
  })
  .describe('ackl2 validate -o json');

const joined = z.strictObject({
  pool: z.string(),
  instanceId: z.string(),
  result: z.enum(['attached', 'already-attached', 'submitted', 'failed']),
  message: z.string().optional(),
});

/** create and nodepool add: the same summary (nodepool add lists only its pools). */
export const applyResult = z
  .strictObject({
    ok: z.boolean(),
    profile: z.string(),
    region: z.string(),
    changed: z.boolean().describe('Whether this run sent any change to the cloud.'),
    cluster: z.strictObject({ name: z.string(), id, state, action: z.enum(ACTIONS), blockedBy: z.string().optional() }).optional(),
    nodePools: z.array(
      z.strictObject({
        name: z.string(),
        id,
        state,
        desiredSize: z.number().int().nullable(),
        nodes: z.number().int().nullable(),
        action: z.enum(ACTIONS),
        blockedBy: z.string().optional().describe('With action blocked: the operation it waits for.'),
      }),
    ),
    joined: z.array(joined),
    created: z.array(z.string()).describe('Operations this run applied. Each operation is in exactly one of created, found, pending, failed.'),
    found: z.array(z.string()).describe('Operations already done before this run.'),
    pending: z.array(z.string()).describe('Operations not finished (interrupted, timed out, --no-wait, blocked).'),
    failed: z.array(z.string()),
    apiCalls: z.number().int(),
    mutatingCalls: z.number().int(),
    retries: z.number().int(),
    throttled: z.number().int(),
    durationMs: z.number().int(),
    emulator: z.strictObject({ endpoint: z.string(), stateFile: z.string() }).optional(),
    error: errorSchema.optional(),
  })
  .describe('ackl2 create / nodepool add -o json');

/** Every documented result, by the file name of its JSON Schema in docs/results/. */
export const RESULT_SCHEMAS = {
  validate: validateResult,
  create: applyResult,
  'nodepool-add': applyResult,
} as const;

export function resultJsonSchemas(): { file: string; text: string }[] {
  return Object.entries(RESULT_SCHEMAS).map(([name, schema]) => ({
    file: `docs/results/${name}.schema.json`,
    text: `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: `ackl2 ${name.replace('-', ' ')} result`, ...z.toJSONSchema(schema, { io: 'output' }) }, null, 2)}\n`,
  }));
}
