/**
 * The offline half of a fleet run: load and validate every profile named by `-f` (files and
 * directories), and stop with every problem of every file (exit 2) before any API call.
 */

import { loadOneProfile } from '../commands/command-support.js';
import type { CommandContext } from '../commands/context.js';
import { profileFiles } from '../commands/profile-files.js';
import { UserError, ValidationFailed } from '../errors.js';
import type { Issue } from '../profile/issues.js';
import type { LoadedProfile } from '../profile/load.js';
import { ProfileCache } from '../profile/profile-cache.js';

export async function loadFleet(ctx: CommandContext, paths: readonly string[], command: string, check?: (loaded: LoadedProfile) => void): Promise<LoadedProfile[]> {
  if (paths.length === 0) throw new UserError(`${command} needs a profile: -f FILE`, { hint: `e.g. ackl2 ${command} -f cluster.yaml, or -f clusters/ for every profile in a directory` });
  const files = await profileFiles(paths, ctx.cwd);
  const loaded: LoadedProfile[] = [];
  const problems: Issue[] = [];
  const cache = new ProfileCache();
  for (const file of files) {
    try {
      const one = await loadOneProfile(ctx, [file], command, cache);
      check?.(one);
      loaded.push(one);
    } catch (error) {
      if (!(error instanceof ValidationFailed) || files.length === 1) throw error;
      // A problem of a base that several profiles extend is one problem, shown once.
      problems.push(...cache.unshown(error.issues));
    }
  }
  if (problems.length > 0) {
    throw new ValidationFailed(problems, `${files.length - loaded.length} of ${files.length} profiles are not valid; nothing was sent to the cloud`);
  }
  return loaded;
}

/** Two profiles naming the same cluster in the same region would race when both change it. */
export function refuseDuplicateClusters(loaded: readonly LoadedProfile[]): void {
  const seen = new Map<string, string>();
  for (const one of loaded) {
    const key = `${one.profile.metadata.region}/${one.profile.metadata.name}`;
    const other = seen.get(key);
    if (other) {
      throw new UserError(`${other} and ${one.file} both describe cluster ${one.profile.metadata.name} in ${one.profile.metadata.region}`, {
        hint: 'give each profile its own metadata.name (or region); nothing was sent to the cloud',
      });
    }
    seen.set(key, one.file);
  }
}
