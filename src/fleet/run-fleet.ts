/**
 * Runs one online piece of work (create, apply, ...) for many profiles in one process: up to
 * `maxParallel` at once, each with its own prefixed progress and result, all sharing the
 * region sessions, the one flow limiter and the region facts (shared-sessions.ts). A failing profile does not
 * stop the others unless `failFast`; the run's exit code is the worst of the profiles'.
 * Loading and validating every profile is the caller's, before this starts (no API call
 * happens while any profile has an offline problem).
 */

import type { CommandContext } from '../commands/context.js';
import { setMaxListeners } from 'node:events';
import { describeError, exitCodeFor, ExitCode, FleetFailed, ValidationFailed } from '../errors.js';
import { formatIssue } from '../profile/issues.js';
import { Reporter } from '../ui/reporter.js';
import { CapturedStdout, prefixedStderr } from './prefixed-stream.js';
import { SharedSessions } from './shared-sessions.js';
import { Turns } from './turns.js';

/** How many profiles run at once by default: enough to overlap their waits, few enough to keep the shared quota useful. */
export const DEFAULT_FLEET_PARALLEL = 8;

export interface FleetMember {
  /** The profile's metadata.name: the progress prefix and the result's key. */
  name: string;
  file: string;
  run: (ctx: CommandContext) => Promise<void>;
}

export interface FleetOptions {
  maxParallel?: number | undefined;
  failFast?: boolean | undefined;
}

export interface FleetMemberResult {
  profile: string;
  file: string;
  status: 'ok' | 'failed' | 'skipped';
  exitCode: number;
  /** The profile's own result document (what a single-profile run prints), when it wrote one. */
  result?: unknown;
  error?: Record<string, unknown>;
  /** Human output of the profile (table mode). */
  text?: string;
}

export async function runFleet(ctx: CommandContext, members: readonly FleetMember[], options: FleetOptions = {}): Promise<FleetMemberResult[]> {
  const stopAll = new AbortController();
  // Every profile's calls and waits listen on this one signal.
  setMaxListeners(0, stopAll.signal);
  const turns = new Turns();
  const sessions = new SharedSessions(ctx, stopAll.signal, turns);
  const onAbort = () => stopAll.abort(ctx.signal.reason);
  if (ctx.signal.aborted) onAbort();
  else ctx.signal.addEventListener('abort', onAbort, { once: true });
  const maxParallel = Math.max(1, options.maxParallel ?? DEFAULT_FLEET_PARALLEL);
  const results: FleetMemberResult[] = members.map((m) => ({ profile: m.name, file: m.file, status: 'skipped', exitCode: 0 }));
  let next = 0;

  const runOne = async (index: number): Promise<void> => {
    const member = members[index]!;
    const stdout = new CapturedStdout();
    const { options: parent } = ctx.reporter;
    const reporter = new Reporter({
      ...parent,
      output: parent.output === 'table' ? 'table' : 'json',
      live: false,
      stdin: undefined,
      stdout,
      stderr: prefixedStderr(parent.stderr, member.name, parent.events),
    });
    const memberCtx: CommandContext = { ...ctx, reporter, signal: stopAll.signal, interactive: false, sessions };
    try {
      await member.run(memberCtx);
      results[index] = { ...results[index]!, status: 'ok', exitCode: ExitCode.ok, ...captured(stdout, parent.output) };
    } catch (error) {
      const hint = error instanceof Error && 'hint' in error && typeof error.hint === 'string' ? error.hint : undefined;
      if (error instanceof ValidationFailed) for (const issue of error.issues) reporter.line(formatIssue(issue));
      reporter.error(error instanceof Error ? error.message : String(error), hint);
      results[index] = { ...results[index]!, status: 'failed', exitCode: exitCodeFor(error), error: describeError(error), ...captured(stdout, parent.output) };
      if (options.failFast) stopAll.abort(new Error(`--fail-fast: ${member.name} failed`));
    }
  };

  const worker = async (): Promise<void> => {
    while (next < members.length && !stopAll.signal.aborted) {
      const index = next++;
      // Each profile starts in a turn of its own: the first is under way before the others' work begins.
      if (index > 0) await turns.next();
      if (stopAll.signal.aborted) return;
      await runOne(index);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(maxParallel, members.length) }, worker));
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await sessions.closeAll();
  }
  return results;
}

function captured(stdout: CapturedStdout, output: string): Pick<FleetMemberResult, 'result' | 'text'> {
  if (stdout.text.trim() === '') return {};
  if (output === 'table') return { text: stdout.text.trimEnd() };
  try {
    return { result: JSON.parse(stdout.text) };
  } catch {
    return { text: stdout.text.trimEnd() };
  }
}

/** The run's one result: a document with every profile, and the worst exit code as the error. */
export function reportFleet(ctx: CommandContext, command: string, results: readonly FleetMemberResult[]): void {
  const failed = results.filter((r) => r.status === 'failed');
  const skipped = results.filter((r) => r.status === 'skipped');
  const ok = failed.length === 0 && skipped.length === 0;
  const document = {
    ok,
    profiles: results.map(({ text: _text, ...rest }) => rest),
  };
  ctx.reporter.result(document, () => results.map((r) => humanLine(ctx, r)).join('\n'));
  if (ok) return;
  const worst = results.reduce((code, r) => Math.max(code, r.exitCode), 0);
  const exitCode = (worst === 0 ? ExitCode.interrupted : worst) as ExitCode;
  const parts = [`${failed.length} of ${results.length} profiles failed`, skipped.length > 0 ? `${skipped.length} not started` : ''].filter(Boolean);
  throw new FleetFailed(exitCode, `${command}: ${parts.join(', ')}`, {
    hint: `each failure is shown above with its own hint; rerun the same \`ackl2 ${command}\` to resume only what is missing`,
  });
}

function humanLine(ctx: CommandContext, r: FleetMemberResult): string {
  const mark = r.status === 'ok' ? ctx.reporter.paint('green', '✔') : r.status === 'failed' ? ctx.reporter.paint('red', '✖') : ctx.reporter.paint('dim', '-');
  const head = `${mark} ${r.profile} (${r.file}): ${r.status}${r.status === 'failed' ? ` (exit ${r.exitCode}): ${String(r.error?.message ?? '')}` : ''}`;
  const body = r.text ? `\n${r.text.split('\n').map((l) => `    ${l}`).join('\n')}` : '';
  return head + body;
}
