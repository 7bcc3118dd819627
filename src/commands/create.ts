/**
 * `ackl2 create -f FILE`: load and validate, plan, preflight, confirm, then create or resume
 * the cluster, its node pools and joined instances. A rerun converges; `--dry-run` is the
 * offline plan.
 */

import { parseDuration } from '../apply/duration.js';
import { failOnErrors, loadOneProfile } from '../apply/command-support.js';
import { ackl2Command, deleteClusterCommand } from '../apply/hints.js';
import { runApply } from '../apply/run-apply.js';
import { printPlan } from '../apply/plan-output.js';
import type { Issue } from '../profile/issues.js';
import type { LoadedProfile } from '../profile/load.js';
import { planProfileDetailed } from '../plan/index.js';
import { poolAcceptsPinnedImage } from '../scenarios/index.js';
import type { CommandRun } from './context.js';

export interface CreateOptions {
  file: string[];
  dryRun?: boolean;
  yes?: boolean;
  /** false with --no-wait. */
  wait?: boolean;
  timeout?: string;
  requirePinned?: boolean;
}

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

export const run: CommandRun<CreateOptions> = async (options, ctx) => {
  const timeoutMs = parseDuration(options.timeout ?? '45m');
  const loaded = await loadOneProfile(ctx, options.file, 'create');
  if (options.requirePinned) failOnErrors(unpinnedPools(loaded), `${loaded.file}`);
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
    yes: options.yes === true,
    wait: options.wait !== false,
    timeoutMs,
    next: {
      resume: ackl2Command(ctx, ['create', '-f', loaded.file, ...(options.yes ? ['--yes'] : [])]),
      cleanup: deleteClusterCommand(ctx, name),
      apply: ackl2Command(ctx, ['apply', '-f', loaded.file]),
    },
    question: () => `Create cluster ${name} with ${pools} node pool${pools === 1 ? '' : 's'} in ${loaded.profile.metadata.region}?`,
  });
};
