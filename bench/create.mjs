// The create benchmark: how close `ackl2 create` of an 8-pool profile comes to the
// emulator's critical path (cluster + slowest pool), how many API calls it makes, and how
// often it is throttled at the default limits; side by side, in the same run, with a
// baseline that applies the same plan one operation at a time (ACKL2_MAX_PARALLEL=1).
// Writes the "create" section of docs/BENCHMARKS.md, leaving the other sections as they are.
//
//   npm run build && node bench/create.mjs
//   ACKL2_CLI=/tmp/x-dist/cli.js node bench/create.mjs    # a build elsewhere
//   node bench/create.mjs --runs 5 --no-write             # more runs, print only
import { machineLine, reproduceBlock, writeBenchmarkSection } from './lib/benchmarks-doc.mjs';
import { cleanEnv, control, startEmulator, wholeLog } from './lib/emulator.mjs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './lib/args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.ACKL2_CLI ?? join(root, 'dist/cli.js');
const args = benchArgs(import.meta.url, { runs: { type: 'string', default: '3' }, 'no-write': { type: 'boolean', default: false } });
const runs = Number(args.runs) || 3;
const write = !args['no-write'];
// Today's ACK (catalogue 2026-11, the emulator's default): the AliyunLinux3 form of the eight-pool fixture, written by `ackl2 migrate`.
const profile = process.env.BENCH_PROFILE ?? 'test/fixtures/bench/eight-pools-alinux3.yaml';

// The emulator's default task durations at speed 1 (src/emulator/lifecycle.ts): a cluster in
// 6 s, a node pool in 4 s. Real ACK takes ~100x longer (about 10 and 4 minutes); the client's
// cloud poll schedule (1 s, x1.5, up to 10 s) is scaled down by 50, not 100, so that polling
// stays within half of the (unscaled) 10 requests/s client budget, as it does against ACK.
const CLUSTER_MS = 6000;
const POOL_MS = 4000;
const CRITICAL_PATH_MS = CLUSTER_MS + POOL_MS;
const POLL = '20ms,1.5,200ms';




async function createOnce(emulator, extraEnv) {
  await control(emulator, 'POST', '/_emulator/reset', { seed: 1 });
  await control(emulator, 'DELETE', '/_emulator/calls');
  const env = cleanEnv({
    ACKL2_ENDPOINT: emulator.endpoint,
    ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.accessKeySecret,
    ACKL2_POLL: POLL,
    ...extraEnv,
  });
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'create', '-f', profile, '--yes', '--output', 'json'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'close');
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`create exited ${code}:\n${stderr}`);
  const doc = JSON.parse(stdout);
  if (doc.nodePools.length !== 8 || doc.nodePools.some((p) => p.state !== 'active')) throw new Error('not all eight pools are active');
  const calls = wholeLog(await control(emulator, 'GET', '/_emulator/calls'));
  return {
    wallMs,
    calls: calls.length,
    mutating: calls.filter((c) => c.mutating).length,
    throttled: calls.filter((c) => c.errorCode === 'Throttling.User').length,
    byAction: calls.reduce((acc, c) => ({ ...acc, [c.action]: (acc[c.action] ?? 0) + 1 }), {}),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const emulator = await startEmulator(cli);
const load = loadavg()[0].toFixed(2);
const results = { parallel: [], sequential: [] };
try {
  await createOnce(emulator, {}); // warm-up: file cache, JIT
  for (let i = 0; i < runs; i++) {
    results.parallel.push(await createOnce(emulator, {}));
    process.stderr.write(`parallel run ${i + 1}/${runs}: ${(results.parallel.at(-1).wallMs / 1000).toFixed(2)} s\n`);
  }
  results.sequential.push(await createOnce(emulator, { ACKL2_MAX_PARALLEL: '1' }));
  process.stderr.write(`sequential run: ${(results.sequential[0].wallMs / 1000).toFixed(2)} s\n`);
} finally {
  emulator.child.kill('SIGTERM');
}

function row(name, list) {
  const wall = median(list.map((r) => r.wallMs));
  const pick = list.find((r) => r.wallMs === wall);
  return { name, wall, ratio: wall / CRITICAL_PATH_MS, calls: pick.calls, mutating: pick.mutating, throttled: Math.max(...list.map((r) => r.throttled)), byAction: pick.byAction, n: list.length };
}
const parallel = row('ackl2 create (all ready operations at once)', results.parallel);
const sequential = row('baseline: same plan, one operation at a time', results.sequential);
const met = parallel.ratio <= 1.15 && parallel.throttled === 0;
const callsBreakdown = Object.entries(parallel.byAction).sort(([a], [b]) => a.localeCompare(b)).map(([a, n]) => `${a} ${n}`).join(', ');

const section = `## Create

Wall time of \`ackl2 create\` for an 8-pool profile (\`${profile}\`: one cluster, eight node
pools, each with a pre-join script) against the emulator, divided by the emulator's critical
path: cluster (${CLUSTER_MS / 1000} s) + slowest pool (${POOL_MS / 1000} s) = ${CRITICAL_PATH_MS / 1000} s. API calls and \`Throttling.User\`
answers are counted by the emulator (\`/_emulator/calls\`). Default client limits (10 requests/s
overall) and emulator limits (20 requests/s per action). The emulator's durations are ~100x
shorter than ACK's; the client's cloud poll schedule (1 s, x1.5, up to 10 s) is scaled down by
50 (\`ACKL2_POLL=${POLL}\`) so polling keeps within half the unscaled request budget, as it does
against ACK. The baseline applies the same plan one operation at a time
(\`ACKL2_MAX_PARALLEL=1\`), in the same run.

| run | wall time (median) | / critical path | API calls | mutating | Throttling.User |
|---|---|---|---|---|---|
| ${parallel.name} | ${(parallel.wall / 1000).toFixed(2)} s | **${parallel.ratio.toFixed(3)}** | ${parallel.calls} | ${parallel.mutating} | ${parallel.throttled} |
| ${sequential.name} | ${(sequential.wall / 1000).toFixed(2)} s | ${sequential.ratio.toFixed(3)} | ${sequential.calls} | ${sequential.mutating} | ${sequential.throttled} |

**Ratio: ${parallel.ratio.toFixed(3)}** (goal <= 1.15 with zero throttling: ${met ? 'met' : 'NOT met'}); the baseline is ${(sequential.wall / parallel.wall).toFixed(1)}x slower.

Calls of one create: ${callsBreakdown}. A pool is done when its task succeeded and its nodes
are Ready: each pool's task is read once the shared DescribeClusterNodePools poll finds it
active, and the pools one poll finds done share one DescribeClusterNodes listing. The wall time
includes process start-up, loading the SDKs (their model classes on first use), discovery and
the online preflight (time that does not shrink with the durations). ${parallel.n} runs after a warm-up (median), baseline once; ${machineLine(load)}.

${reproduceBlock('npm run build && node bench/create.mjs')}`;

process.stdout.write(`${section}\n`);
if (write) writeBenchmarkSection(root, 'create', section);
