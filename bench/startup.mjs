// Start-up cost of the CLI: median wall time of `ackl2 validate -f profiles/quickstart.yaml`
// against a bare `node -e 0`, runs interleaved after a warm-up, and the ratio (goal <= 2.0).
// Writes the table and the command that reproduces it into the "Start-up" section of
// docs/BENCHMARKS.md, leaving the other sections as they are.
//
//   npm run build && node bench/startup.mjs [--runs N] [--warmup N] [--no-write]
//   ACKL2_CLI=/tmp/x-dist/cli.js node bench/startup.mjs    # a build elsewhere
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchmarkSection } from './lib/benchmarks-doc.mjs';
import { benchArgs } from './lib/args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const flags = benchArgs(import.meta.url, {
  runs: { type: 'string', default: '40' },
  warmup: { type: 'string', default: '5' },
  'no-write': { type: 'boolean', default: false },
});
const runs = Number(flags.runs);
const warmup = Number(flags.warmup);
const GOAL = 2.0;

const cli = process.env.ACKL2_CLI ?? join(root, 'dist/cli.js');
const profile = 'profiles/quickstart.yaml';
for (const needed of [cli, join(root, profile)]) {
  if (!existsSync(needed)) {
    console.error(`missing ${needed}: ${needed === cli ? 'run `npm run build` first' : 'the quickstart profile is not there'}`);
    process.exit(2);
  }
}

const baseEnv = { ...process.env, NO_COLOR: '1' };
const subjects = [
  { name: 'node -e 0', args: ['-e', '0'], env: baseEnv },
  { name: `ackl2 validate -f ${profile}`, args: [cli, 'validate', '-f', profile], env: baseEnv },
];
// Node reads and parses the NODE_EXTRA_CA_CERTS bundle at every start (~60 ms here), which
// narrows the ratio: where it is set, the same pair also runs without it, side by side.
const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
if (extraCerts) {
  const { NODE_EXTRA_CA_CERTS: _, ...bare } = baseEnv;
  subjects.push({ ...subjects[0], env: bare, bare: true }, { ...subjects[1], env: bare, bare: true });
}

function once(subject) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, subject.args, { cwd: root, env: subject.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    console.error(`${subject.name} exited ${result.status}:\n${result.stdout}${result.stderr}`);
    process.exit(1);
  }
  return ms;
}

const loadBefore = loadavg()[0];
const times = subjects.map(() => []);
for (let i = 0; i < warmup; i++) subjects.forEach(once);
// Interleaved, so drift in machine load hits both subjects alike.
for (let i = 0; i < runs; i++) subjects.forEach((subject, k) => times[k].push(once(subject)));

const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, p10: at(0.1), p90: at(0.9) };
};
const measured = times.map(stats);
const [baseline, validate] = measured;
const ratio = validate.median / baseline.median;
const bareRatio = extraCerts ? measured[3].median / measured[2].median : undefined;

const ms = (v) => `${v.toFixed(1)} ms`;
const table = [
  '| command | median | p10 | p90 |',
  '|---|---|---|---|',
  ...subjects.map((s, k) => {
    const st = measured[k];
    return `| \`${s.name}\`${s.bare ? ' without NODE_EXTRA_CA_CERTS' : ''} | ${ms(st.median)} | ${ms(st.p10)} | ${ms(st.p90)} |`;
  }),
  '',
  `**Ratio (median): ${ratio.toFixed(2)}x** (goal <= ${GOAL}x: ${ratio <= GOAL ? 'met' : 'NOT met'})`,
  ...(bareRatio === undefined
    ? []
    : [
        '',
        `This machine sets NODE_EXTRA_CA_CERTS (${extraCerts}), which every Node start reads and parses, \`node -e 0\` included; ` +
          `without it the same pair measures **${bareRatio.toFixed(2)}x** (start-up cost on top of a bare Node, not the goal's figure).`,
      ]),
].join('\n');

const cpu = cpus();
const section = [
  '## Start-up',
  '',
  'How much start-up costs on top of Node itself: `validate` reads, parses and checks the',
  'quickstart profile, all offline, with the cloud SDKs never loaded (one CommonJS bundle run with V8\'s',
  'code cache keeps loading cheap). Median wall time of a fresh process, runs interleaved after a warm-up.',
  '',
  table,
  '',
  `${runs} runs each after ${warmup} warm-up runs; Node ${process.version}, ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
    `load average ${loadBefore.toFixed(2)} at the start (other work on the machine inflates both rows), ${new Date().toISOString().slice(0, 10)}.`,
  '',
  'Reproduce:',
  '',
  '```sh',
  'npm run build && nice -n -5 node bench/startup.mjs   # state the machine load with the figure',
  '```',
].join('\n');

console.log(table);
if (!flags['no-write']) writeBenchmarkSection(root, 'startup', section);
process.exitCode = ratio <= GOAL ? 0 : 1;
