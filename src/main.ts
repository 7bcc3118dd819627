/**
 * Wires commander, builds the command context, and is the one place that maps
 * errors to exit codes. Command modules are imported lazily so `--help`, `validate`, `plan`
 * and `schema` never load the cloud SDKs.
 */

import { Command, CommanderError, Option } from 'commander';
import { Ackl2Error, CloudError, ExitCode, OperationFailed, UserError, ValidationFailed, describeError, exitCodeFor } from './errors.js';
import { formatIssue } from './profile/issues.js';
import type { CommandContext, GlobalOptions } from './commands/context.js';
import { Reporter, type OutputFormat } from './ui/reporter.js';
import { VERSION } from './version.js';

type Loader = () => Promise<{ run: (options: any, ctx: CommandContext) => Promise<void> }>;

const collect = (value: string, previous: string[]): string[] => previous.concat(value);
const fileOption = () => new Option('-f, --file <path>', 'cluster profile (YAML)').argParser(collect).default([] as string[]);

function example(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

export function buildProgram(invoke: (load: Loader, options: Record<string, unknown>, command: Command) => Promise<void>): Command {
  const program = new Command('ackl2')
    .description('Provision Alibaba Cloud ACK clusters on pinned Alibaba Cloud Linux 2 nodes from validated YAML profiles.')
    .version(VERSION, '-V, --version')
    .option('--region <id>', 'region (overrides metadata.region)')
    .option('--profile <name>', 'aliyun CLI credentials profile (as ALIBABA_CLOUD_PROFILE)')
    .option('--endpoint <url>', 'API endpoint override, e.g. a running emulator (or ACKL2_ENDPOINT)')
    .option('--emulator', 'run against a built-in local emulator; no account needed', false)
    .addOption(new Option('-o, --output <format>', 'result format').choices(['table', 'json', 'yaml']).default('table'))
    .option('--events', 'progress as NDJSON events on stderr', false)
    .option('-q, --quiet', 'only results and errors', false)
    .option('--debug', 'debug logs (secrets redacted) and stack traces for bugs', false)
    .option('--no-color', 'no ANSI colours (also NO_COLOR)')
    .option('--allow-outside-project', 'let extends read base profiles outside the project (the nearest directory with .git, else the working directory)', false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', example([
      'ackl2 validate -f cluster.yaml',
      'ackl2 plan -f cluster.yaml --output json',
      'ackl2 create -f profiles/quickstart.yaml --emulator',
    ]));

  const action = (load: Loader) =>
    async function (this: Command, ...args: unknown[]) {
      const command = args[args.length - 1] as Command;
      const positional = args.slice(0, -2);
      const options = { ...command.opts(), args: positional };
      await invoke(load, options, command);
    };

  program
    .command('validate')
    .description('check profiles offline: every problem at once, as FILE:LINE:COL path: message (hint)')
    .addOption(fileOption())
    .option('--strict', 'treat warnings as errors', false)
    .addHelpText('after', example(['ackl2 validate -f cluster.yaml', 'ackl2 validate -f a.yaml -f b.yaml --output json']))
    .action(action(() => import('./commands/validate.js')));

  program
    .command('plan')
    .description('show the exact ACK/ECS API requests create would send (offline, no credentials)')
    .addOption(fileOption())
    .option('--show-scripts', 'print each pool\'s generated pre-join script, decoded', false)
    .addHelpText('after', example(['ackl2 plan -f cluster.yaml', 'ackl2 plan -f cluster.yaml --output json', 'ackl2 plan -f cluster.yaml --show-scripts']))
    .action(action(() => import('./commands/plan.js')));

  program
    .command('create')
    .description('preflight, then create or resume the cluster, its node pools and joined instances')
    .addOption(fileOption())
    .option('--dry-run', 'print the offline plan and stop', false)
    .option('-y, --yes', 'do not ask for confirmation', false)
    .option('--no-wait', 'return once everything is submitted')
    .option('--timeout <duration>', 'give up waiting after this long (e.g. 45m, 90s)', '45m')
    .option('--require-pinned', 'refuse pools without a pinned image.id', false)
    .addHelpText('after', example(['ackl2 create -f cluster.yaml', 'ackl2 create -f cluster.yaml --yes --output json   # CI', 'ackl2 create -f profiles/quickstart.yaml --emulator']))
    .action(action(() => import('./commands/create.js')));

  const nodepool = program
    .command('nodepool')
    .description('grow a cluster: add or scale node pools')
    .addHelpText('after', example(['ackl2 nodepool add -f cluster.yaml --pool gpu', 'ackl2 nodepool scale --cluster shop-prod --pool web --size 6']));
  nodepool
    .command('add')
    .description('create one pool of the profile on the existing cluster')
    .addOption(fileOption())
    .requiredOption('--pool <name>', 'pool name in the profile')
    .option('-y, --yes', 'do not ask for confirmation', false)
    .option('--no-wait', 'return once submitted')
    .option('--timeout <duration>', 'give up waiting after this long', '30m')
    .addHelpText('after', example(['ackl2 nodepool add -f cluster.yaml --pool gpu']))
    .action(action(() => import('./commands/nodepool-add.js')));
  nodepool
    .command('scale')
    .description('set a pool\'s desired size and wait until it is active')
    .requiredOption('--cluster <name>', 'cluster name or id')
    .requiredOption('--pool <name>', 'node pool name or id')
    .requiredOption('--size <n>', 'desired number of nodes')
    .option('--no-wait', 'return once submitted')
    .option('--timeout <duration>', 'give up waiting after this long', '30m')
    .addHelpText('after', example(['ackl2 nodepool scale --cluster shop-prod --pool web --size 6']))
    .action(action(() => import('./commands/nodepool-scale.js')));

  program
    .command('join')
    .description('attach existing ECS instances to a node pool (batched)')
    .requiredOption('--cluster <name>', 'cluster name or id')
    .requiredOption('--pool <name>', 'node pool name or id')
    .requiredOption('--instances <ids>', 'comma-separated ECS instance ids')
    .option('--format-disk', 'format the data disk of each instance', false)
    .option('--no-keep-instance-name', 'let ACK rename the instances')
    .option('--no-wait', 'return once submitted')
    .option('--timeout <duration>', 'give up waiting after this long', '30m')
    .addHelpText('after', example(['ackl2 join --cluster shop-prod --pool web --instances i-bp1aaa,i-bp1bbb']))
    .action(action(() => import('./commands/join.js')));

  const get = program
    .command('get')
    .description('list clusters, node pools or nodes')
    .addHelpText('after', example(['ackl2 get clusters', 'ackl2 get nodes --cluster shop-prod --output json']));
  get
    .command('clusters')
    .description('clusters in the region')
    .addHelpText('after', example(['ackl2 get clusters --region cn-hangzhou --output json']))
    .action(action(() => import('./commands/get-clusters.js')));
  get
    .command('nodepools')
    .description('node pools of a cluster')
    .requiredOption('--cluster <name>', 'cluster name or id')
    .addHelpText('after', example(['ackl2 get nodepools --cluster shop-prod']))
    .action(action(() => import('./commands/get-nodepools.js')));
  get
    .command('nodes')
    .description('nodes of a cluster')
    .requiredOption('--cluster <name>', 'cluster name or id')
    .option('--pool <name>', 'only this node pool')
    .addHelpText('after', example(['ackl2 get nodes --cluster shop-prod --pool web']))
    .action(action(() => import('./commands/get-nodes.js')));

  const del = program
    .command('delete')
    .description('delete resources')
    .addHelpText('after', example(['ackl2 delete cluster shop-dev --yes --wait']));
  del
    .command('cluster')
    .description('delete a cluster (refuses while deletion protection is on)')
    .argument('<name>', 'cluster name or id')
    .option('-y, --yes', 'do not ask for confirmation', false)
    .option('--wait', 'wait until the cluster is gone', false)
    .option('--timeout <duration>', 'give up waiting after this long', '30m')
    .addHelpText('after', example(['ackl2 delete cluster shop-dev --yes --wait']))
    .action(action(() => import('./commands/delete-cluster.js')));

  program
    .command('kubeconfig')
    .description('fetch the cluster kubeconfig: merge into ~/.kube/config or write a file (mode 0600)')
    .requiredOption('--cluster <name>', 'cluster name or id')
    .option('--write <path>', 'write to this file instead of merging into ~/.kube/config')
    .option('--private', 'use the private (VPC) API server address', false)
    .addHelpText('after', example(['ackl2 kubeconfig --cluster shop-prod', 'ackl2 kubeconfig --cluster shop-prod --write ./kubeconfig']))
    .action(action(() => import('./commands/kubeconfig.js')));

  program
    .command('pin')
    .description('write the newest image ids and Kubernetes patch into the profile, keeping comments')
    .addOption(fileOption())
    .option('--check', 'exit 2 if the file is not pinned to the newest, without writing', false)
    .addHelpText('after', example(['ackl2 pin -f cluster.yaml']))
    .action(action(() => import('./commands/pin.js')));

  program
    .command('images')
    .description('public Alibaba Cloud Linux images of the region, newest first')
    .addOption(new Option('--os <family>', 'OS family').choices(['AliyunLinux2', 'AliyunLinux3']).default('AliyunLinux2'))
    .addHelpText('after', example(['ackl2 images --region cn-hangzhou']))
    .action(action(() => import('./commands/images.js')));

  program
    .command('scenarios')
    .description('the tuning catalogue, with the seed-article section each comes from')
    .addHelpText('after', example(['ackl2 scenarios', 'ackl2 scenarios --output json']))
    .action(action(() => import('./commands/scenarios.js')));

  program
    .command('profiles')
    .description('the ready-made profiles shipped in profiles/ (use as builtin:NAME)')
    .addHelpText('after', example(['ackl2 profiles', 'ackl2 plan -f "$(ackl2 profiles --path quickstart)"']))
    .option('--path <name>', 'print the file path of one profile')
    .action(action(() => import('./commands/profiles.js')));

  program
    .command('schema')
    .description('JSON Schema of the profile format, for editors')
    .addHelpText('after', example(['ackl2 schema > ackl2-profile.schema.json']))
    .action(action(() => import('./commands/schema.js')));

  program
    .command('emulator')
    .description('run the local ACK/ECS emulator the official SDKs talk to')
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', '0')
    .option('--state <file>', 'persist the world to this JSON file')
    .option('--speed <factor>', 'divide every task duration by this factor', '1')
    .option('--faults <spec>', 'fault probabilities, e.g. throttle=0.1,unavailable=0.05,reset=0.02,slow=0.1,taskFail=0.01')
    .option('--seed <n>', 'seed for faults and generated ids')
    .option('--world <file>', 'YAML/JSON world to start from instead of the built-in one')
    .option('--access-key-id <id>', 'AccessKey id to accept')
    .option('--access-key-secret <secret>', 'AccessKey secret to accept')
    .addHelpText('after', example(['ackl2 emulator --port 8700 --state ./emulator.json', 'ackl2 emulator --output json   # one JSON line once ready']))
    .action(action(() => import('./commands/emulator.js')));

  return program;
}

