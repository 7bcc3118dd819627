import { UserError, ValidationFailed } from '../errors.js';
import type { Issue } from '../profile/issues.js';
import { loadProfile } from '../profile/load.js';
import { ProfileCache } from '../profile/profile-cache.js';
import { planProfileDetailed, type DetailedPlan } from '../plan/index.js';
import { renderPlan } from '../plan/render.js';
import { printIssues } from './command-support.js';
import type { CommandContext } from './context.js';
import { defineCommand, files, flag } from './define.js';
import { profileFiles } from './profile-files.js';
import type { PlanResult, PlansResult } from '../results/schemas.js';

/**
 * Offline: load, validate and plan each profile; print the plans. No credentials, no network.
 * One profile gives its plan document; several give `{ plans: [...] }`, and any invalid one
 * fails them all with every problem of every file.
 */
export default defineCommand({
  name: 'plan',
  description: 'show the exact ACK/ECS API requests create would send (offline, no credentials)',
  options: {
    file: files('cluster profiles (YAML): several after one -f, or a directory (its *.yaml, *.yml)'),
    showScripts: flag('--show-scripts', "print each pool's generated pre-join script, decoded"),
  },
  examples: ['ackl2 plan -f cluster.yaml', 'ackl2 plan -f cluster.yaml --output json', 'ackl2 plan -f cluster.yaml --show-scripts', 'ackl2 plan -f profiles/'],
  run: async (options, ctx) => {
    if (options.file.length === 0) throw new UserError('no profile to plan', { hint: 'pass -f FILE, e.g. ackl2 plan -f profiles/quickstart.yaml' });
    const paths = await profileFiles(options.file, ctx.cwd);
    const plans: DetailedPlan[] = [];
    const problems: Issue[] = [];
    const cache = new ProfileCache();
    for (const file of paths) {
      try {
        plans.push(await planFile(ctx, file, cache));
      } catch (error) {
        if (!(error instanceof ValidationFailed) || paths.length === 1) throw error;
        problems.push(...cache.unshown(error.issues));
      }
    }
    if (problems.length > 0) {
      throw new ValidationFailed(problems, `${paths.length - plans.length} of ${paths.length} profiles are not valid; nothing was planned`);
    }

    if (options.showScripts && ctx.reporter.machineOutput) {
      // stdout holds the plan document only; the scripts are inside it as pre_user_data anyway.
      for (const detailed of plans) {
        for (const [id, detail] of detailed.details) {
          if (detail.script !== undefined) ctx.reporter.line(`--- pre-join script of ${id} ---\n${detail.script.trimEnd()}\n--- end of ${id} ---`);
        }
      }
    }
    const human = () => plans.map((detailed) => renderPlan(detailed, { showScripts: options.showScripts })).join('\n\n');
    const document: PlanResult | PlansResult = plans.length === 1 ? plans[0]!.plan : { plans: plans.map((p) => p.plan) };
    ctx.reporter.result(document, human);
  },
});

async function planFile(ctx: CommandContext, file: string, cache: ProfileCache): Promise<DetailedPlan> {
  const loaded = await loadProfile(file, { cwd: ctx.cwd, allowOutsideProject: ctx.global.allowOutsideProject, cache });
  printIssues(ctx, cache.unshown(loaded.warnings));
  const region = ctx.global.region;
  const profile = region ? { ...loaded.profile, metadata: { ...loaded.profile.metadata, region } } : loaded.profile;
  return planProfileDetailed(profile);
}
