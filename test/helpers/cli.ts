/**
 * Run the built CLI as a user would: a process of `node dist/cli.js` (or $ACKL2_CLI, so
 * parallel work can build into its own directory), started by the worker's small launcher
 * (launcher.cjs: a fork from a 40 MB process costs less than from the 100-250 MB test process), or
 * directly by `spawnCli` when a test drives the process itself; or, for the steps of a test
 * that are not its subject, the same built bundle inside the test's process (`runCliInProcess`).
 */

import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli-io.js';
import { cpuAccountingEnv } from './cpu-accounting.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_PATH = process.env.ACKL2_CLI ?? fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

/**
 * What the machine's environment may hold that no CLI run of a test needs: NODE_EXTRA_CA_CERTS
 * makes every Node process read and parse a CA bundle at start-up (about 50 ms of CPU each, a
 * sixth of a `validate`), and a test's CLI only ever talks plain HTTP to a loopback emulator.
 */
const NOT_FOR_TEST_RUNS = new Set(['NODE_EXTRA_CA_CERTS']);

/** Environment with no cloud credentials and no CI colouring surprises. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(ALIBABA_CLOUD_|ALICLOUD_|ACKL2_)/.test(k) || NOT_FOR_TEST_RUNS.has(k)) continue;
    env[k] = v;
  }
  env.NO_COLOR = '1';
  Object.assign(env, cpuAccountingEnv());
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * The built CLI is the e2e project's (vitest.config.ts): the unit project runs without a
 * build, so a unit test that starts the CLI would test a stale or missing dist/.
 */
export function assertE2eProject(): void {
  if (process.env.ACKL2_TEST_PROJECT === 'unit') throw new Error('this test runs the built CLI: name its file *.e2e.test.ts (or move it to test/e2e/) so it runs in the e2e project, after the build');
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  assertE2eProject();
  const launcher = launcherOf();
  const id = launcher.next++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => launcher.process.send({ kill: id, signal: 'SIGKILL' }), options.timeoutMs ?? 60_000);
    launcher.pending.set(id, (answer) => {
      clearTimeout(timer);
      if (answer.error !== undefined) reject(new Error(answer.error));
      else resolve({ code: answer.code ?? null, signal: answer.signal ?? null, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '' });
    });
    launcher.process.send({ id, file: process.execPath, args: [CLI_PATH, ...args], cwd: options.cwd ?? REPO_ROOT, env: cleanEnv(options.env), input: options.input ?? '' });
  });
}

interface LauncherAnswer {
  id: number;
  error?: string;
  code?: number | null;
  signal?: NodeJS.Signals | null;
  stdout?: string;
  stderr?: string;
}

interface Launcher {
  process: ChildProcess;
  next: number;
  pending: Map<number, (answer: LauncherAnswer) => void>;
}

// On globalThis: one launcher per worker, however often vitest evaluates this module.
const LAUNCHER = Symbol.for('ackl2.test.launcher');

/** The worker's launcher (test/helpers/launcher.cjs), started on its first run. */
function launcherOf(): Launcher {
  const holder = globalThis as { [LAUNCHER]?: Launcher };
  if (holder[LAUNCHER]) return holder[LAUNCHER];
  const env = { ...process.env };
  for (const name of NOT_FOR_TEST_RUNS) delete env[name];
  const child = fork(fileURLToPath(new URL('launcher.cjs', import.meta.url)), [], { execArgv: [], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const launcher: Launcher = { process: child, next: 1, pending: new Map() };
  child.on('message', (answer: LauncherAnswer) => {
    launcher.pending.get(answer.id)?.(answer);
    launcher.pending.delete(answer.id);
  });
  child.on('exit', (code, signal) => {
    if (holder[LAUNCHER] === launcher) delete holder[LAUNCHER];
    for (const settle of launcher.pending.values()) settle({ id: 0, error: `the test's CLI launcher exited (${signal ?? code})` });
    launcher.pending.clear();
  });
  // the worker may end while the launcher waits for requests: it stops when the channel closes
  child.unref();
  child.channel?.unref();
  return (holder[LAUNCHER] = launcher);
}

type BundleMain = (argv: string[], load: undefined, io: CliIo) => Promise<number>;

interface InProcessCli {
  main: BundleMain | undefined;
  /** The end of the last queued run: runs of one worker go one at a time. */
  queue: Promise<unknown>;
}

// On globalThis: one bundle and one queue per worker, however often vitest evaluates this module.
const IN_PROCESS = Symbol.for('ackl2.test.in-process-cli');

function inProcessCli(): InProcessCli {
  const holder = globalThis as { [IN_PROCESS]?: InProcessCli };
  return (holder[IN_PROCESS] ??= { main: undefined, queue: Promise.resolve() });
}

/**
 * The built CLI (dist/ackl2.cjs beside $ACKL2_CLI, its exported `main`) run inside this
 * process: the `CliResult` of `runCli`, without a Node start (a tenth to a third of a second
 * of CPU per run). The bundle loads once per worker; runs of a worker go one at a time; each
 * has its own captured stdout and stderr, stdin (`input`, never a TTY), environment
 * (`cleanEnv`, as `runCli`) and directory, and none touches process.env, process.cwd() or the
 * process's signal handlers. `timeoutMs` does not apply (nothing to kill): the test's timeout
 * does. What stays shared between runs of a worker: the loaded modules (the SDKs) and the
 * SDK's keep-alive sockets to an emulator (closed with it); nothing that depends on the run's
 * environment (settings, credentials, rate limiters, sessions are made per run).
 *
 * Where it may be used: the *subject* of an end-to-end test, the command whose behaviour the
 * test is about (exit codes, the stdout/stderr split, signals, kill -9 and a rerun, TTY, the
 * environment, the code cache), runs as a child process (`runCli`). A step that is not the
 * subject, such as a `create` that only sets up the cluster a test works on or a `get` or
 * `diff --exit-code` that only reads the result back, may run here. A test whose subject is
 * pure rendering (help text, a table layout) may run here entirely while a spawned test still
 * covers that command as a process. docs/ARCHITECTURE.md says the same.
 */
export function runCliInProcess(args: string[], options: CliOptions = {}): Promise<CliResult> {
  assertE2eProject();
  const cli = inProcessCli();
  const run = cli.queue.then(() => runOnce(cli, args, options));
  cli.queue = run.catch(() => undefined);
  return run;
}

async function runOnce(cli: InProcessCli, args: string[], options: CliOptions): Promise<CliResult> {
  cli.main ??= (createRequire(import.meta.url)(join(dirname(CLI_PATH), 'ackl2.cjs')) as { main: BundleMain }).main;
  let stdout = '';
  let stderr = '';
  let stdin: Readable | undefined;
  const io: CliIo = {
    stdout: { write: (chunk: string) => ((stdout += chunk), true) },
    stderr: { write: (chunk: string) => ((stderr += chunk), true) },
    get stdin() {
      return (stdin ??= Readable.from(options.input ? [options.input] : []));
    },
    env: cleanEnv(options.env),
    cwd: options.cwd ?? REPO_ROOT,
    ownsProcess: false,
  };
  const code = await cli.main(['node', CLI_PATH, ...args], undefined, io);
  return { code, signal: null, stdout, stderr };
}
