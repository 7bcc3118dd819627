/**
 * What create / nodepool add / join print when they finish: one JSON document for machines,
 * a short table for people. Built from the ApplyReport plus the session's call counts.
 */

import type { CallStats } from '../cloud/invoker.js';
import type { ClusterSummary, NodePoolSummary } from '../cloud/types.js';
import type { EmulatorInfo } from '../cloud/session.js';
import { formatDuration } from './duration.js';
import type { ApplyReport, JoinReport, StepReport } from './engine.js';
import type { PlannedStep } from './intents.js';
import { table } from '../ui/table.js';
import type { ResultAction } from '../results/schemas.js';
import { nodeCounts, type NodeCounts } from '../results/node-counts.js';

export interface PoolSummary {
  name: string;
  id: string | null;
  state: string | null;
  nodes: NodeCounts;
  action: ResultAction;
  /** With action "blocked": the operation it waits for. */
  blockedBy?: string;
}

export interface ApplySummary {
  profile: string;
  region: string;
  /** Whether this run changed anything in the cloud. */
  changed: boolean;
  cluster: { name: string; id: string | null; state: string | null; action: ResultAction; blockedBy?: string } | undefined;
  nodePools: PoolSummary[];
  joined: JoinReport[];
  created: string[];
  found: string[];
  pending: string[];
  failed: string[];
  apiCalls: number;
  mutatingCalls: number;
  retries: number;
  throttled: number;
  durationMs: number;
  emulator?: { endpoint: string; stateFile: string; catalogue: string } | undefined;
}

/** A step's action in the fixed set of docs/results (the words people read are in `describeAction`). */
function actionOf(step: StepReport): { action: ResultAction; blockedBy?: string } {
  if (step.outcome === 'failed') return { action: 'failed' };
  if (step.outcome === 'blocked') return { action: 'blocked', ...(step.blockedBy ? { blockedBy: step.blockedBy } : {}) };
  if (step.outcome === 'pending') return { action: 'pending' };
  if (step.outcome === 'deferred') return { action: step.action === 'found' ? 'found' : 'submitted' };
  switch (step.action) {
    case 'created':
    case 'waited':
    case 'retried':
    case 'repaired':
    case 'attached':
    case 'configured':
    case 'found':
      return { action: step.action };
    default:
      return { action: 'exists' };
  }
}

function describeAction(entry: { action: ResultAction; blockedBy?: string | undefined }): string {
  if (entry.action === 'waited') return 'found, waited';
  if (entry.action === 'blocked') return entry.blockedBy ? `blocked by ${entry.blockedBy}` : 'blocked';
  return entry.action;
}

export function desiredSizeOf(step: PlannedStep): number | null {
  const sg = step.op.body.scaling_group;
  if (sg && typeof sg === 'object' && !Array.isArray(sg) && typeof sg.desired_size === 'number') return sg.desired_size;
  return null;
}

