// The apply benchmark, two measurements against the emulator (default durations):
//  1. `ackl2 apply` of the 8-pool profile where every pool changes (size + 1 and a new label),
//     against the emulator's critical path: the slowest pool update (one scale-out task).
//  2. a rolling image upgrade of a 20-node pool (rollingPolicy.maxUnavailable 4), against
//     batches x node replacement time.
// The critical path is read from the emulator's own records: the longest task the run's changes
// started (GET /_emulator/state). Beside the goal's run, the same 8-pool apply against a second
// emulator at --speed 0.5 (every task twice as long): the same fixed cost over a longer critical
// path, which shows how much of the ratio is the fixed cost.
// API calls and Throttling.User answers are counted by the emulator. Each run is followed by
// a rerun of the same apply, which finds nothing to change: its wall time is the fixed cost of
// any apply (process start-up, loading the SDKs, discovery, the diff read, the online
// preflight of what the changes need), reported beside the ratio and taken out of it in a second, labelled ratio.
// Writes the "apply" section of docs/BENCHMARKS.md, leaving the other sections as they are.
//
//   npm run build && node bench/apply.mjs
//   node bench/apply.mjs --runs 3 --no-write
import { machineLine, reproduceBlock, writeBenchmarkSection } from './lib/benchmarks-doc.mjs';
import { cleanEnv, control, startEmulator, wholeLog } from './lib/emulator.mjs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './lib/args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.ACKL2_CLI ?? join(root, 'dist/cli.js');
const args = benchArgs(import.meta.url, { runs: { type: 'string', default: '3' }, 'no-write': { type: 'boolean', default: false } });
const runs = Number(args.runs) || 3;
const write = !args['no-write'];
// Today's ACK (catalogue 2026-11, the emulator's default): the AliyunLinux3 eight-pool fixture of the create benchmark.
const eightPools = 'test/fixtures/bench/eight-pools-alinux3.yaml';

// src/emulator/lifecycle.ts at speed 1: a scale-out task takes 3 s, replacing one batch of
// nodes 2 s (what the emulator's records must confirm: see criticalPathOf). The poll schedule is
// create's (bench/create.mjs): the cloud's (1 s, x1.5, up to 10 s), scaled down by 50. Why 50:
// against ACK the longest gap (10 s) is a few percent of a scale-out that takes minutes, and the
// emulator's 3 s scale-out keeps that proportion at 200 ms (6.7%); a shorter gap would spend
// more of the per-action request budget (18/s by default) on one poll than ackl2 spends against
// ACK, where one poll sends 0.1 requests/s.
const SCALE_MS = 3000;
const SLOW_SPEED = 0.5;
const REPLACE_MS = 2000;
const ROLL_NODES = 20;
const ROLL_BATCH = 4;
const ROLL_CRITICAL_MS = Math.ceil(ROLL_NODES / ROLL_BATCH) * REPLACE_MS;
const POLL = '20ms,1.5,200ms';
const AL3_OLD = 'aliyun_3_x64_20G_alibase_20250629.vhd';
const AL3_NEW = 'aliyun_3_x64_20G_alibase_20260715.vhd';




async function cli_(emulator, argv) {
  const env = cleanEnv({
    ACKL2_ENDPOINT: emulator.endpoint,
    ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.accessKeySecret,
    ACKL2_POLL: POLL,
  });
  const started = performance.now();
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [cli, ...argv], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'close');
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`ackl2 ${argv.join(' ')} exited ${code}:\n${stderr}`);
  return { wallMs, stdout, spawnedAt };
}

/**
 * The emulator's critical path of a run: the longest task its changes started (tasks created
 * after the process was spawned), from the emulator's own records, not from a constant.
 */
async function criticalPathOf(emulator, spawnedAt) {
  const { tasks } = await control(emulator, 'GET', '/_emulator/state');
  const durations = Object.values(tasks).filter((t) => t.created >= spawnedAt).map((t) => t.endsAt - t.created);
  if (durations.length === 0) throw new Error('the run started no task: nothing to divide by');
  return Math.max(...durations);
}

