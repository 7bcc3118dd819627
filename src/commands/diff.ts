/**
 * `ackl2 diff -f FILE [--exit-code]`: the live cluster against the profile, field by field,
 * read only. `--exit-code` exits 1 when anything differs (like `git diff --exit-code`).
 */

import { loadOneProfile } from './command-support.js';
import { ackl2Command, deleteClusterCommand } from './hints.js';
import { DifferencesFound } from '../errors.js';
import { diffProfile } from '../lifecycle/differ.js';
import { readLive } from '../lifecycle/live.js';
import { renderDiff } from '../lifecycle/render.js';
import { planProfile } from '../plan/index.js';
import { defineCommand, files, flag } from './define.js';
import { withSession } from './online.js';

export default defineCommand({
  name: 'diff',
  description: 'compare the live cluster with the profile, field by field (read only)',
  options: {
    file: files(),
    exitCode: flag('--exit-code', 'exit 1 when anything differs (like git diff --exit-code)'),
  },
  examples: ['ackl2 diff -f cluster.yaml', 'ackl2 diff -f cluster.yaml --exit-code --output json'],
  run: async (options, ctx) => {
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
  },
});
