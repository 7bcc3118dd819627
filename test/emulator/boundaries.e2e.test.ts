/** The emulator stays off the start-up path and never imports the SDKs it serves. */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, CLI_PATH, REPO_ROOT } from '../helpers/cli.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const bundle = () => readFileSync(join(dirname(CLI_PATH), 'ackl2.cjs'), 'latin1');

/** The module of the bundle (esbuild's `init_x = __esm({"src/....ts"() {...}})`, run on first import) whose code holds `text`. */
function wrapperHolding(source: string, text: string): string | undefined {
  const at = source.indexOf(text);
  return at < 0 ? undefined : [...source.slice(0, at).matchAll(/=__esm\(\{"(src\/[^"]+\.ts)"\(\)\{/g)].pop()?.[1];
}

/** The modules `ackl2 ARGS` requires, named by a CommonJS tracer. */
function requiredBy(args: string[]): string[] {
  const tracer = join(mkdtempSync(join(tmpdir(), 'ackl2-boundaries-')), 'trace.cjs');
  writeFileSync(tracer, `const M = require('module'); const load = M._load; M._load = function (request, ...rest) { process.stderr.write('LOADED ' + request + '\\n'); return load.call(this, request, ...rest); };`);
  const result = spawnSync(process.execPath, ['--require', tracer, CLI_PATH, ...args], { cwd: REPO_ROOT, env: cleanEnv({ HOME: dirname(tracer) }), encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice('LOADED '.length));
}

describe('emulator boundaries', () => {
  it('no emulator module imports an @alicloud SDK', () => {
    const offenders = sourceFiles(join(REPO_ROOT, 'src/emulator')).filter((f) => /from\s+['"]@alicloud\/|import\(\s*['"]@alicloud\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the built CLI loads the emulator only on demand', () => {
    // In the one bundle, the emulator's code sits in modules esbuild runs on first import() only...
    expect(wrapperHolding(bundle(), 'InvalidAction.NotFound')).toMatch(/^src\/emulator\//);
    // ...and an offline command never runs them: the emulator's server would require node:http.
    const offline = requiredBy(['validate', '-f', 'profiles/quickstart.yaml']);
    expect(offline.length).toBeGreaterThan(3);
    expect(offline.filter((m) => /^(node:)?https?$/.test(m))).toEqual([]);
    expect(requiredBy(['get', 'clusters', '--emulator'])).toContain('node:http');
  });
});
