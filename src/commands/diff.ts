/**
 * `ackl2 diff -f FILE [--exit-code]`: the live cluster against the profile, field by field,
 * read only. `--exit-code` exits 1 when anything differs (like `git diff --exit-code`).
 */

import { loadOneProfile } from '../apply/command-support.js';
import { ackl2Command, deleteClusterCommand } from '../apply/hints.js';
import { DifferencesFound } from '../errors.js';
import { diffProfile } from '../lifecycle/differ.js';
import { readLive } from '../lifecycle/live.js';
import { renderDiff } from '../lifecycle/render.js';
import { planProfile } from '../plan/index.js';
import type { CommandRun } from './context.js';
import { withSession } from './online.js';

export interface DiffOptions {
  file: string[];
  exitCode?: boolean;
}

export const run: CommandRun<DiffOptions> = async (options, ctx) => {
  const loaded = await loadOneProfile(ctx, options.file, 'diff');
  const plan = planProfile(loaded.profile);
  const report = await withSession(
    ctx,
    async ({ ack }) => diffProfile(plan, await readLive(ack, plan, deleteClusterCommand(ctx, plan.profile))),
    { region: loaded.profile.metadata.region },
  );
  ctx.reporter.result(report, () =>
    renderDiff(report, {
      applyCommand: ackl2Command(ctx, ['apply', '-f', loaded.file]),
      pruneCommand: ackl2Command(ctx, ['apply', '-f', loaded.file, '--prune']),
    }),
  );
  if (options.exitCode && report.differs) {
    throw new DifferencesFound(`${plan.profile} differs from ${loaded.file}`, { hint: `apply it with: ${ackl2Command(ctx, ['apply', '-f', loaded.file])}` });
  }
};
