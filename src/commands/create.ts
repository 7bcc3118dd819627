/**
 * `ackl2 create -f FILE`: load and validate, plan, preflight, confirm, then create or resume
 * the cluster, its node pools and joined instances. A rerun converges; `--dry-run` is the
 * offline plan.
 */

import { parseDuration } from '../apply/duration.js';
import { failOnErrors } from './command-support.js';
import type { CommandContext } from './context.js';
import { loadFleet } from '../fleet/load-profiles.js';
import { fleetOptions, forEachProfile } from '../fleet/fleet-command.js';
import { ackl2Command, deleteClusterCommand } from './hints.js';
import { runApply } from './run-apply.js';
import { printPlan } from './plan-output.js';
import { renderPlan } from '../plan/render.js';
import type { Issue } from '../profile/issues.js';
import type { LoadedProfile } from '../profile/load.js';
import { planProfileDetailed } from '../plan/index.js';
import { poolAcceptsPinnedImage } from '../scenarios/index.js';
import { yesOption } from './confirm.js';
import { defineCommand, files, flag, value } from './define.js';
import type { PlansResult } from '../results/schemas.js';

export function unpinnedPools(loaded: LoadedProfile): Issue[] {
  return loaded.profile.nodePools.flatMap((pool, index) => {
    if (pool.image.id || !poolAcceptsPinnedImage(pool)) return [];
    const path = ['nodePools', index, 'image'];
    return [
      {
        severity: 'error' as const,
        path,
        message: `pool "${pool.name}" has no pinned image.id (--require-pinned)`,
        hint: `run \`ackl2 pin -f ${loaded.file}\` and commit the result`,
        location: loaded.locate(path) ?? loaded.locate(['nodePools', index]),
      },
    ];
  });
}

export default defineCommand({
  name: 'create',
  description: 'preflight, then create or resume the cluster, its node pools and joined instances',
  options: {
    file: files(),
    dryRun: flag('--dry-run', 'print the offline plan and stop'),
    yes: yesOption(),
    wait: flag('--no-wait', 'return once everything is submitted'),
    timeout: value('--timeout <duration>', 'give up waiting after this long (e.g. 45m, 90s)', { default: '45m', parse: parseDuration }),
    requirePinned: flag('--require-pinned', 'refuse pools without a pinned image.id'),
    ...fleetOptions('created'),
  },
  examples: [
    { command: 'ackl2 create -f cluster.yaml', comment: 'asks first on a terminal; without one it refuses (exit 2)', exitCode: 2 },
    { command: 'ackl2 create -f cluster.yaml --yes --output json', comment: 'CI' },
    'ackl2 create -f profiles/quickstart-alinux3.yaml --emulator --yes',
    { command: 'ackl2 create -f profiles/ --dry-run', comment: 'every profile of a directory; with --yes they are created together under one rate limit' },
  ],
  run: async (options, ctx) => {
    const profiles = await loadFleet(ctx, options.file, 'create', options.requirePinned ? (loaded) => failOnErrors(unpinnedPools(loaded), loaded.file) : undefined);
    if (options.dryRun && profiles.length > 1) {
      const plans = profiles.map((loaded) => planProfileDetailed(loaded.profile));
      const document: PlansResult = { plans: plans.map((p) => p.plan) };
      ctx.reporter.result(document, () => plans.map((p) => renderPlan(p)).join('\n\n'));
      return;
    }
    await forEachProfile(ctx, profiles, { command: 'create', maxParallel: options.maxParallel, failFast: options.failFast, confirmed: options.yes }, (memberCtx, loaded) =>
      createOne(memberCtx, loaded, options),
    );
  },
});

interface CreateOptions {
  dryRun: boolean;
  yes: boolean;
  wait: boolean;
  timeout: number;
}

async function createOne(ctx: CommandContext, loaded: LoadedProfile, options: CreateOptions): Promise<void> {
  const detailed = planProfileDetailed(loaded.profile);
  if (options.dryRun) {
    printPlan(ctx, detailed);
    return;
  }
  const { plan } = detailed;
  const name = loaded.profile.metadata.name;
  const pools = loaded.profile.nodePools.length;
  await runApply(ctx, {
    loaded,
    plan,
    yes: options.yes,
    wait: options.wait,
    timeoutMs: options.timeout,
    next: {
      resume: ackl2Command(ctx, ['create', '-f', loaded.file, ...(options.yes ? ['--yes'] : [])]),
      cleanup: deleteClusterCommand(ctx, name),
      apply: (prune) => ackl2Command(ctx, ['apply', '-f', loaded.file, ...(prune ? ['--prune'] : [])]),
    },
    question: () => `Create cluster ${name} with ${pools} node pool${pools === 1 ? '' : 's'} in ${loaded.profile.metadata.region}?`,
  });
}
