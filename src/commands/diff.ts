/**
 * `ackl2 diff -f FILE [--exit-code]`: the live cluster against the profile, field by field,
 * read only. `--exit-code` exits 1 when anything differs (like `git diff --exit-code`).
 */

import type { CommandContext } from './context.js';
import { loadFleet } from '../fleet/load-profiles.js';
import { fleetOptions, forEachProfile } from '../fleet/fleet-command.js';
import type { LoadedProfile } from '../profile/load.js';
import { ackl2Command, deleteClusterCommand } from './hints.js';
import { DifferencesFound } from '../errors.js';
import { diffProfile, type DiffReport } from '../lifecycle/differ.js';
import { readLive } from '../lifecycle/live.js';
import { onlyPruneSettles, renderDiff } from '../lifecycle/render.js';
import { planProfile } from '../plan/index.js';
import { defineCommand, files, flag } from './define.js';
import { withSession } from './online.js';
import type { DiffResult } from '../results/schemas.js';

export default defineCommand({
  name: 'diff',
  description: 'compare the live cluster with the profile, field by field (read only)',
  options: {
    file: files(),
    exitCode: flag('--exit-code', 'exit 1 when anything differs (like git diff --exit-code)'),
    ...fleetOptions('compared'),
  },
  examples: ['ackl2 diff -f cluster.yaml', 'ackl2 diff -f cluster.yaml --exit-code --output json'],
  run: async (options, ctx) => {
    const profiles = await loadFleet(ctx, options.file, 'diff');
    await forEachProfile(ctx, profiles, { command: 'diff', maxParallel: options.maxParallel, failFast: options.failFast }, (memberCtx, loaded) =>
      diffOne(memberCtx, loaded, options.exitCode),
    );
  },
});

async function diffOne(ctx: CommandContext, loaded: LoadedProfile, exitCode: boolean): Promise<void> {
  const plan = planProfile(loaded.profile);
  const report = await withSession(
    ctx,
    async ({ ack }) => diffProfile(plan, await readLive(ack, plan, deleteClusterCommand(ctx, plan.profile))),
    { region: loaded.profile.metadata.region },
  );
  ctx.reporter.result(diffDocument(report), () =>
    renderDiff(report, {
      applyCommand: ackl2Command(ctx, ['apply', '-f', loaded.file]),
      pruneCommand: ackl2Command(ctx, ['apply', '-f', loaded.file, '--prune']),
    }),
  );
  if (exitCode && report.differs) {
    throw new DifferencesFound(`${plan.profile} differs from ${loaded.file}`, { hint: `apply it with: ${ackl2Command(ctx, ['apply', '-f', loaded.file, ...(onlyPruneSettles(report) ? ['--prune'] : [])])}` });
  }
}

/** The report as docs/results/diff.schema.json documents it: the cloud id is `id`, the operation `operation`. */
export function diffDocument(report: DiffReport): DiffResult {
  return {
    ok: true,
    profile: report.profile,
    region: report.region,
    differs: report.differs,
    unverifiable: report.unverifiable,
    resources: report.resources.map((r) => ({ operation: r.id, kind: r.kind, name: r.name, id: r.liveId ?? null, action: r.action, fields: r.fields })),
  };
}
