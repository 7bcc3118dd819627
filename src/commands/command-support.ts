/** Small pieces the online commands share: the region, loading one profile, printing issues. */

import type { CommandContext } from './context.js';
import { UserError, ValidationFailed } from '../errors.js';
import { formatIssue, type Issue } from '../profile/issues.js';
import type { LoadedProfile } from '../profile/load.js';
import type { ProfileCache } from '../profile/profile-cache.js';

/** The region of a command: --region, else the profile's, else ALIBABA_CLOUD_REGION_ID, else the emulator's. */
export function regionFor(ctx: CommandContext, profileRegion?: string): string {
  const region = ctx.global.region ?? profileRegion ?? ctx.env.ALIBABA_CLOUD_REGION_ID ?? (ctx.global.emulator ? 'cn-hangzhou' : undefined);
  if (!region) {
    throw new UserError('no region given', { hint: 'pass --region (e.g. --region cn-hangzhou) or set ALIBABA_CLOUD_REGION_ID' });
  }
  if (!/^[a-z]{2,}-[a-z0-9-]+$/.test(region)) throw new UserError(`"${region}" is not a region id`, { hint: 'use a region id such as cn-hangzhou' });
  return region;
}

export async function loadOneProfile(ctx: CommandContext, files: readonly string[], command: string, cache?: ProfileCache): Promise<LoadedProfile> {
  if (files.length !== 1) {
    throw new UserError(files.length === 0 ? `${command} needs a profile: -f FILE` : `${command} takes one profile, got ${files.length}`, {
      hint: `e.g. ackl2 ${command} -f cluster.yaml`,
    });
  }
  // Imported here, not at the top: the online commands that only need regionFor (get, join,
  // nodepool scale) would otherwise load the profile stack (zod, the schema, the scenarios) at start-up.
  const { loadProfile } = await import('../profile/load.js');
  const loaded = await loadProfile(files[0]!, { cwd: ctx.cwd, allowOutsideProject: ctx.global.allowOutsideProject, cache });
  printIssues(ctx, cache ? cache.unshown(loaded.warnings) : loaded.warnings);
  if (ctx.global.region && ctx.global.region !== loaded.profile.metadata.region) {
    ctx.reporter.info(`--region ${ctx.global.region} overrides metadata.region ${loaded.profile.metadata.region}`);
    loaded.profile.metadata.region = ctx.global.region;
  }
  return loaded;
}

export function printIssues(ctx: CommandContext, issues: readonly Issue[]): void {
  for (const issue of issues) {
    if (issue.severity === 'warning') ctx.reporter.warnIssue(formatIssue(issue));
  }
}

export function failOnErrors(issues: readonly Issue[], what: string): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new ValidationFailed(errors, `${what}: ${errors.length} problem${errors.length === 1 ? '' : 's'} found; nothing was created`);
}