export function buildSummary(input: {
  profile: string;
  region: string;
  steps: PlannedStep[];
  report: ApplyReport | undefined;
  stats: CallStats;
  durationMs: number;
  emulator: EmulatorInfo | undefined;
  /** What discovery found (fills in what this run did not touch). */
  existingCluster?: ClusterSummary | undefined;
  existingPools?: Map<string, NodePoolSummary> | undefined;
}): ApplySummary {
  const reports = new Map((input.report?.steps ?? []).map((r) => [r.id, r]));
  const reportFor = (step: PlannedStep): StepReport =>
    reports.get(step.op.id) ?? { id: step.op.id, kind: step.kind, pool: step.pool, api: step.op.api, outcome: 'done', action: 'none' };
  const clusterStep = input.steps.find((s) => s.kind === 'cluster');
  const created: string[] = [];
  const found: string[] = [];
  const pending: string[] = [];
  const failed: string[] = [];
  // Each operation in one list only: failed, else pending, else created (this run applied it), else found.
  for (const step of input.steps) {
    const r = reportFor(step);
    if (r.outcome === 'failed') failed.push(step.op.id);
    else if (r.outcome === 'pending' || r.outcome === 'blocked') pending.push(step.op.id);
    else if (r.action === 'created' || r.action === 'attached' || r.action === 'configured' || r.action === 'retried' || r.action === 'repaired') created.push(step.op.id);
    else found.push(step.op.id);
  }
  const clusterReport = clusterStep ? reportFor(clusterStep) : undefined;
  return {
    profile: input.profile,
    region: input.region,
    changed: input.stats.mutatingRequests > 0,
    cluster:
      clusterStep || input.existingCluster
        ? {
            name: input.profile,
            id: input.report?.clusterId ?? input.existingCluster?.clusterId ?? null,
            state: input.report?.clusterState ?? input.existingCluster?.state ?? null,
            ...(clusterReport ? actionOf(clusterReport) : { action: 'exists' as const }),
          }
        : undefined,
    nodePools: input.steps
      .filter((s) => s.kind === 'nodepool')
      .map((step) => {
        const pool = step.pool ?? step.op.id;
        const known = input.report?.pools.get(pool);
        const found = input.existingPools?.get(pool);
        return {
          name: pool,
          id: known?.id ?? found?.nodepoolId ?? null,
          state: known?.state ?? found?.state ?? null,
          nodes: nodeCounts({ desired: known?.desiredSize ?? found?.desiredSize ?? desiredSizeOf(step), total: known?.nodes ?? found?.nodes.total }),
          ...actionOf(reportFor(step)),
        };
      }),
    joined: input.report?.joins ?? [],
    created,
    found,
    pending,
    failed,
    apiCalls: input.stats.requests,
    mutatingCalls: input.stats.mutatingRequests,
    retries: input.stats.retries,
    throttled: input.stats.throttled,
    durationMs: Math.round(input.durationMs),
    ...(input.emulator ? { emulator: { endpoint: input.emulator.endpoint, stateFile: input.emulator.statePath, catalogue: input.emulator.catalogue } } : {}),
  };
}

function joinLine(joined: JoinReport[]): string | undefined {
  if (joined.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const j of joined) counts.set(j.result, (counts.get(j.result) ?? 0) + 1);
  return `joined instances: ${[...counts.entries()].map(([result, n]) => `${n} ${result}`).join(', ')}`;
}

export function renderSummary(summary: ApplySummary): string {
  const lines: string[] = [];
  if (summary.cluster) {
    const c = summary.cluster;
    lines.push(`cluster ${c.name} ${c.id ?? '(not created)'} ${c.state ?? ''} (${describeAction(c)})`.replace(/\s+\(/, ' ('));
  }
  if (summary.nodePools.length > 0) {
    lines.push('');
    lines.push(table(['NODE POOL', 'ID', 'STATE', 'SIZE', 'NODES', 'RESULT'], summary.nodePools.map((p) => [p.name, p.id, p.state, p.nodes.desired, p.nodes.total, describeAction(p)])));
  }
  const joins = joinLine(summary.joined);
  if (joins) lines.push('', joins);
  const failedJoins = summary.joined.filter((j) => j.result === 'failed');
  for (const j of failedJoins) lines.push(`  ${j.instanceId} (${j.pool}): failed${j.message ? `: ${j.message}` : ''}`);
  lines.push('');
  lines.push(
    `${summary.changed ? 'changed' : 'no changes'}: ${summary.created.length} applied, ${summary.found.length} already there${summary.pending.length > 0 ? `, ${summary.pending.length} pending` : ''}${summary.failed.length > 0 ? `, ${summary.failed.length} failed` : ''}; ${summary.apiCalls} API calls (${summary.mutatingCalls} mutating${summary.retries > 0 ? `, ${summary.retries} retried` : ''}) in ${formatDuration(summary.durationMs)}`,
  );
  if (summary.emulator) {
    // The in-process emulator stops with this command; its world lives on in the state file.
    lines.push(`local emulator (no account used): the cluster lives in ${summary.emulator.stateFile}; see it with \`ackl2 get nodes --cluster ${summary.cluster?.name ?? 'NAME'} --emulator --emulator-catalog ${summary.emulator.catalogue}\``);
  }
  return lines.join('\n');
}
