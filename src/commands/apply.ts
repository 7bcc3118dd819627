/**
 * `ackl2 apply -f FILE [--prune] [--yes]`: make the cloud what the profile says. Creates what
 * is missing (create's resumable engine), then changes in place what differs: the diff is
 * printed and confirmed like create, pools are updated in parallel (each waiting for its
 * tasks, rollouts batch by batch), and `--prune` deletes live pools the profile does not
 * name. A rerun converges; with nothing to do it makes no mutating call.
 */

import { failOnErrors } from './command-support.js';
import { loadFleet } from '../fleet/load-profiles.js';
import { fleetOptions, forEachProfile } from '../fleet/fleet-command.js';
import { parseDuration } from '../apply/duration.js';
import { ackl2Command, deleteClusterCommand } from './hints.js';
import { pollScheduleFrom } from '../apply/poll.js';
import { runApply, type InPlaceOutcome } from './run-apply.js';
import { confirmChanges, yesOption } from './confirm.js';
import { defineCommand, files, flag, value } from './define.js';
import type { CloudSession } from '../cloud/session.js';
import { applyUpdates, type UpdateOutcome } from '../lifecycle/apply-updates.js';
import { diffProfile, type LiveDiff } from '../lifecycle/differ.js';
import { liveOf, readLive } from '../lifecycle/live.js';
import { hasUpdates, planUpdates, type UpdatePlan } from '../lifecycle/update-plan.js';
import { planProfileDetailed } from '../plan/index.js';
import type { LoadedProfile } from '../profile/load.js';
import type { Plan } from '../plan/types.js';
import type { CommandContext } from './context.js';
import { unpinnedPools } from './create.js';
import type { ResultAction } from '../results/schemas.js';

interface InPlaceOptions {
  yes: boolean;
  prune: boolean;
}

function describeUpdates(plan: UpdatePlan, prune: boolean): string[] {
  const lines: string[] = [];
  if (plan.cluster) {
    const c = plan.cluster;
    if (c.modify) lines.push(`~ cluster: ${Object.entries(c.modify).map(([k, v]) => `${k}=${String(v)}`).join(', ')} (ModifyCluster)`);
    if (c.tags) lines.push(`~ cluster: tags ${c.tags.map((t) => `${t.key}=${t.value}`).join(', ')} (ModifyClusterTags)`);
    if (c.upgradeTo) lines.push(`~ cluster: Kubernetes -> ${c.upgradeTo} (UpgradeCluster, control plane first)`);
  }
  for (const pool of plan.pools) for (const change of pool.changes) lines.push(`~ nodepool/${pool.pool}: ${change}`);
  if (prune) for (const pool of plan.unmanaged) lines.push(`- nodepool/${pool.pool} (${pool.nodepoolId}): not in the profile; deleted, its nodes drained (DeleteClusterNodepool)`);
  return lines;
}

/**
 * An in-place outcome in the fixed actions of docs/results. A change cut short by the run's
 * stop (Ctrl-C, --timeout) did not fail: it was sent, or about to be, and a rerun resumes it.
 */
function resultAction(outcome: UpdateOutcome, signal: AbortSignal): ResultAction {
  if (outcome.outcome === 'failed') return signal.aborted && outcome.error === signal.reason ? 'pending' : 'failed';
  return outcome.action === 'deleted' ? 'deleted' : 'updated';
}

function render(outcomes: UpdateOutcome[], plan: UpdatePlan, prune: boolean): string {
  const lines = outcomes.map((o) => `${o.id}: ${o.outcome === 'done' ? o.action : `failed: ${o.error instanceof Error ? o.error.message : String(o.error)}`}`);
  if (outcomes.length === 0) lines.push('in place: nothing to change');
  for (const m of plan.manual) lines.push(`not changed in place: ${m}`);
  for (const k of plan.kept) lines.push(k);
  if (!prune && plan.unmanaged.length > 0) lines.push(`live pools not in the profile (kept; --prune deletes them): ${plan.unmanaged.map((p) => p.pool).join(', ')}`);
  return lines.join('\n');
}

interface InPlaceInput {
  loaded: LoadedProfile;
  plan: Plan;
  options: InPlaceOptions;
  session: CloudSession;
  signal: AbortSignal;
  clusterId: string | undefined;
  /** The live state read already and its diff, while nothing has changed since (no create step ran). */
  read: Promise<LiveDiff> | undefined;
}

