/**
 * The pieces every command result is built from (src/results/schemas.ts), so the same thing
 * has the same name and shape in every result: a cloud id is `id`, node counts are one
 * `nodes` object, `action` is one of ACTIONS, a failure is `{ ok: false, error }`.
 */

import { z } from 'zod';

/** What a run did to one resource: every `action` of every result is one of these. */
export const ACTIONS = ['created', 'attached', 'configured', 'retried', 'repaired', 'updated', 'waited', 'found', 'exists', 'submitted', 'pending', 'blocked', 'failed', 'deleted', 'absent'] as const;
export type ResultAction = (typeof ACTIONS)[number];
export const action = z.enum(ACTIONS);

/** What `apply` would do to one resource (`diff`): the planned counterpart of ACTIONS. */
export const PLANNED_ACTIONS = ['create', 'update', 'none', 'unmanaged'] as const;

export const id = z.string().nullable().describe('The cloud id; null when it does not exist (yet).');
export const count = z.number().int().nullable();
export const nodes = z
  .strictObject({ desired: count.describe('The size asked for; null when the pool autoscales or it is unknown.'), total: count, healthy: count, failed: count })
  .describe('Node counts: one object in every result; null where the cloud does not say.');
export const state = z.string().nullable().describe("The cloud's state word; null when unknown.");
/** A reference to a cluster that exists. */
export const clusterRef = z.strictObject({ name: z.string(), id: z.string() });
export const clusterWithState = z.strictObject({ name: z.string(), id: z.string(), state: z.string() });
export const clusterInRegion = z.strictObject({ name: z.string(), id: z.string(), region: z.string() });
/** A reference to a node pool (`id` null when it does not exist). */
export const poolRef = z.strictObject({ name: z.string(), id: z.string().nullable() });
export const success = z.literal(true).describe('true: the command did what it was asked (a failure prints { ok: false, error }).');
export const counters = { apiCalls: z.number().int(), mutatingCalls: z.number().int(), durationMs: z.number().int() };

export const issue = z
  .strictObject({
    severity: z.enum(['error', 'warning']),
    path: z.array(z.union([z.string(), z.number()])).readonly(),
    message: z.string(),
    hint: z.string().optional(),
    location: z.strictObject({ file: z.string(), line: z.number().int(), col: z.number().int() }).optional(),
  })
  .describe('One located problem of a profile.');

export const errorSchema = z
  .looseObject({
    type: z.string().describe('The error class: UserError, ValidationFailed, CloudError, ConnectionFailed, OperationFailed, TimeoutError, Interrupted, InstancesRejected, FleetFailed.'),
    message: z.string(),
    exitCode: z.number().int(),
    hint: z.string().optional().describe('What was left in place and how to resume or clean up, when it applies.'),
    code: z.string().optional(),
    requestId: z.string().optional(),
    action: z.string().optional().describe('ConnectionFailed: the API action that was being called.'),
    outcome: z.enum(['not-sent', 'read', 'unknown']).optional().describe('ConnectionFailed: what became of the request.'),
    operation: z.string().optional(),
    taskId: z.string().optional(),
    stage: z.string().optional(),
    issues: z.array(issue).optional(),
    rejected: z
      .array(z.strictObject({ instanceId: z.string(), reason: z.string(), hint: z.string().optional() }))
      .optional()
      .describe('join: the instances refused before anything was sent, each with its reason.'),
  })
  .describe('Why the command failed (present exactly when ok is false).');

/** What every command prints when it fails before it has a result of its own (usage errors included). */
export const failureResult = z.strictObject({ ok: z.literal(false), error: errorSchema }).describe('A failed run: { ok: false, error }.');

/**
 * Several profiles in one run (create, apply, diff with several -f): one entry per profile,
 * each with the document a single-profile run prints.
 */
export function fleetResult(member: z.ZodType) {
  return z
    .strictObject({
      ok: z.boolean().describe('Every profile succeeded.'),
      profiles: z.array(
        z.strictObject({
          profile: z.string().describe("The profile's metadata.name."),
          file: z.string(),
          status: z.enum(['ok', 'failed', 'skipped']).describe('skipped: not started (--fail-fast, or interrupted).'),
          exitCode: z.number().int(),
          result: z.union([member, failureResult]).optional().describe('What a run of this profile alone prints.'),
          error: errorSchema.optional(),
        }),
      ),
    })
    .describe('With several profiles: one entry per profile.');
}