function globalOptions(command: Command, env: NodeJS.ProcessEnv): GlobalOptions {
  const o = command.optsWithGlobals();
  return {
    region: o.region,
    profile: o.profile ?? env.ALIBABA_CLOUD_PROFILE,
    endpoint: o.endpoint ?? env.ACKL2_ENDPOINT,
    emulator: Boolean(o.emulator),
    output: o.output as OutputFormat,
    events: Boolean(o.events),
    quiet: Boolean(o.quiet),
    debug: Boolean(o.debug),
    color: o.color !== false && env.NO_COLOR === undefined && Boolean(process.stderr.isTTY),
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

export async function main(argv: string[] = process.argv): Promise<number> {
  const env = process.env;
  const abort = new AbortController();
  let reporter: Reporter | undefined;
  let debug = false;
  let exitCode: number = ExitCode.ok;

  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) process.exit(ExitCode.interrupted);
    abort.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // `ackl2 ... | head` closes stdout early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.ok);
    throw error;
  });

  const program = buildProgram(async (load, options, command) => {
    const global = globalOptions(command, env);
    debug = global.debug;
    reporter = new Reporter({
      output: global.output,
      events: global.events,
      quiet: global.quiet,
      debug: global.debug,
      color: global.color,
      stdout: process.stdout,
      stderr: process.stderr,
    });
    const ctx: CommandContext = {
      global,
      reporter,
      cwd: process.cwd(),
      env,
      signal: abort.signal,
      interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY) && !env.CI,
    };
    const module = await load();
    await module.run(options, ctx);
  });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.userError;
      // commander printed the usage error on stderr; a machine reader still gets its one document.
      const format = requestedOutput(argv);
      if (exitCode !== ExitCode.ok && format !== 'table') {
        const usage = new UserError(error.message === '(outputHelp)' ? 'a subcommand is required' : error.message.replace(/^error:\s*/, ''), { hint: 'run with --help for usage' });
        new Reporter({ output: format, events: false, quiet: true, debug: false, color: false, stdout: process.stdout, stderr: process.stderr }).result({ ok: false, error: describeError(usage) }, () => '');
      }
    } else {
      exitCode = exitCodeFor(error);
      const out = reporter ?? new Reporter({ output: 'table', events: false, quiet: false, debug, color: false, stdout: process.stdout, stderr: process.stderr });
      reportError(out, error, debug);
      if (out.machineOutput && !out.hasResult) out.result({ ok: false, error: describeError(error) }, () => '');
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return exitCode;
}
