/**
 * The online part that `create` and `nodepool add` share: open the session, discover what
 * exists, preflight, show the diff, confirm, apply with live progress, and finish with one
 * result (or one error carrying what was left in place and how to resume).
 */

import type { CommandContext } from './context.js';
import type { CloudSession } from '../cloud/session.js';
import { openCloudSession } from './online.js';
import type { Plan } from '../plan/types.js';
import type { LoadedProfile } from '../profile/load.js';
import { failOnErrors, printIssues } from './command-support.js';
import { confirmChanges } from './confirm.js';
import { discoverIn, findProfileCluster, listRegionClusters, type ExistingState } from '../apply/discover.js';
import { applySteps, type ApplyReport } from '../apply/engine.js';
import { explainFailure, failureDocument, operationError, stopError, type NextSteps } from '../apply/failure.js';
import { decideIntents, describeIntent, hasChanges, kubeTargetsOf, leaveNodeConfigToInPlace, leftToInPlace, osParameterPoolsOf, type PlannedStep } from '../apply/intents.js';
import { pollScheduleFrom } from '../apply/poll.js';
import { ClusterWatcher } from '../apply/pool-watcher.js';
import { alinux3SiblingOf, preflight, type PreflightResult } from '../apply/preflight.js';
import { scopeOf, type PreflightScope } from '../apply/preflight-scope.js';
import { RunSignal } from '../apply/run-signal.js';
import { buildSummary, renderSummary, type ApplySummary } from '../apply/summary.js';
import { Interrupted, UserError } from '../errors.js';
import { diffProfile, type LiveDiff } from '../lifecycle/differ.js';
import { liveOf } from '../lifecycle/live.js';
import { differenceLines, onlyPruneSettles } from '../lifecycle/render.js';
import type { ApplyCommandResult } from '../results/schemas.js';

/**
 * What `apply` changed in place: the result's `updates`, and the lines people read. With a
 * `failure` (a change failed, or the run was stopped) the run fails, and its failure document
 * still carries `updates`: what was applied before.
 */
export interface InPlaceOutcome {
  updates: NonNullable<ApplyCommandResult['updates']>;
  text: string;
  failure?: unknown;
}

export interface ApplyRunOptions {
  loaded: LoadedProfile;
  plan: Plan;
  yes: boolean;
  wait: boolean;
  timeoutMs: number;
  next: NextSteps;
  /** Restrict to these pools (nodepool add); default: the whole profile. */
  pools?: ReadonlySet<string> | undefined;
  /** The cluster must already exist (nodepool add). */
  requireExistingCluster?: { command: string } | undefined;
  /** "Create cluster x with 3 node pools in cn-hangzhou?" */
  question: (steps: PlannedStep[]) => string;
  /**
   * `apply`: once what was missing exists, change in place what differs. Its answer joins
   * the result document as `updates`.
   */
  inPlace?: ((input: { session: CloudSession; signal: AbortSignal; clusterId: string | undefined; live: Promise<LiveDiff> | undefined }) => Promise<InPlaceOutcome>) | undefined;
}

/**
 * Nothing to create (or, `afterSteps`, steps of an existing cluster done, such as a pool's OS
 * parameters): say whether what exists matches, field by field, instead of assuming it. A
 * difference is named with the command that applies it.
 */
async function reportExisting(
  ctx: CommandContext,
  session: CloudSession,
  plan: Plan,
  existing: ExistingState,
  applyCommand: NextSteps['apply'],
  pools: ReadonlySet<string> | undefined,
  afterSteps = false,
): Promise<void> {
  const { profile: name, region } = plan;
  if (!existing.cluster) return;
  // After this run's steps the pools listed before them are stale: list them again.
  const whole = diffProfile(plan, await liveOf(session.ack, plan, existing.cluster.clusterId, afterSteps ? undefined : [...existing.pools.values()]));
  // nodepool add plans only its pools: the other live pools are not "absent from the profile".
  const report = pools ? { ...whole, resources: whole.resources.filter((r) => r.kind !== 'nodepool' || pools.has(r.name)) } : whole;
  const lines = differenceLines(report);
  if (lines.length === 0 && afterSteps) return;
  if (lines.length === 0) {
    const unverifiable = report.unverifiable > 0 ? ` (${report.unverifiable} field${report.unverifiable === 1 ? '' : 's'} ACK does not return could not be checked)` : '';
    ctx.reporter.info(`${name} in ${region} exists and matches the profile: nothing to do${unverifiable}`);
    return;
  }
  ctx.reporter.warn(`${name} in ${region} exists but differs from the profile; create changes nothing that exists:`);
  for (const line of lines) ctx.reporter.warn(`  ${line}`);
  if (applyCommand) ctx.reporter.warn(`apply the differences with: ${applyCommand(onlyPruneSettles(report))}`);
}

