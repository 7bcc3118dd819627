#!/usr/bin/env node
// `npm test`: what `npm run build && vitest run` checks, in less wall time. The typecheck
// (`tsc --noEmit`) writes nothing the tests read, so it runs beside the bundle and the tests
// instead of before them, single-threaded (less CPU than its parallel checkers, which would
// only compete with the tests' workers). The bundle (scripts/build.mjs) still comes before
// vitest. Exits non-zero when any of the three fails, after all have ended; the typecheck's
// output is printed at the end, whole, not inside vitest's. Arguments go to `vitest run`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  if (options.capture) {
    child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
  }
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const typecheck = run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit', '--singleThreaded'], { capture: true });
const build = await run(process.execPath, ['scripts/build.mjs']);
const tests = build.code === 0 ? await run(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...process.argv.slice(2)]) : { code: build.code };
const types = await typecheck;
if (types.output) process.stderr.write(types.output);
process.stderr.write(types.code === 0 ? 'typecheck: ok (tsc --noEmit)\n' : `typecheck: failed (tsc --noEmit, exit ${types.code})\n`);
if (build.code !== 0) process.stderr.write(`build: failed (scripts/build.mjs, exit ${build.code}): no test ran\n`);
process.exitCode = build.code || tests.code || types.code;
