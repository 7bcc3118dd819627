/**
 * What every multi-profile command shares: the `--max-parallel` / `--fail-fast` options, and
 * running one profile's work for each loaded profile (one profile: as before, no fleet).
 */

import type { CommandContext } from '../commands/context.js';
import { flag, value } from '../commands/define.js';
import { UserError } from '../errors.js';
import type { LoadedProfile } from '../profile/load.js';
import { refuseDuplicateClusters } from './load-profiles.js';
import { DEFAULT_FLEET_PARALLEL, reportFleet, runFleet } from './run-fleet.js';

export function fleetOptions(verb: string) {
  return {
    maxParallel: value('--max-parallel <n>', `with several profiles: how many are ${verb} at once`, { default: String(DEFAULT_FLEET_PARALLEL), parse: positiveWhole }),
    failFast: flag('--fail-fast', 'with several profiles: stop them all when one fails'),
  };
}

export interface FleetCommandOptions {
  command: string;
  maxParallel: number;
  failFast: boolean;
  /** Mutating commands: several profiles need --yes (prompts would interleave). */
  confirmed?: boolean | undefined;
}

export async function forEachProfile(
  ctx: CommandContext,
  profiles: readonly LoadedProfile[],
  options: FleetCommandOptions,
  work: (ctx: CommandContext, loaded: LoadedProfile) => Promise<void>,
): Promise<void> {
  if (profiles.length === 1) return work(ctx, profiles[0]!);
  if (options.confirmed !== undefined) refuseDuplicateClusters(profiles);
  if (options.confirmed === false) {
    throw new UserError(`${options.command} with ${profiles.length} profiles needs --yes`, {
      hint: `review first (\`ackl2 ${options.command === 'create' ? 'create --dry-run' : 'diff'} -f ...\`), then rerun with --yes; nothing was changed`,
    });
  }
  const results = await runFleet(
    ctx,
    profiles.map((loaded) => ({ name: loaded.profile.metadata.name, file: loaded.file, run: (memberCtx) => work(memberCtx, loaded) })),
    { maxParallel: options.maxParallel, failFast: options.failFast },
  );
  reportFleet(ctx, options.command, results);
}

function positiveWhole(raw: string): number {
  if (!/^[1-9]\d*$/.test(raw)) throw new UserError(`--max-parallel ${raw} is not a positive whole number`, { hint: 'e.g. --max-parallel 8' });
  return Number(raw);
}