/** The preflight's last line: what it checked, or why nothing needed the account. */
function preflightDone(checked: PreflightResult, scope: PreflightScope): string {
  if (checked.checked.length > 0) return `ok: ${checked.checked.join(', ')}${checked.kubernetesVersion ? ` (Kubernetes ${checked.kubernetesVersion})` : ''}`;
  const changes = [...new Set([...scope.cluster, ...[...scope.pools.values()].flatMap((c) => [...c])])];
  return changes.length > 0 ? `ok: no account check guards these changes (${changes.join(', ')})` : 'ok: nothing to create or change';
}

/**
 * A create step left to the in-place changes (a pool's OS parameters) is in the list of what
 * its pool's update did: created when it was updated, failed or pending with it; found only
 * when the update had nothing to do.
 */
function withInPlaceSteps(summary: ApplySummary, steps: readonly PlannedStep[], inPlace: InPlaceOutcome | undefined): ApplySummary {
  const handed = leftToInPlace(steps);
  if (handed.size === 0 || !inPlace) return summary;
  const result = { ...summary, created: [...summary.created], found: [...summary.found], pending: [...summary.pending], failed: [...summary.failed] };
  for (const [id, pool] of handed) {
    const action = inPlace.updates.applied.find((a) => a.operation === `update/${pool}`)?.action;
    const list = action === 'updated' ? result.created : action === 'failed' ? result.failed : action === 'pending' ? result.pending : undefined;
    if (!list) continue;
    result.found = result.found.filter((f) => f !== id);
    list.push(id);
  }
  return result;
}

function printDiff(ctx: CommandContext, steps: PlannedStep[], header: string): void {
  ctx.reporter.info(header);
  for (const step of steps) ctx.reporter.info(`  ${describeIntent(step)}`);
}

