/**
 * Every example of every `--help` runs as written, in order, from a directory holding
 * `cluster.yaml` (the cluster the examples call shop-prod) and the ready-made profiles,
 * against an emulator (`--emulator` examples start their own). Each exits as it shows.
 *
 * What is tested is the examples' text (that each command line is right), not the process: an
 * example of plain words runs the built CLI in-process with those words (test/helpers/cli.ts);
 * one that needs a shell (a glob, `$(...)`, a redirection) or serves until Ctrl-C runs in `sh`.
 */

import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exampleText, type Example } from '../../src/commands/define.js';
import { GROUPS, PROGRAM_EXAMPLES } from '../../src/commands/registry.js';
import { loadDefinitions } from '../../src/main.js';
import { CLI_PATH, REPO_ROOT, cleanEnv, runCliInProcess, type CliResult } from '../helpers/cli.js';
import { startCloud, type TestCloud } from './harness.js';

const CLUSTER = `apiVersion: ackl2/v1
kind: ClusterProfile
extends: [builtin:base]
metadata: { name: shop-prod }
cluster: { deletionProtection: false }
nodePools:
  - name: web
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 2
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
  - name: batch
    instanceTypes: [ecs.c7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
`;

const definitions = await loadDefinitions();
const asExample = (e: string | Example): Example => (typeof e === 'string' ? { command: e } : e);
// In registry order (create comes before the commands that use its cluster), groups last.
const examples: [string, Example][] = [
  ...PROGRAM_EXAMPLES.map((e): [string, Example] => ['ackl2', asExample(e)]),
  ...definitions.flatMap((d) => d.examples.map((e): [string, Example] => [d.name, asExample(e)])),
  ...GROUPS.flatMap((g) => g.examples.map((e): [string, Example] => [g.name, asExample(e)])),
];

let cloud: TestCloud;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  cloud = await startCloud();
  dir = mkdtempSync(join(tmpdir(), 'ackl2-examples-'));
  writeFileSync(join(dir, 'cluster.yaml'), CLUSTER);
  // a copy, not a symlink: the -alinux3 profiles extend their siblings, and bases are read only inside the project
  cpSync(join(REPO_ROOT, 'profiles'), join(dir, 'profiles'), { recursive: true });
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'ackl2'), `#!/bin/sh\nexec "${process.execPath}" "${CLI_PATH}" "$@"\n`);
  chmodSync(join(bin, 'ackl2'), 0o755);
  env = cleanEnv({ ...cloud.env, ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou', PATH: `${bin}:${process.env.PATH}` });
});
afterAll(async () => {
  await cloud?.close();
});

/** Words a shell passes on as they are: no quotes, globs, substitutions or redirections. */
const PLAIN_WORDS = /^ackl2( [\w.,:=/-]+)+$/;

function run(example: Example): Promise<CliResult> {
  // --emulator starts its own emulator, which refuses a second target
  const exampleEnv: Record<string, string | undefined> = { ...env };
  // (at its highest speed: the examples show what the commands print, not how long tasks take)
  if (example.command.includes('--emulator')) {
    exampleEnv.ACKL2_ENDPOINT = undefined;
    exampleEnv.ACKL2_EMULATOR_SPEED = '1000';
  }
  if (!example.serves && PLAIN_WORDS.test(example.command)) return runCliInProcess(example.command.split(' ').slice(1), { cwd: dir, env: exampleEnv });
  return shell(example, exampleEnv);
}

function shell(example: Example, exampleEnv: Record<string, string | undefined>): Promise<CliResult> {
  const child = spawn('sh', ['-c', `exec ${example.command}`], { cwd: dir, env: cleanEnv(exampleEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (example.serves && stdout.includes('\n')) child.kill('SIGINT');
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

it('lists the examples of every command and group', () => {
  expect(examples.length).toBeGreaterThan(definitions.length);
  expect(new Set(examples.map(([where]) => where.split(' ')[0]))).toEqual(new Set(['ackl2', ...definitions.map((d) => d.name.split(' ')[0])]));
});

// A group's examples repeat some of its commands' (`nodepool scale ...`): the same command line
// with the same exit code runs once, where it first appears.
const distinct = examples.filter(([, e], i) => examples.findIndex(([, other]) => other.command === e.command && other.exitCode === e.exitCode) === i);

it.each(distinct.map(([where, e]) => [where, exampleText(e), e] as const))('%s: `%s`', async (_where, _text, example) => {
  // every example starts from the cluster.yaml above: `migrate --write` rewrites it for today's offer, not this cloud's
  writeFileSync(join(dir, 'cluster.yaml'), CLUSTER);
  const result = await run(example);
  expect(result.code, `${example.command}\n${result.stderr}`).toBe(example.exitCode ?? 0);
}, 120_000);
