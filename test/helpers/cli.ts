/**
 * Run the built CLI as a user would: a child process of `node dist/cli.js` (or $ACKL2_CLI,
 * so parallel work can build into its own directory).
 */

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: cleanEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
