// `npm run bench`: every benchmark but the soak, one after the other (each wants the machine to
// itself), each writing its sections of docs/BENCHMARKS.md unless --no-write. About 8 minutes.
// The soak takes 12 more: `node bench/soak.mjs --runs 100 --cycles 10 --apply-share 0.5 --seed 11`.
//
//   npm run build && npm run bench [-- --no-write]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './lib/args.mjs';

const args = benchArgs(import.meta.url, { 'no-write': { type: 'boolean', default: false } });
const pass = args['no-write'] ? ['--no-write'] : [];
let failed = 0;
for (const script of ['startup.mjs', 'create.mjs', 'apply.mjs', 'fleet.mjs']) {
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...pass], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`bench/${script} exited ${result.status ?? result.signal}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