async function counted(emulator, spawnedAt) {
  const calls = wholeLog(await control(emulator, 'GET', '/_emulator/calls'));
  // The in-place phase: from the first change sent to the last answer read (process start-up,
  // SDK loading, discovery and preflight excluded).
  const first = calls.find((c) => c.mutating);
  const phaseMs = first ? Date.parse(calls.at(-1).time) + calls.at(-1).durationMs - Date.parse(first.time) : 0;
  return {
    phaseMs,
    // Where the time before it goes: the process start to its first API call (start-up, SDK
    // loading), then that call to the first change (discovery, preflight, the diff read).
    firstCallMs: Date.parse(calls[0].time) - spawnedAt,
    toChangeMs: first ? Date.parse(first.time) - Date.parse(calls[0].time) : 0,
    // The first change sent to the last (the critical path starts with the last).
    sendSpreadMs: first ? Date.parse(calls.filter((c) => c.mutating).at(-1).time) - Date.parse(first.time) : 0,
    calls: calls.length,
    mutating: calls.filter((c) => c.mutating).length,
    throttled: calls.filter((c) => c.errorCode === 'Throttling.User').length,
    byAction: calls.reduce((acc, c) => ({ ...acc, [c.action]: (acc[c.action] ?? 0) + 1 }), {}),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'ackl2-bench-apply-'));

/** The 8-pool profile with every pool one node bigger and labelled. */
function grown() {
  const text = readFileSync(join(root, eightPools), 'utf8')
    .replace(/desiredSize: (\d+)/g, (_, n) => `desiredSize: ${Number(n) + 1}`)
    .replace(/labels: \{ bench: "([^"]+)" \}/g, 'labels: { bench: "$1", changed: "yes" }');
  const file = join(dir, 'eight-pools-grown.yaml');
  writeFileSync(file, text);
  return file;
}

function rollProfile(image) {
  const file = join(dir, 'roll.yaml');
  writeFileSync(
    file,
    `apiVersion: ackl2/v1
kind: ClusterProfile
extends: [builtin:base]
metadata: { name: bench-roll }
cluster: { deletionProtection: false, kubernetesVersion: 1.34.1-aliyun.1, network: { proxyMode: iptables } }
nodePools:
  - name: big
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: ${ROLL_NODES}
    image: { os: AliyunLinux3, id: ${image} }
    login: { keyPair: ackl2-demo }
    rollingPolicy: { maxUnavailable: ${ROLL_BATCH} }
`,
  );
  return file;
}

/** The same apply once more: nothing to change, so its wall time is an apply's fixed cost. */
async function fixedCost(emulator, file) {
  await control(emulator, 'DELETE', '/_emulator/calls');
  const { wallMs, stdout, spawnedAt } = await cli_(emulator, ['apply', '-f', file, '--yes', '--output', 'json']);
  const { mutating } = await counted(emulator, spawnedAt);
  if (mutating !== 0 || JSON.parse(stdout).updates.changed) throw new Error(`the rerun of apply -f ${file} changed something: the first run did not converge`);
  return wallMs;
}

async function applyEightOnce(emulator) {
  await control(emulator, 'POST', '/_emulator/reset');
  await cli_(emulator, ['create', '-f', eightPools, '--yes', '--output', 'json']);
  await control(emulator, 'DELETE', '/_emulator/calls');
  const file = grown();
  const { wallMs, stdout, spawnedAt } = await cli_(emulator, ['apply', '-f', file, '--yes', '--output', 'json']);
  const doc = JSON.parse(stdout);
  const pools = doc.updates.applied.filter((a) => (a.operation ?? a.id).startsWith('update/pool-'));
  if (pools.length !== 8) throw new Error('not all eight pools were updated');
  const result = { wallMs, criticalMs: await criticalPathOf(emulator, spawnedAt), ...(await counted(emulator, spawnedAt)) };
  return { ...result, fixedMs: await fixedCost(emulator, file) };
}

