/**
 * An in-process CommandContext with a Reporter writing to memory, for tests that drive the
 * session and gateways without spawning the CLI.
 */

import type { CommandContext, GlobalOptions } from '../../src/commands/context.js';
import { readSettings } from '../../src/settings.js';
import { Reporter } from '../../src/ui/reporter.js';

export interface MemoryContext {
  ctx: CommandContext;
  stdout: () => string;
  stderr: () => string;
  abort: AbortController;
}

export function memoryContext(global: Partial<GlobalOptions> = {}, env: NodeJS.ProcessEnv = process.env): MemoryContext {
  let out = '';
  let err = '';
  const abort = new AbortController();
  const options: GlobalOptions = { emulator: false, output: 'table', events: false, quiet: false, debug: false, color: false, ...global };
  const reporter = new Reporter({
    output: options.output,
    events: options.events,
    quiet: options.quiet,
    debug: options.debug,
    color: false,
    live: false,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return {
    ctx: { global: options, reporter, cwd: process.cwd(), env, settings: readSettings(env), signal: abort.signal, interactive: false },
    stdout: () => out,
    stderr: () => err,
    abort,
  };
}