export async function runApply(ctx: CommandContext, options: ApplyRunOptions): Promise<void> {
  const started = performance.now();
  const { loaded, plan } = options;
  const { profile } = loaded;
  const name = profile.metadata.name;
  const region = profile.metadata.region;
  const stop = new RunSignal(ctx.signal);
  let session: CloudSession | undefined;
  let steps: PlannedStep[] = [];
  let report: ApplyReport | undefined;
  let existing: ExistingState | undefined;
  let failure: unknown;
  let inPlace: InPlaceOutcome | undefined;
  try {
    session = await openCloudSession(ctx, { region, signal: stop.signal });
    ctx.reporter.event({ id: 'preflight', status: 'running', message: `checking ${region}: what exists, then what the changes need` });
    const needNodes = plan.operations.some((op) => op.api === 'AttachInstancesToNodePool');
    const ack = session.ack;
    // A fleet run lists the region's clusters once for all its profiles (discover.ts).
    const shared = ctx.sessions?.factsOf(region);
    const listing = shared ? () => shared.remember('clusters at the start of the run', () => listRegionClusters(ack)) : undefined;
    const finding = findProfileCluster(ack, { name, profile: name, deleteCommand: options.next.cleanup ?? '', listing });
    // apply's diff read of the cluster goes out beside discovery's read of its pools.
    const detailRead = options.inPlace ? finding.then((found) => (found ? ack.describeClusterDetail(found.clusterId) : undefined)) : undefined;
    detailRead?.catch(() => undefined);
    existing = await discoverIn(ack, await finding, { name, needNodes, osParameterPools: osParameterPoolsOf(plan), kubeTargets: kubeTargetsOf(plan), signal: stop.signal });
    if (options.requireExistingCluster) {
      if (!existing.cluster) {
        throw new UserError(`cluster ${name} does not exist in ${region} (or was not created by ackl2 from this profile)`, {
          hint: `create it first: ${options.requireExistingCluster.command}`,
        });
      }
      if (existing.cluster.state !== 'running') {
        throw new UserError(`cluster ${name} (${existing.cluster.clusterId}) is ${existing.cluster.state}, not running`, {
          hint: `wait until it runs; \`${options.requireExistingCluster.command}\` resumes and waits for it`,
        });
      }
    }
    const decided = options.inPlace ? leaveNodeConfigToInPlace(decideIntents(plan, existing), existing) : decideIntents(plan, existing);
    // apply: what differs in place is read before the preflight, which guards those changes too
    // (used for the changes themselves only if no create step runs before them).
    const clusterId = existing.cluster?.clusterId;
    const liveRead = options.inPlace && clusterId ? liveOf(ack, plan, clusterId, [...existing.pools.values()], detailRead?.then((d) => d ?? ack.describeClusterDetail(clusterId))).then((live) => ({ live, report: diffProfile(plan, live) })) : undefined;
    const scope = scopeOf(decided, liveRead && (await liveRead).report);
    const clusterType = plan.operations.find((op) => op.api === 'CreateCluster')?.body.cluster_type;
    const checked = await preflight({
      profile,
      gateways: session,
      env: ctx.env,
      locate: loaded.locate,
      file: loaded.file,
      alinux3Sibling: alinux3SiblingOf(loaded.file, ctx.cwd),
      existing: { clusterId, pools: new Set(existing.pools.keys()), nodes: new Set(existing.nodes.keys()) },
      pools: options.pools,
      scope,
      clusterType: typeof clusterType === 'string' ? clusterType : undefined,
      sharedFacts: shared,
    });
    printIssues(ctx, checked.issues);
    failOnErrors(checked.issues, `preflight of ${loaded.file}`);
    ctx.reporter.event({ id: 'preflight', status: 'done', message: preflightDone(checked, scope) });
    steps = decided;

    if (!hasChanges(steps)) {
      if (!options.inPlace) await reportExisting(ctx, session, plan, existing, options.next.apply, options.pools);
    } else {
      printDiff(ctx, steps, `changes for ${name} in ${region} (+ create, ~ wait for, = keep):`);
      await confirmChanges(ctx, { yes: options.yes, question: options.question(steps), command: options.next.resume });
      const poll = pollScheduleFrom(ctx.settings.poll, session.emulator !== undefined);
      await ctx.reporter.startLive();
      stop.startTimeout(options.timeoutMs);
      report = await applySteps({
        ack: session.ack,
        steps,
        profile: name,
        existingCluster: existing.cluster,
        existingPools: existing.pools,
        env: ctx.env,
        signal: stop.signal,
        poll,
        noWait: !options.wait,
        maxParallel: ctx.settings.maxParallel,
        kubernetesVersion: checked.kubernetesVersion,
        progress: (event) => ctx.reporter.event(event),
        onSecret: (secret) => session?.redactor.add(secret),
        deleteCommand: options.next.cleanup ?? '',
        clusterWatcher: ctx.sessions?.clusterWatcherOf(region, (signal) => new ClusterWatcher(ack, poll, signal)),
      });
    }
    if (!options.inPlace && existing.cluster && report?.steps.every((s) => s.outcome === 'done')) {
      await reportExisting(ctx, session, plan, existing, options.next.apply, options.pools, true);
    }
    if (options.inPlace && !report?.steps.some((s) => s.outcome !== 'done')) {
      if (!report) stop.startTimeout(options.timeoutMs);
      inPlace = await options.inPlace({ session, signal: stop.signal, clusterId: report?.clusterId ?? existing.cluster?.clusterId, live: report ? undefined : liveRead });
      if (inPlace.failure !== undefined) throw inPlace.failure;
    }
  } catch (error) {
    failure = error;
  } finally {
    stop.clearTimeout();
    ctx.reporter.stopLive();
    await session?.close();
  }

  const summary = withInPlaceSteps(
    buildSummary({
      profile: name,
      region,
      steps,
      report,
      stats: session?.stats ?? { requests: 0, mutatingRequests: 0, retries: 0, throttled: 0, byAction: {} },
      durationMs: performance.now() - started,
      emulator: session?.emulator,
      existingCluster: existing?.cluster,
      existingPools: existing?.pools,
    }),
    steps,
    inPlace,
  );
  const finish = (error: unknown): never => {
    if (ctx.reporter.machineOutput && steps.length > 0) ctx.reporter.result(failureDocument(error, { ...summary, ...(inPlace && { updates: inPlace.updates }) }), () => '');
    throw error;
  };

  // Ctrl-C at the prompt already says that nothing was changed.
  if (stop.reason) finish(failure instanceof Interrupted ? failure : stopError(stop.reason, summary, options.next));
  if (failure !== undefined) finish(explainFailure(failure, summary, options.next));
  const failed = report?.steps.filter((s) => s.outcome === 'failed') ?? [];
  if (failed.length > 0) {
    for (const other of failed.slice(1)) {
      ctx.reporter.line(`also failed: ${other.id}: ${other.error instanceof Error ? other.error.message : String(other.error)}`);
    }
    const first = failed[0]!;
    finish(operationError(first.id, first.error, summary, options.next));
  }
  const document: ApplyCommandResult = { ok: true, ...summary, ...(inPlace && { updates: inPlace.updates }) };
  ctx.reporter.result(document, () => [renderSummary(summary), ...(inPlace ? ['', inPlace.text] : [])].join('\n'));
}