async function changeInPlace(ctx: CommandContext, { loaded, plan, options, session, signal, clusterId, read }: InPlaceInput): Promise<InPlaceOutcome> {
  const prune = options.prune;
  const known = await read;
  const live = known?.live ?? (clusterId ? await liveOf(session.ack, plan, clusterId) : await readLive(session.ack, plan, deleteClusterCommand(ctx, plan.profile)));
  if (!live.cluster) return { text: 'in place: the cluster is not there yet', updates: { changed: false, applied: [], manual: [], kept: [], unmanaged: [] } };
  const report = known?.report ?? diffProfile(plan, live);
  const updates = planUpdates(report, plan, loaded.profile, live, { prune });
  for (const line of [...updates.manual, ...updates.kept]) ctx.reporter.warn(line);
  const work = hasUpdates(updates) || (prune && updates.unmanaged.length > 0);
  let outcomes: UpdateOutcome[] = [];
  if (work) {
    ctx.reporter.stopLive();
    ctx.reporter.info(`in-place changes for ${plan.profile} in ${plan.region} (~ change, - delete):`);
    for (const line of describeUpdates(updates, prune)) ctx.reporter.info(`  ${line}`);
    await confirmChanges(ctx, {
      yes: options.yes,
      question: `Apply these changes to ${plan.profile} in ${plan.region}?`,
      command: ackl2Command(ctx, ['apply', '-f', loaded.file, ...(prune ? ['--prune'] : [])]),
    });
    await ctx.reporter.startLive();
    outcomes = await applyUpdates(
      {
        ack: session.ack,
        clusterId: live.cluster.clusterId,
        poll: pollScheduleFrom(ctx.settings.poll, session.emulator !== undefined),
        signal,
        progress: (event) => ctx.reporter.event(event),
        prune,
        clusterType: live.cluster.clusterType,
      },
      updates,
    );
  } else {
    ctx.reporter.info(`${plan.profile} in ${plan.region}: nothing to change in place${report.unverifiable > 0 ? ` (${report.unverifiable} field(s) ACK does not return were not checked)` : ''}`);
  }
  const failed = outcomes.filter((o) => o.outcome === 'failed');
  for (const other of failed.slice(1)) ctx.reporter.line(`also failed: ${other.id}: ${other.error instanceof Error ? other.error.message : String(other.error)}`);
  return {
    failure: failed[0]?.error,
    updates: {
      changed: outcomes.some((o) => o.outcome === 'done' || o.taskIds.length > 0),
      applied: outcomes.map((o) => ({ operation: o.id, action: resultAction(o, signal), taskIds: o.taskIds })),
      manual: updates.manual,
      kept: updates.kept,
      unmanaged: updates.unmanaged.map((p) => ({ name: p.pool, id: p.nodepoolId })),
    },
    text: render(outcomes, updates, prune),
  };
}

export default defineCommand({
  name: 'apply',
  description: 'make the cluster what the profile says: create what is missing, change in place what differs',
  options: {
    file: files(),
    yes: yesOption(),
    prune: flag('--prune', 'also delete live node pools the profile does not name (after confirmation)'),
    timeout: value('--timeout <duration>', 'give up waiting after this long (e.g. 45m, 90s)', { default: '45m', parse: parseDuration }),
    requirePinned: flag('--require-pinned', 'refuse pools without a pinned image.id'),
    ...fleetOptions('applied'),
  },
  examples: ['ackl2 apply -f cluster.yaml', { command: 'ackl2 apply -f cluster.yaml --prune --yes', comment: 'CI' }],
  run: async (options, ctx) => {
    const profiles = await loadFleet(ctx, options.file, 'apply', options.requirePinned ? (loaded) => failOnErrors(unpinnedPools(loaded), loaded.file) : undefined);
    await forEachProfile(ctx, profiles, { command: 'apply', maxParallel: options.maxParallel, failFast: options.failFast, confirmed: options.yes }, (memberCtx, loaded) =>
      applyOne(memberCtx, loaded, options),
    );
  },
});

async function applyOne(ctx: CommandContext, loaded: LoadedProfile, options: InPlaceOptions & { timeout: number }): Promise<void> {
  const { plan } = planProfileDetailed(loaded.profile);
  const name = loaded.profile.metadata.name;
  const resume = ackl2Command(ctx, ['apply', '-f', loaded.file, ...(options.prune ? ['--prune'] : []), ...(options.yes ? ['--yes'] : [])]);
  await runApply(ctx, {
    loaded,
    plan,
    yes: options.yes,
    wait: true,
    timeoutMs: options.timeout,
    next: { resume, cleanup: deleteClusterCommand(ctx, name) },
    question: () => `Create what is missing of ${name} in ${loaded.profile.metadata.region}?`,
    inPlace: ({ session, signal, clusterId, live }) => changeInPlace(ctx, { loaded, plan, options, session, signal, clusterId, read: live }),
  });
}