async function rollOnce(emulator) {
  await control(emulator, 'POST', '/_emulator/reset');
  await cli_(emulator, ['create', '-f', rollProfile(AL3_OLD), '--yes', '--output', 'json']);
  await control(emulator, 'DELETE', '/_emulator/calls');
  const file = rollProfile(AL3_NEW);
  const { wallMs, spawnedAt } = await cli_(emulator, ['apply', '-f', file, '--yes', '--output', 'json']);
  const result = { wallMs, criticalMs: await criticalPathOf(emulator, spawnedAt), ...(await counted(emulator, spawnedAt)) };
  const diff = await cli_(emulator, ['diff', '-f', file, '--exit-code', '--output', 'json']);
  if (JSON.parse(diff.stdout).differs) throw new Error('the rollout did not converge');
  return { ...result, fixedMs: await fixedCost(emulator, file) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function summary(list, expectedMs) {
  const criticalMs = median(list.map((r) => r.criticalMs));
  if (criticalMs !== expectedMs) process.stderr.write(`warning: the emulator's critical path is ${criticalMs} ms, not the ${expectedMs} ms this benchmark describes\n`);
  const wall = median(list.map((r) => r.wallMs));
  const pick = list.find((r) => r.wallMs === wall);
  const phase = median(list.map((r) => r.phaseMs));
  const fixed = median(list.map((r) => r.fixedMs));
  // Per run, the apply minus its own fixed-cost rerun (side by side, same load), then the median.
  const beyond = median(list.map((r) => r.wallMs - r.fixedMs));
  return { criticalMs, wall, ratio: wall / criticalMs, firstCall: median(list.map((r) => r.firstCallMs)), toChange: median(list.map((r) => r.toChangeMs)), spread: median(list.map((r) => r.sendSpreadMs)), phase, phaseRatio: phase / criticalMs, fixed, beyond, beyondRatio: beyond / criticalMs, calls: pick.calls, mutating: pick.mutating, throttled: Math.max(...list.map((r) => r.throttled)), byAction: pick.byAction, n: list.length };
}

const emulator = await startEmulator(cli);
const slowEmulator = await startEmulator(cli, ['--speed', String(SLOW_SPEED)]);
const load = loadavg()[0].toFixed(2);
const eight = [];
const slow = [];
const roll = [];
try {
  await applyEightOnce(emulator); // warm-up
  for (let i = 0; i < runs; i++) {
    eight.push(await applyEightOnce(emulator));
    process.stderr.write(`8-pool apply ${i + 1}/${runs}: ${(eight.at(-1).wallMs / 1000).toFixed(2)} s\n`);
    slow.push(await applyEightOnce(slowEmulator));
    process.stderr.write(`8-pool apply at --speed ${SLOW_SPEED} ${i + 1}/${runs}: ${(slow.at(-1).wallMs / 1000).toFixed(2)} s\n`);
    roll.push(await rollOnce(emulator));
    process.stderr.write(`20-node rollout ${i + 1}/${runs}: ${(roll.at(-1).wallMs / 1000).toFixed(2)} s\n`);
  }
} finally {
  emulator.child.kill('SIGTERM');
  slowEmulator.child.kill('SIGTERM');
}

const a = summary(eight, SCALE_MS);
const longer = summary(slow, SCALE_MS / SLOW_SPEED);
const r = summary(roll, ROLL_CRITICAL_MS);
const breakdown = (s) => Object.entries(s.byAction).sort(([x], [y]) => x.localeCompare(y)).map(([k, n]) => `${k} ${n}`).join(', ');
const verdict = (s) => (s.ratio <= 1.15 && s.throttled === 0 ? 'met' : 'NOT met');

const row = (s, goal = true) =>
  `${(s.wall / 1000).toFixed(2)} s | ${goal ? `**${s.ratio.toFixed(3)}** (${verdict(s)})` : `${s.ratio.toFixed(3)} (not the goal's run)`} | ${(s.fixed / 1000).toFixed(2)} s | ${(s.beyond / 1000).toFixed(2)} s | ${s.beyondRatio.toFixed(3)} | ${(s.phase / 1000).toFixed(2)} s | ${s.phaseRatio.toFixed(3)} | ${s.calls} | ${s.mutating} | ${s.throttled} |`;
const section = `## Apply

Wall time of \`ackl2 apply\` (the built CLI, a process per run, against \`ackl2 emulator\` at its
default durations and limits) divided by the emulator's critical path: the longest task the
run's changes started, read from the emulator's own records (\`GET /_emulator/state\`). API
calls and \`Throttling.User\` answers counted by the emulator. Poll schedule as in the create
benchmark (\`ACKL2_POLL=${POLL}\`): the cloud's (1 s, x1.5, up to 10 s) scaled down by 50, so
its longest gap is about as large a part of the emulator's 3 s scale-out (6.7%) as 10 s is of
ACK's scale-outs of minutes, and one poll sends at most 5 requests/s, under the client's 18/s
per action.

| run | critical path | wall time (median) | / critical path | fixed cost: the same apply rerun, nothing to change | wall - fixed cost | / critical path (fixed cost excluded) | in-place phase | / critical path | API calls | mutating | Throttling.User |
|---|---|---|---|---|---|---|---|---|---|---|---|
| 8-pool profile, every pool +1 node and a new label (\`${eightPools}\`) | slowest pool update: one scale-out, ${a.criticalMs / 1000} s | ${row(a)}
| the same, emulator at \`--speed ${SLOW_SPEED}\` (every task twice as long) | one scale-out, ${longer.criticalMs / 1000} s | ${row(longer, false)}
| rolling image upgrade, ${ROLL_NODES}-node pool, \`rollingPolicy.maxUnavailable: ${ROLL_BATCH}\` | ${Math.ceil(ROLL_NODES / ROLL_BATCH)} batches x ${REPLACE_MS / 1000} s replacement = ${r.criticalMs / 1000} s | ${row(r)}

Goal: <= 1.15 with zero throttling, on the wall time of the 3 s run. The fixed cost is what
every \`apply\` pays whatever it changes: process start-up, loading the SDKs, discovery, the diff
read, and the online preflight of what the changes need; it is measured by rerunning the same
apply right after each run (it must find nothing to change), and does not shrink with the
durations, so a 3 s critical path is the hardest case (ACK's own scale-out takes minutes): the
row at \`--speed ${SLOW_SPEED}\` is the same apply over a ${longer.criticalMs / 1000} s critical path, side by side (its runs
alternate with the goal's), for what the same overhead weighs there. The ratio with the fixed
cost excluded is (wall - fixed cost) / critical path, per run, then the median; it is not the
goal's ratio. The in-place phase runs from the first change sent to the last answer read
(emulator call log).

Before the in-place phase (medians): ${(a.firstCall / 1000).toFixed(2)} s from the process start to its first API call (start-up, loading the SDKs), then ${(a.toChange / 1000).toFixed(2)} s to the first change (discovery: the cluster listing, then its pools beside the cluster detail of the diff; then the preflight of what the changes need, which for sizes and labels is nothing: no ECS or VPC call); the rollout: ${(r.firstCall / 1000).toFixed(2)} s and ${(r.toChange / 1000).toFixed(2)} s (its new image: DescribeImages and the Kubernetes versions). The in-place phase beyond the critical path: ${Math.round(a.spread)} ms from the first change sent to the last (eight ModifyClusterNodePool sent together), then noticing the end: one DescribeClusterTasks per tick reads every pool's task, so the tick that finds a task over ends its wait, with no read after it (the gap of the poll schedule, restarted at its fast start once one pool is done).

Calls of the 8-pool apply: ${breakdown(a)}.
Calls of the rollout: ${breakdown(r)}.
${a.n} runs each after a warm-up (median); ${machineLine(load)}.

${reproduceBlock(`npm run build && node bench/apply.mjs${runs === 3 ? '' : ` --runs ${runs}`}`)}`;

process.stdout.write(`${section}\n`);
if (write) writeBenchmarkSection(root, 'apply', section);
