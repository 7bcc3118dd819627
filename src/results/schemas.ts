/**
 * The JSON result of each command, as one zod schema per command: the documented contract of
 * `--output json` (docs/results/*.schema.json are generated from these by scripts/gen.mjs, and
 * test/results checks real outputs from the emulator against them). The same names mean the
 * same thing everywhere: a resource is `{ name, id, state }`, `action` is one of ACTIONS, a
 * failed run is the same document with `ok: false` and `error`.
 */

import * as z from 'zod';

/** What a run did to one resource: every `action` of every result is one of these. */
export const ACTIONS = ['created', 'attached', 'configured', 'retried', 'repaired', 'waited', 'found', 'exists', 'submitted', 'pending', 'blocked', 'failed', 'deleted', 'absent'] as const;
export type ResultAction = (typeof ACTIONS)[number];

const id = z.string().nullable().describe('The cloud id; null when it does not exist (yet).');
const count = z.number().int().nullable();
const nodes = z
  .strictObject({ desired: count.describe('The size asked for; null when the pool autoscales or it is unknown.'), total: count, healthy: count, failed: count })
  .describe('Node counts: one object in every result; null where the cloud does not say.');
const clusterRef = z.strictObject({ name: z.string(), id: z.string(), state: z.string() });
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
    rejected: z
      .array(z.strictObject({ instanceId: z.string(), reason: z.string(), hint: z.string().optional() }))
      .optional()
      .describe('join: the instances refused before anything was sent, each with its reason.'),
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
        nodes,
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
    emulator: z.strictObject({ endpoint: z.string(), stateFile: z.string(), catalogue: z.string() }).optional(),
    error: errorSchema.optional(),
  })
  .describe('ackl2 create / nodepool add -o json');

const counters = { apiCalls: z.number().int(), mutatingCalls: z.number().int(), durationMs: z.number().int() };

export const nodepoolScaleResult = z
  .strictObject({
    ok: z.literal(true),
    cluster: z.strictObject({ name: z.string(), id: z.string() }),
    nodePool: z.strictObject({ name: z.string(), id: z.string(), state: z.string(), nodes }),
    previousSize: count,
    changed: z.boolean(),
    waited: z.boolean(),
    taskId: z.string().nullable(),
    ...counters,
  })
  .describe('ackl2 nodepool scale -o json');

export const joinResult = z
  .strictObject({
    ok: z.boolean(),
    cluster: z.strictObject({ name: z.string(), id: z.string() }).nullable(),
    nodePool: z.strictObject({ name: z.string(), id: z.string() }).nullable(),
    instances: z.array(joined).describe('One entry per instance, each in one state.'),
    attached: z.number().int(),
    alreadyAttached: z.number().int(),
    failed: z.number().int(),
    ...counters,
    error: errorSchema.optional(),
  })
  .describe('ackl2 join -o json');

export const deleteClusterResult = z
  .strictObject({
    ok: z.literal(true),
    cluster: z.strictObject({ name: z.string().optional(), id: z.string().optional(), region: z.string() }),
    action: z.enum(['deleted', 'submitted', 'absent']).describe('deleted (gone, --wait), submitted (being deleted), absent (nothing to delete).'),
    taskId: z.string().optional(),
  })
  .describe('ackl2 delete cluster -o json');

export const getClustersResult = z
  .strictObject({
    region: z.string(),
    clusters: z.array(
      z.strictObject({
        name: z.string(),
        id: z.string(),
        state: z.string(),
        kubernetesVersion: z.string().optional(),
        region: z.string(),
        spec: z.string().optional(),
        nodePools: z.number().int().optional().describe('How many node pools (absent while the cluster is being deleted).'),
        nodes,
        deletionProtection: z.boolean().optional(),
        profile: z.string().optional(),
        vpcId: z.string().optional(),
        created: z.string().optional(),
      }),
    ),
  })
  .describe('ackl2 get clusters -o json');

export const getNodepoolsResult = z
  .strictObject({
    region: z.string(),
    cluster: clusterRef,
    nodePools: z.array(
      z.strictObject({
        name: z.string(),
        id: z.string(),
        state: z.string(),
        autoscaling: z.strictObject({ min: z.number().int().optional(), max: z.number().int().optional(), type: z.string().optional() }).optional(),
        nodes,
        instanceTypes: z.array(z.string()),
        imageType: z.string().optional(),
        imageId: z.string().optional(),
        isDefault: z.boolean(),
        profile: z.string().optional(),
      }),
    ),
  })
  .describe('ackl2 get nodepools -o json');

export const getNodesResult = z
  .strictObject({
    region: z.string(),
    cluster: clusterRef,
    nodePool: z.strictObject({ name: z.string(), id: z.string() }).optional().describe('With --pool: the pool listed.'),
    nodes: z.array(
      z.strictObject({
        name: z.string().optional(),
        instanceId: z.string(),
        nodePool: z.strictObject({ name: z.string().nullable(), id: z.string() }).nullable(),
        state: z.string().optional(),
        instanceStatus: z.string().optional(),
        instanceType: z.string().optional(),
        ipAddresses: z.array(z.string()),
        imageId: z.string().optional(),
        created: z.string().optional(),
      }),
    ),
  })
  .describe('ackl2 get nodes -o json');

/** Every documented result, by the file name of its JSON Schema in docs/results/. */
export const RESULT_SCHEMAS = {
  validate: validateResult,
  create: applyResult,
  'nodepool-add': applyResult,
  'nodepool-scale': nodepoolScaleResult,
  join: joinResult,
  'delete-cluster': deleteClusterResult,
  'get-clusters': getClustersResult,
  'get-nodepools': getNodepoolsResult,
  'get-nodes': getNodesResult,
} as const;

export function resultJsonSchemas(): { file: string; text: string }[] {
  return Object.entries(RESULT_SCHEMAS).map(([name, schema]) => ({
    file: `docs/results/${name}.schema.json`,
    text: `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: `ackl2 ${name.replace('-', ' ')} result`, ...z.toJSONSchema(schema, { io: 'output' }) }, null, 2)}\n`,
  }));
}
