/**
 * The JSON result of each command, as one zod schema per command: the documented contract of
 * `--output json` (docs/results/*.schema.json are generated from these by scripts/gen.mjs, and
 * test/results checks real outputs from the emulator against them). Built from the shared
 * pieces of ./shared.ts, so the same names mean the same thing everywhere. Commands import
 * only the types (`import type`), so no schema loads on a command's start-up path.
 */

import * as z from 'zod';
import { action, clusterInRegion, clusterRef, clusterWithState, count, counters, errorSchema, failureResult, fleetResult, id, issue, nodes, PLANNED_ACTIONS, poolRef, state, success } from './shared.js';

export { ACTIONS, type ResultAction } from './shared.js';

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
  result: z.enum(['attached', 'already-attached', 'submitted', 'pending', 'failed']).describe('pending: not finished (interrupted or timed out).'),
  message: z.string().optional(),
});

/** create and nodepool add: the same summary (nodepool add lists only its pools). */
export const applyResult = z
  .strictObject({
    ok: z.boolean(),
    profile: z.string(),
    region: z.string(),
    changed: z.boolean().describe('Whether this run sent any change to the cloud.'),
    cluster: z.strictObject({ name: z.string(), id, state, action, blockedBy: z.string().optional() }).optional(),
    nodePools: z.array(
      z.strictObject({
        name: z.string(),
        id,
        state,
        nodes,
        action,
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

export const nodepoolScaleResult = z
  .strictObject({
    ok: success,
    cluster: clusterRef,
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
    cluster: clusterRef.nullable(),
    nodePool: clusterRef.nullable().describe('The pool joined to: { name, id }.'),
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
    ok: success,
    cluster: z.strictObject({ name: z.string().optional(), id: z.string().optional(), region: z.string() }),
    action: z.enum(['deleted', 'submitted', 'absent']).describe('deleted (gone, --wait), submitted (being deleted), absent (nothing to delete).'),
    taskId: z.string().optional(),
  })
  .describe('ackl2 delete cluster -o json');

export const getClustersResult = z
  .strictObject({
    ok: success,
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
    ok: success,
    region: z.string(),
    cluster: clusterWithState,
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
    ok: success,
    region: z.string(),
    cluster: clusterWithState,
    nodePool: clusterRef.optional().describe('With --pool: the pool listed.'),
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

export const applyCommandResult = applyResult
  .extend({
    updates: z
      .strictObject({
        changed: z.boolean().describe('Whether this run changed anything in place (also when it then failed or was stopped).'),
        applied: z.array(
          z.strictObject({
            operation: z.string().describe('update/cluster, update/<pool>, delete/<pool> (--prune).'),
            action: action.describe('updated / deleted: done; failed: this change failed; pending: cut short by Ctrl-C or --timeout (what was sent goes on in the cloud, a rerun resumes it).'),
            taskIds: z.array(z.string()).describe("The cloud's tasks of this change, also of one that failed or is pending."),
          }),
        ),
        manual: z.array(z.string()).describe('Differences no API changes in place (recreate the pool), each a sentence.'),
        kept: z.array(z.string()).describe('Live values not in the profile that were kept (tags; --prune removes them), each a sentence.'),
        unmanaged: z.array(poolRef.extend({ id: z.string() })).describe('Live pools the profile does not name (deleted with --prune).'),
      })
      .optional()
      .describe('What was changed in place once everything missing existed; absent while the cluster is not there yet. In a failed or interrupted run (ok: false) it says what was applied before the failure.'),
  })
  .describe('ackl2 apply -o json');

const operation = z.strictObject({
  id: z.string().describe('The operation id: cluster, nodepool/<pool>, join/<pool>, autoscaler, os-parameters/<pool>, and the kube steps slo-config, coredns, dns-injection/<namespace>, ebpf-conntrack.'),
  api: z.enum(['CreateCluster', 'CreateClusterNodePool', 'AttachInstancesToNodePool', 'CreateAutoscalingConfig', 'ModifyNodePoolNodeConfig', 'ApplyConfigMap', 'ApplyNamespace']),
  method: z.enum(['POST', 'PUT', 'GET', 'DELETE']),
  path: z.string().describe('ROA path; {cluster_id} and {nodepool_id:<pool>} are filled in at apply time. ApplyConfigMap, ApplyNamespace: the Kubernetes API path of the object.'),
  body: z.record(z.string(), z.unknown()).describe('The request body exactly as sent; a secret read from the environment is the placeholder ${env:NAME}.'),
  dependsOn: z.array(z.string()),
  inline: z
    .literal(true)
    .optional()
    .describe("A node pool sent inside CreateCluster's nodepools[] when the run creates the cluster (no CreateClusterNodePool then); sent as CreateClusterNodePool when the cluster exists."),
});
const plan = { profile: z.string(), region: z.string(), operations: z.array(operation) };

export const planResult = z.strictObject(plan).describe('One profile: its plan, exactly as the planner made it (no ok: the plan is the document).');
export const plansResult = z.strictObject({ plans: z.array(planResult) }).describe('Several profiles: one plan each.');

export const diffResult = z
  .strictObject({
    ok: success.describe('true: the comparison ran (with --exit-code the run exits 1 when differs is true).'),
    profile: z.string(),
    region: z.string(),
    differs: z.boolean().describe('Anything to create, update or prune.'),
    unverifiable: z.number().int().describe('Fields ACK does not return, so not compared.'),
    resources: z.array(
      z.strictObject({
        operation: z.string().describe('cluster or nodepool/<pool>.'),
        kind: z.enum(['cluster', 'nodepool']),
        name: z.string(),
        id,
        action: z.enum(PLANNED_ACTIONS).describe('What apply would do: create (missing), update (a field differs), none, unmanaged (live, not in the profile).'),
        fields: z.array(
          z.strictObject({
            field: z.string(),
            want: z.string(),
            have: z.string(),
            status: z.enum(['equal', 'differs', 'unverifiable']),
            change: z.enum(['modify-pool', 'kubelet', 'modify-cluster', 'cluster-tags', 'upgrade-cluster', 'upgrade-pool', 'replace-os', 'os-parameters', 'none']).describe('The API that applies it; none: recreate the pool.'),
          }),
        ),
      }),
    ),
  })
  .describe('ackl2 diff -o json');

export const nodepoolDeleteResult = z
  .strictObject({
    ok: success,
    cluster: clusterRef,
    nodePool: poolRef,
    action: z.enum(['deleted', 'absent']).describe('deleted, or absent (nothing to delete: already gone).'),
    taskId: z.string().nullable(),
  })
  .describe('ackl2 nodepool delete -o json');

const kubeconfigBase = {
  ok: success,
  cluster: clusterInRegion,
  context: z.string(),
  endpoint: z.enum(['public', 'private']),
  server: z.string().optional().describe('The API server URL, when the kubeconfig names one.'),
  expiration: z.string().optional().describe('When the credentials expire (ISO 8601), when ACK says.'),
  file: z.string(),
};
export const kubeconfigWrittenResult = z.strictObject({ ...kubeconfigBase, merged: z.literal(false) }).describe('--write PATH: written alone.');
export const kubeconfigMergedResult = z
  .strictObject({ ...kubeconfigBase, merged: z.literal(true), replaced: z.boolean(), currentContext: z.string().nullable() })
  .describe('Merged into ~/.kube/config (or the first file of $KUBECONFIG).');
export const kubeconfigDocument = z
  .looseObject({ apiVersion: z.literal('v1'), kind: z.literal('Config'), clusters: z.array(z.unknown()), contexts: z.array(z.unknown()), users: z.array(z.unknown()) })
  .describe('--write -: the kubeconfig itself (it holds credentials).');

const placement = {
  placement: z.enum(['in-place', 'added']).optional().describe('in-place: where the file writes it; added: to the -f file (an inherited value).'),
  line: z.number().int().optional(),
  inheritedFrom: z.string().optional().describe('FILE:LINE:COL of the base that wrote the old value.'),
};
export const pinResult = z
  .strictObject({
    ok: success,
    file: z.string(),
    check: z.boolean(),
    changed: z.boolean(),
    written: z.boolean(),
    kubernetesVersion: z.strictObject({ old: z.string(), new: z.string(), changed: z.boolean(), ...placement }),
    nodePools: z.array(
      z.strictObject({
        name: z.string(),
        os: z.string(),
        old: z.string().nullable().describe('The image id before.'),
        new: z.string().nullable().describe('The newest image id; null for a pool that keeps none.'),
        changed: z.boolean(),
        skipped: z.string().optional().describe('Why the pool keeps no image.id.'),
        imageCreated: z.string().optional(),
        ...placement,
      }),
    ),
  })
  .describe('ackl2 pin -o json');

export const migrateResult = z
  .strictObject({
    ok: success,
    file: z.string(),
    to: z.string(),
    catalogue: z.string(),
    changed: z.boolean(),
    written: z.boolean(),
    changes: z.array(
      z.strictObject({
        what: z.string(),
        kind: z.string(),
        old: z.string().nullable(),
        new: z.string().nullable(),
        why: z.string(),
        line: z.number().int(),
        placement: z.enum(['in-place', 'added']),
        inheritedFrom: z.string().optional(),
      }),
    ),
    notes: z.array(z.strictObject({ what: z.string(), message: z.string() })),
    diff: z.string().describe('The change as a unified diff.'),
  })
  .describe('ackl2 migrate -o json');

export const imagesResult = z
  .strictObject({
    ok: success,
    region: z.string(),
    os: z.string(),
    imageFamily: z.string(),
    imageType: z.string(),
    images: z.array(
      z.strictObject({
        imageId: z.string().describe('ECS ids keep their ECS names (imageId, instanceId).'),
        name: z.string().optional(),
        created: z.string().optional(),
        sizeGiB: z.number().optional(),
        architecture: z.string().optional(),
        osName: z.string().optional(),
      }),
    ),
  })
  .describe('ackl2 images -o json');

export const scenariosResult = z
  .strictObject({
    ok: success,
    scenarios: z.array(
      z.strictObject({
        id: z.string(),
        title: z.string(),
        seedSection: z.string(),
        scopes: z.array(z.string()),
        summary: z.string(),
        today: z.string(),
        sets: z.array(z.string()),
        requires: z.array(z.string()),
        options: z.record(z.string(), z.unknown()).describe("The JSON Schema of the scenario's options."),
      }),
    ),
  })
  .describe('ackl2 scenarios -o json');

export const profilesResult = z
  .strictObject({
    ok: success,
    profiles: z.array(
      z.strictObject({
        name: z.string(),
        path: z.string(),
        description: z.string(),
        kind: z.enum(['profile', 'base']),
        scenarios: z.array(z.string()),
        extends: z.array(z.string()),
        os: z.array(z.string()),
        catalogue: z.string().nullable(),
      }),
    ),
  })
  .describe('ackl2 profiles -o json');
export const profilePathResult = z.strictObject({ ok: success, name: z.string(), path: z.string() }).describe('ackl2 profiles --path NAME -o json');

export const schemaResult = z
  .looseObject({ $schema: z.string(), title: z.string() })
  .describe('ackl2 schema: the JSON Schema of the profile format itself (schema/ackl2-profile.schema.json), no ok: it is meant to be saved as a file.');

export const emulatorResult = z
  .strictObject({
    ok: success,
    endpoint: z.string().describe('The URL (ACKL2_ENDPOINT).'),
    host: z.string().describe('What the official SDKs take as Config.endpoint with protocol http.'),
    accessKeyId: z.string(),
    accessKeySecret: z.string().describe("The emulator's own throwaway key, printed by design."),
    region: z.string(),
    token: z.string().describe('Bearer token of the control calls that change the emulator.'),
    catalogue: z.string(),
  })
  .describe('ackl2 emulator -o json: one line once ready.');

/** The result a command prints: one of its shapes, or the failure every command may print. */
function oneOf(description: string, ...shapes: [z.ZodType, ...z.ZodType[]]) {
  return z.union([...shapes, failureResult]).describe(description);
}

/**
 * Every command's result, by the file name of its JSON Schema in docs/results/ (the command's
 * words joined by `-`). test/results fails for a command of the registry without one.
 */
export const RESULT_SCHEMAS = {
  validate: oneOf('ackl2 validate -o json', validateResult),
  plan: oneOf('ackl2 plan -o json: one plan, or { plans } for several profiles', planResult, plansResult),
  create: oneOf('ackl2 create -o json (--dry-run: the plan; several profiles: one entry each)', applyResult, planResult, plansResult, fleetResult(applyResult)),
  diff: oneOf('ackl2 diff -o json (several profiles: one entry each)', diffResult, fleetResult(diffResult)),
  apply: oneOf('ackl2 apply -o json (several profiles: one entry each)', applyCommandResult, fleetResult(applyCommandResult)),
  'nodepool-add': oneOf('ackl2 nodepool add -o json: the create summary, its pool only', applyResult),
  'nodepool-scale': oneOf('ackl2 nodepool scale -o json', nodepoolScaleResult),
  'nodepool-delete': oneOf('ackl2 nodepool delete -o json', nodepoolDeleteResult),
  join: oneOf('ackl2 join -o json', joinResult),
  'get-clusters': oneOf('ackl2 get clusters -o json', getClustersResult),
  'get-nodepools': oneOf('ackl2 get nodepools -o json', getNodepoolsResult),
  'get-nodes': oneOf('ackl2 get nodes -o json', getNodesResult),
  'delete-cluster': oneOf('ackl2 delete cluster -o json', deleteClusterResult),
  kubeconfig: oneOf('ackl2 kubeconfig -o json', kubeconfigMergedResult, kubeconfigWrittenResult, kubeconfigDocument),
  pin: oneOf('ackl2 pin -o json', pinResult),
  migrate: oneOf('ackl2 migrate -o json', migrateResult),
  images: oneOf('ackl2 images -o json', imagesResult),
  scenarios: oneOf('ackl2 scenarios -o json', scenariosResult),
  profiles: oneOf('ackl2 profiles -o json', profilesResult, profilePathResult),
  schema: oneOf('ackl2 schema -o json', schemaResult),
  emulator: oneOf('ackl2 emulator -o json', emulatorResult),
} as const;

export type ResultName = keyof typeof RESULT_SCHEMAS;

/** The docs/results file name of a command (`nodepool add` -> nodepool-add). */
export function resultNameOf(command: string): string {
  return command.split(' ').join('-');
}

export function resultJsonSchemas(): { file: string; text: string }[] {
  return Object.entries(RESULT_SCHEMAS).map(([name, schema]) => ({
    file: `docs/results/${name}.schema.json`,
    text: `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: `ackl2 ${name.replaceAll('-', ' ')} result`, ...z.toJSONSchema(schema, { io: 'output' }) }, null, 2)}\n`,
  }));
}

export type ValidateResult = z.output<typeof validateResult>;
export type ApplyResult = z.output<typeof applyResult>;
export type ApplyCommandResult = z.output<typeof applyCommandResult>;
export type PlanResult = z.output<typeof planResult>;
export type PlansResult = z.output<typeof plansResult>;
export type DiffResult = z.output<typeof diffResult>;
export type NodepoolScaleResult = z.output<typeof nodepoolScaleResult>;
export type NodepoolDeleteResult = z.output<typeof nodepoolDeleteResult>;
export type JoinResult = z.output<typeof joinResult>;
export type DeleteClusterResult = z.output<typeof deleteClusterResult>;
export type GetClustersResult = z.output<typeof getClustersResult>;
export type GetNodepoolsResult = z.output<typeof getNodepoolsResult>;
export type GetNodesResult = z.output<typeof getNodesResult>;
export type KubeconfigWrittenResult = z.output<typeof kubeconfigWrittenResult>;
export type KubeconfigMergedResult = z.output<typeof kubeconfigMergedResult>;
export type PinResult = z.output<typeof pinResult>;
export type MigrateResult = z.output<typeof migrateResult>;
export type ImagesResult = z.output<typeof imagesResult>;
export type ScenariosResult = z.output<typeof scenariosResult>;
export type ProfilesResult = z.output<typeof profilesResult>;
export type ProfilePathResult = z.output<typeof profilePathResult>;
export type EmulatorResult = z.output<typeof emulatorResult>;
