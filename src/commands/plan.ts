import { UserError } from '../errors.js';
import { formatIssue } from '../profile/issues.js';
import { loadProfile } from '../profile/load.js';
import { planProfileDetailed } from '../plan/index.js';
import { renderPlan } from '../plan/render.js';
import { defineCommand, files, flag } from './define.js';

/** Offline: load, validate and plan one profile; print the plan. No credentials, no network. */
export default defineCommand({
  name: 'plan',
  description: 'show the exact ACK/ECS API requests create would send (offline, no credentials)',
  options: {
    file: files(),
    showScripts: flag('--show-scripts', "print each pool's generated pre-join script, decoded"),
  },
  examples: ['ackl2 plan -f cluster.yaml', 'ackl2 plan -f cluster.yaml --output json', 'ackl2 plan -f cluster.yaml --show-scripts'],
  run: async (options, ctx) => {
  const file = onlyFile(options.file);
  const loaded = await loadProfile(file, { cwd: ctx.cwd, allowOutsideProject: ctx.global.allowOutsideProject });
  // reporter.warn labels the line itself, so the issue is formatted without its own label.
  for (const warning of loaded.warnings) ctx.reporter.warn(formatIssue({ ...warning, severity: 'error' }));

  const region = ctx.global.region;
  const profile = region ? { ...loaded.profile, metadata: { ...loaded.profile.metadata, region } } : loaded.profile;
  const detailed = planProfileDetailed(profile);

  if (options.showScripts && ctx.reporter.machineOutput) {
    // stdout holds the plan document only; the scripts are inside it as pre_user_data anyway.
    for (const [id, detail] of detailed.details) {
      if (detail.script !== undefined) ctx.reporter.line(`--- pre-join script of ${id} ---\n${detail.script.trimEnd()}\n--- end of ${id} ---`);
    }
  }
  ctx.reporter.result(detailed.plan, () => renderPlan(detailed, { showScripts: options.showScripts }));
  },
});

function onlyFile(files: readonly string[]): string {
  const [first, ...rest] = files;
  if (first === undefined) throw new UserError('no profile to plan', { hint: 'pass -f FILE, e.g. ackl2 plan -f profiles/quickstart.yaml' });
  if (rest.length > 0) throw new UserError(`plan takes one profile, got ${files.length}`, { hint: 'run ackl2 plan once per file' });
  return first;
}
