/**
 * End-to-end harness: an emulator on loopback in the test process, the built CLI as a child
 * process pointed at it (`ACKL2_ENDPOINT` + the emulator's key pair in the environment), or
 * in-process for the steps that are not a test's subject (`inProcess`, test/helpers/cli.ts),
 * and checks every run's output for secrets.
 *
 * The emulator runs on its virtual clock: every API call moves time one second on, so a task
 * takes a fixed number of polls (a cluster six), never wall time, whatever the machine's
 * load; every state a task goes through is still seen. The CLI polls every 10 ms and the
 * emulator's flow control is off unless a test sets `qps`.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startEmulator, type CallRecord, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { assertE2eProject, cleanEnv, CLI_PATH, REPO_ROOT, runCli, runCliInProcess, type CliResult } from '../helpers/cli.js';

/** A node password some fixtures read from the environment: must never be printed. */
export const NODE_PASSWORD = 'N0de-Pa55word-e2e!';

export interface RunOptions {
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  input?: string;
  cwd?: string;
}

export interface TestCloud {
  emulator: RunningEmulator;
  env: Record<string, string>;
  /** Secrets no output may contain. */
  secrets: string[];
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  /** `run` inside the test's process (runCliInProcess): only for a step that is not the test's subject. */
  inProcess(args: string[], options?: RunOptions): Promise<CliResult>;
  /** GET /_emulator/calls. */
  calls(): Promise<CallRecord[]>;
  /** DELETE /_emulator/calls. */
  clearCalls(): Promise<void>;
  /** POST /_emulator/faults with a spec string (`clear` first drops earlier faults). */
  faults(spec: string, clear?: boolean): Promise<void>;
  /** Virtual time per API call from now on (0: time stands still until `advance`). */
  step(stepMs: number): void;
  /** Move virtual time forward. */
  advance(ms: number): void;
  /** Stops the emulator and removes the private HOME. */
  close(): Promise<void>;
}

/** Polls close together: the virtual clock, not the gap, decides how many a task takes. */
export const FAST_POLL = '10ms,1,10ms';
/** Virtual time per API call: the emulator's task durations (seconds) become a few polls each. */
export const STEP_MS = 1000;

/**
 * The catalogue of the profiles a test creates: the ready-made AliyunLinux2 profiles (and the
 * fixtures) belong to `2024-03`, the last offer with AliyunLinux2 node pools; a test of today's
 * ACK names `2026-11`.
 */
export const LEGACY_CATALOGUE = '2024-03';

/** `from`: start with a copy of another cloud's world (its own world, no shared state). */
export async function startCloud(options: EmulatorOptions & { from?: TestCloud } = {}): Promise<TestCloud> {
  const { from, ...emulatorOptions } = options;
  const statePath = from ? copyWorld(from) : undefined;
  const catalogue = emulatorOptions.world === undefined ? { catalogue: emulatorOptions.catalogue ?? (from ? from.emulator.catalogue : LEGACY_CATALOGUE) } : {};
  const emulator = await startEmulator({ clock: { virtual: { stepMs: STEP_MS } }, qps: 0, seed: 1, statePath, ...emulatorOptions, ...catalogue });
  const home = mkdtempSync(join(tmpdir(), 'ackl2-e2e-home-'));
  const env: Record<string, string> = {
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    ACKL2_ENDPOINT: emulator.endpoint,
    ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.accessKeySecret,
    // never let the credentials chain ask a metadata service from a test
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    ACKL2_POLL: FAST_POLL,
    // the emulator's flow control is off unless a test sets qps (then it sets this too)
    ACKL2_MAX_RPS: '200',
    ACKL2_MAX_RPS_PER_ACTION: '200',
    NODE_PASSWORD,
    CI: 'true',
  };
  const secrets = [emulator.accessKeySecret, emulator.token, NODE_PASSWORD];
  const token = { authorization: `Bearer ${emulator.token}` };
  return {
    emulator,
    env,
    secrets,
    async run(args, runOptions = {}) {
      const result = await runCli(args, { env: { ...env, ...runOptions.env }, timeoutMs: runOptions.timeoutMs ?? 60_000, input: runOptions.input, cwd: runOptions.cwd });
      assertNoSecrets(result, secrets);
      return result;
    },
    async inProcess(args, runOptions = {}) {
      const result = await runCliInProcess(args, { env: { ...env, ...runOptions.env }, input: runOptions.input, cwd: runOptions.cwd });
      assertNoSecrets(result, secrets);
      return result;
    },
    async calls() {
      const response = await fetch(`${emulator.endpoint}/_emulator/calls`);
      const body = (await response.json()) as CallRecord[] | { calls: CallRecord[]; dropped: number };
      if (Array.isArray(body)) return body;
      // A test that counts calls must see them all, not the newest under the log's cap.
      if (body.dropped > 0) throw new Error(`the emulator's call log dropped ${body.dropped} calls: the test must clear it sooner`);
      return body.calls;
    },
    async clearCalls() {
      await fetch(`${emulator.endpoint}/_emulator/calls`, { method: 'DELETE', headers: token });
    },
    async faults(spec, clear = true) {
      const response = await fetch(`${emulator.endpoint}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ spec, clear }), headers: { 'content-type': 'application/json', ...token } });
      if (!response.ok) throw new Error(`faults: ${response.status} ${await response.text()}`);
    },
    step: (stepMs) => void emulator.changeClock({ stepMs }),
    advance: (ms) => void emulator.changeClock({ advanceMs: ms }),
    async close() {
      await emulator.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The other cloud's state, settled, as a state file a new emulator starts from. */
function copyWorld(from: TestCloud): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ackl2-e2e-world-')), 'state.json');
  writeFileSync(file, JSON.stringify(from.emulator.state()));
  return file;
}

export function assertNoSecrets(result: { stdout: string; stderr: string }, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(result.stdout.includes(secret), 'a secret leaked on stdout').toBe(false);
    expect(result.stderr.includes(secret), 'a secret leaked on stderr').toBe(false);
  }
}

/** stdout must be exactly one JSON document. */
export function jsonOf(result: CliResult): Record<string, any> {
  try {
    return JSON.parse(result.stdout) as Record<string, any>;
  } catch {
    throw new Error(`stdout is not one JSON document:\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
  }
}

export function mutating(calls: readonly CallRecord[]): CallRecord[] {
  return calls.filter((c) => c.mutating);
}

/** Write a profile into a temp dir (relative paths and builtin: extends keep working). */
export function writeProfile(text: string, name = 'profile.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ackl2-e2e-profile-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Spawn the CLI without waiting, to kill it mid-flight. */
export function spawnCli(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<CliResult> } {
  assertE2eProject();
  const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: REPO_ROOT, env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin!.end();
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Mulberry32: a seeded PRNG so random kill points replay. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A one-pool profile on the shared world (pinned AL2, key pair), extending builtin:base. */
export function onePoolProfile(name: string): string {
  return `apiVersion: ackl2/v1
kind: ClusterProfile
extends: [builtin:base]
metadata: { name: ${name} }
cluster: { deletionProtection: false }
nodePools:
  - name: web
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
`;
}
