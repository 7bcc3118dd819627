/**
 * One confirmation rule for every command that changes the cloud (create, nodepool add and
 * scale, join, delete, and any later one): `--yes` goes ahead; on a terminal the user is asked;
 * anywhere else the command refuses before changing anything (exit 2, the hint says --yes).
 * The emulator gets no exception, so a pipeline tried against it behaves the same on an account.
 */

import { Interrupted, UserError } from '../errors.js';
import type { CommandContext } from './context.js';
import { flag, type OptionDef } from './define.js';

/** The `-y, --yes` option every cloud-changing command declares. */
export function yesOption(): OptionDef<boolean> {
  return flag('-y, --yes', 'change the cloud without asking (needed where no terminal can answer, e.g. CI)');
}

export interface Confirmation {
  /** The command's --yes. */
  yes: boolean;
  /** "Create cluster x with 3 node pools in cn-hangzhou?" */
  question: string;
  /** The command to rerun, as the hints print it (without --yes). */
  command: string;
}

export async function confirmChanges(ctx: CommandContext, confirmation: Confirmation): Promise<void> {
  if (confirmation.yes) return;
  if (!ctx.interactive) {
    // "nothing was changed" also tells the apply's failure hint not to append a resume command without --yes.
    throw new UserError('refusing to change the cloud without confirmation: there is no terminal to ask; nothing was changed', {
      hint: `add --yes to confirm non-interactively (CI): ${confirmation.command} --yes`,
    });
  }
  let confirmed: boolean;
  try {
    confirmed = await ctx.reporter.confirm(confirmation.question, ctx.signal);
  } catch (error) {
    if (!ctx.signal.aborted) throw error;
    throw new Interrupted('interrupted at the confirmation prompt; nothing was changed', { hint: `rerun when ready: ${confirmation.command}` });
  }
  if (!confirmed) {
    throw new UserError('not confirmed; nothing was changed', { hint: 'rerun and answer y, or add --yes' });
  }
}
