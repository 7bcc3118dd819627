/** The exact commands ackl2 tells a user to run next: resume the same work, or clean up. */

import type { CommandContext } from './context.js';

/** POSIX shell quoting, only where needed. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Global flags that must be repeated for the same target (region, credentials profile, endpoint). */
export function globalFlags(ctx: CommandContext): string[] {
  const g = ctx.global;
  const flags: string[] = [];
  if (g.region) flags.push('--region', g.region);
  if (g.profile && g.profile !== ctx.env.ALIBABA_CLOUD_PROFILE) flags.push('--profile', g.profile);
  if (g.endpoint && g.endpoint !== ctx.settings.endpoint) flags.push('--endpoint', g.endpoint);
  if (g.emulator) flags.push('--emulator');
  // Each catalogue keeps its own --emulator world: the next command must play the same one.
  if (g.emulator && g.emulatorCatalog && g.emulatorCatalog !== ctx.settings.emulatorCatalog) flags.push('--emulator-catalog', g.emulatorCatalog);
  return flags;
}

export function ackl2Command(ctx: CommandContext, args: string[]): string {
  return ['ackl2', ...args, ...globalFlags(ctx)].map(shellQuote).join(' ');
}

export function deleteClusterCommand(ctx: CommandContext, name: string): string {
  return ackl2Command(ctx, ['delete', 'cluster', name]);
}
