/**
 * The composition root: registers the command definitions with commander, builds the
 * command context, and is the one place that renders errors and maps them to the exit code
 * `main` returns (src/cli.ts hands it to the process). Only the definitions a command line
 * can reach are loaded (src/commands/registry.ts), so `--help`, `validate`, `plan` and
 * `schema` never load the cloud SDKs nor the other commands' code.
 */

import { Command, CommanderError, Option } from 'commander';
import { Ackl2Error, CloudError, ExitCode, OperationFailed, UserError, ValidationFailed, describeError, exitCodeFor } from './errors.js';
import { formatIssue } from './profile/issues.js';
import type { CommandContext, GlobalOptions } from './commands/context.js';
import { exampleText, type CommandDefinition, type Example, type OptionDef } from './commands/define.js';
import { GROUPS, PROGRAM_EXAMPLES, entriesFor } from './commands/registry.js';
import { Reporter, type OutputFormat } from './ui/reporter.js';
import { readSettings, type Settings } from './settings.js';
import { VERSION } from './version.js';
import { processIo, type CliIo } from './cli-io.js';

/** Runs one command with its typed options (main builds the context; tests pass a stub). */
export type Invoke = (definition: CommandDefinition, options: Record<string, unknown>, command: Command) => Promise<void>;

function examplesHelp(examples: readonly (string | Example)[]): string {
  return `\nExamples:\n${examples.map((e) => `  $ ${exampleText(e)}`).join('\n')}\n`;
}

/** Where commander writes help and usage errors (every subcommand copies it when registered). */
type HelpOutput = Pick<CliIo, 'stdout' | 'stderr'>;

function globalProgram(output: HelpOutput = process): Command {
  return new Command('ackl2')
    .description('Provision Alibaba Cloud ACK clusters on pinned Alibaba Cloud Linux 2 nodes from validated YAML profiles.')
    .version(VERSION, '-V, --version')
    .option('--region <id>', 'region (overrides metadata.region)')
    .option('--profile <name>', 'aliyun CLI credentials profile (as ALIBABA_CLOUD_PROFILE)')
    .option('--endpoint <url>', 'API endpoint override, e.g. a running emulator (or ACKL2_ENDPOINT)')
    .option('--emulator', 'run against a built-in local emulator; no account needed', false)
    .option('--emulator-catalog <name>', 'the dated ACK offer --emulator plays: 2026-11 (today, default) or 2024-03 (the last with AliyunLinux2) (or ACKL2_EMULATOR_CATALOG)')
    .addOption(new Option('-o, --output <format>', 'result format').choices(['table', 'json', 'yaml']).default('table'))
    .option('--events', 'progress as NDJSON events on stderr', false)
    .option('-q, --quiet', 'only results and errors (no progress, no warnings)', false)
    .option('--debug', 'debug logs (secrets redacted) and stack traces for bugs', false)
    .option('--no-color', 'no ANSI colours (also NO_COLOR)')
    .option('--allow-outside-project', 'let extends read base profiles outside the project (the nearest directory with .git, else the working directory)', false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void output.stdout.write(s),
      writeErr: (s) => void output.stderr.write(s),
      getOutHelpWidth: () => (output.stdout.isTTY ? (output.stdout.columns ?? 80) : 80),
      getErrHelpWidth: () => (output.stderr.isTTY ? (output.stderr.columns ?? 80) : 80),
    })
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', examplesHelp(PROGRAM_EXAMPLES));
}

/** The commander option of a definition's option (not for positional arguments). */
function commanderOption(spec: OptionDef<unknown>): Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.required) option.makeOptionMandatory();
  if (spec.choices) option.choices(spec.choices);
  if (spec.default !== undefined) option.default(spec.default);
  else if (spec.kind === 'flag' && !spec.flags.includes('--no-')) option.default(false);
  return option;
}

/** Commander's parsed values as the definition's typed options (defaults parsed like given values). */
function typedOptions(definition: CommandDefinition, command: Command, positional: unknown[], options: Map<string, Option>): Record<string, unknown> {
  const raw = command.opts();
  const typed: Record<string, unknown> = {};
  let argIndex = 0;
  for (const [key, spec] of Object.entries(definition.options)) {
    let value = spec.kind === 'argument' ? positional[argIndex++] : raw[options.get(key)!.attributeName()];
    if (spec.kind === 'list') value = value ?? [];
    if (spec.kind === 'flag') value = Boolean(value);
    if (spec.parse && typeof value === 'string') value = spec.parse(value);
    typed[key] = value;
  }
  return typed;
}

function register(program: Command, definition: CommandDefinition, invoke: Invoke): void {
  const words = definition.name.split(' ');
  let parent = program;
  for (const word of words.slice(0, -1)) {
    parent = parent.commands.find((c) => c.name() === word) ?? group(parent, word);
  }
  const command = parent.command(words.at(-1)!).description(definition.description);
  const options = new Map<string, Option>();
  for (const [key, spec] of Object.entries(definition.options)) {
    if (spec.kind === 'argument') {
      command.argument(spec.flags, spec.description);
      continue;
    }
    const option = commanderOption(spec);
    options.set(key, option);
    command.addOption(option);
  }
  command.addHelpText('after', examplesHelp(definition.examples));
  command.action(async (...args: unknown[]) => {
    const parsed = args.at(-1) as Command;
    await invoke(definition, typedOptions(definition, parsed, args.slice(0, -2), options), parsed);
  });
}

function group(parent: Command, name: string): Command {
  const known = GROUPS.find((g) => g.name === name);
  const command = parent.command(name).description(known?.description ?? '');
  if (known) command.addHelpText('after', examplesHelp(known.examples));
  return command;
}

/** The program with these definitions registered (in registry order). */
export function buildProgram(definitions: readonly CommandDefinition[], invoke: Invoke, output?: HelpOutput): Command {
  const program = globalProgram(output);
  for (const definition of definitions) register(program, definition, invoke);
  return program;
}

/** The definitions `argv` (without node and script) can reach; all of them for the top-level help. */
export async function loadDefinitions(args: readonly string[] = []): Promise<CommandDefinition[]> {
  const global = globalProgram();
  const takesValue = (arg: string) => {
    const option = global.options.find((o) => o.short === arg || o.long === arg);
    return option !== undefined && (option.required || option.optional);
  };
  const entries = entriesFor(args, takesValue);
  return Promise.all(entries.map(async (entry) => (await entry.load()).default));
}

function globalOptions(command: Command, io: CliIo, settings: Settings): GlobalOptions {
  const o = command.optsWithGlobals();
  const { env } = io;
  return {
    region: o.region,
    profile: o.profile ?? env.ALIBABA_CLOUD_PROFILE,
    endpoint: o.endpoint ?? settings.endpoint,
    emulator: Boolean(o.emulator),
    emulatorCatalog: o.emulatorCatalog ?? settings.emulatorCatalog,
    output: o.output as OutputFormat,
    events: Boolean(o.events),
    quiet: Boolean(o.quiet),
    debug: Boolean(o.debug),
    color: o.color !== false && !settings.noColor && Boolean(io.stderr.isTTY),
    allowOutsideProject: Boolean(o.allowOutsideProject),
  };
}

function reportError(reporter: Reporter, error: unknown, debug: boolean): void {
  if (error instanceof ValidationFailed) {
    for (const issue of error.issues) reporter.line(formatIssue(issue));
  }
  if (error instanceof Ackl2Error) {
    const details: string[] = [];
    if (error instanceof CloudError) {
      details.push(`code ${error.code}`);
      if (error.requestId) details.push(`RequestId ${error.requestId}`);
    }
    if (error instanceof OperationFailed && error.taskId) details.push(`task ${error.taskId}${error.stage ? `, stage ${error.stage}` : ''}`);
    reporter.error(details.length > 0 ? `${error.message} (${details.join(', ')})` : error.message, error.hint);
    if (debug && error.cause instanceof Error && error.cause.stack) reporter.line(error.cause.stack);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  reporter.error(`internal error: ${message}`, debug ? undefined : 'this is a bug in ackl2; rerun with --debug for the stack trace and report it');
  if (debug && error instanceof Error && error.stack) reporter.line(error.stack);
}

/** `-o json`, `--output yaml`, `--output=json`, `-ojson` in raw argv (when commander could not parse it). */
function requestedOutput(argv: readonly string[]): OutputFormat {
  let format: string | undefined;
  argv.forEach((arg, i) => {
    const inline = /^(?:--output=|-o)(json|yaml|table)$/.exec(arg);
    if (inline) format = inline[1];
    else if ((arg === '-o' || arg === '--output') && argv[i + 1] !== undefined) format = argv[i + 1];
  });
  return format === 'json' || format === 'yaml' ? format : 'table';
}

/**
 * The two exits that cannot wait for `main` to return: a second Ctrl-C (the user insists) and
 * a closed stdout (nothing more can be written). Every other exit code is `main`'s return value.
 */
function exitNow(code: number): never {
  process.exit(code);
}

/**
 * One run of the CLI: `io` is what it reads and writes (default: the process's own; a test
 * passes captured streams and its own environment and directory).
 */
export async function main(
  argv: string[] = process.argv,
  load: (args: readonly string[]) => Promise<readonly CommandDefinition[]> = loadDefinitions,
  io: CliIo = processIo(),
): Promise<number> {
  const { env } = io;
  const abort = new AbortController();
  let reporter: Reporter | undefined;
  let serves = false;
  let debug = false;
  let exitCode: number = ExitCode.ok;
  let decided = false;
  let lateSignals = 0;

  const onSignal = (signal: NodeJS.Signals) => {
    // Once main has its exit code, or the result document is out, the outcome is decided: a
    // signal no longer interrupts (that would put exit 130 beside a success document). Finishing
    // up goes on; a second signal, or any after main returned, exits with the decided code.
    if (decided) exitNow(exitCode);
    if (reporter?.hasResult && !serves) {
      if (++lateSignals > 1) exitNow(reporter.succeeded ? ExitCode.ok : ExitCode.interrupted);
      return;
    }
    if (abort.signal.aborted) exitNow(ExitCode.interrupted);
    abort.abort(signal);
  };
  if (io.ownsProcess) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // `ackl2 ... | head` closes stdout early: that is the reader's choice, not an error.
    io.stdout.on?.('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') exitNow(exitCode);
      throw error;
    });
  }

  const definitions = await load(argv.slice(2));
  const program = buildProgram(definitions, async (definition, options, command) => {
    serves = definition.serves === true;
    const settings = readSettings(env);
    const global = globalOptions(command, io, settings);
    debug = global.debug;
    reporter = new Reporter({
      output: global.output,
      events: global.events,
      quiet: global.quiet,
      debug: global.debug,
      color: global.color,
      stdout: io.stdout,
      stderr: io.stderr,
      // Node builds process.stdin on first access (a file, pipe or TTY stream: several ms of
      // start-up); only a prompt reads it, so only a prompt pays for it.
      get stdin() {
        return io.stdin;
      },
      live: Boolean(io.stderr.isTTY) && !settings.ci,
    });
    const ctx: CommandContext = {
      global,
      reporter,
      cwd: io.cwd,
      env,
      settings,
      signal: abort.signal,
      get interactive() {
        return Boolean(io.stdin.isTTY && io.stderr.isTTY) && !settings.ci;
      },
    };
    await definition.run(options, ctx);
  }, io);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.userError;
      // commander printed the usage error on stderr; a machine reader still gets its one document.
      const format = requestedOutput(argv);
      if (exitCode !== ExitCode.ok && format !== 'table') {
        const usage = new UserError(error.message === '(outputHelp)' ? 'a subcommand is required' : error.message.replace(/^error:\s*/, ''), { hint: 'run with --help for usage' });
        new Reporter({ output: format, events: false, quiet: true, debug: false, color: false, stdout: io.stdout, stderr: io.stderr }).result({ ok: false, error: describeError(usage) }, () => '');
      }
    } else {
      exitCode = exitCodeFor(error);
      const out = reporter ?? new Reporter({ output: 'table', events: false, quiet: false, debug, color: false, stdout: io.stdout, stderr: io.stderr });
      reportError(out, error, debug);
      if (out.machineOutput && !out.hasResult) out.result({ ok: false, error: describeError(error) }, () => '');
    }
  }
  // The handlers stay: a signal while the process winds down (sockets closing) exits with this
  // code instead of being killed by the signal.
  decided = true;
  return exitCode;
}
