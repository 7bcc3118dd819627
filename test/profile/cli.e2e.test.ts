/** `ackl2 validate` and `ackl2 schema` through the built CLI, as a user runs them. */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, cleanEnv, REPO_ROOT, runCli } from '../helpers/cli.js';
import { CORPUS_DIR, corpusCases, PLANTED_SECRETS } from './corpus.js';

const ISSUE_LINE = /^(\S+):(\d+):(\d+) (\S+): (warning: )?(.+?)( \(.+\))?$/;
const STACK_TRACE = /\n\s+at .+:\d+:\d+/;
const cases = corpusCases();

describe('ackl2 validate (built CLI)', () => {
  it('reports every corpus case in one run: exit 2, FILE:LINE:COL path: message (hint) lines, a verdict per file', async () => {
    const args = ['validate', ...cases.flatMap((c) => ['-f', c.name])];
    const result = await runCli(args, { cwd: CORPUS_DIR });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${cases.length} of ${cases.length} profiles are not valid`);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    const lines = result.stdout.trimEnd().split('\n');
    const issueLines = lines.filter((l) => !l.startsWith('✖ ') && !l.startsWith('✔ '));
    for (const line of issueLines) expect(line).toMatch(ISSUE_LINE);
    for (const c of cases) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^✖ ${c.name.replace(/\./g, '\\.')}: \\d+ errors?`)));
      for (const e of c.expected) {
        const prefix = `${e.file}:${e.line}:${e.col} ${e.path}: ${e.message}`;
        expect(issueLines.some((l) => l.startsWith(prefix)), `${c.name}: ${prefix}`).toBe(true);
      }
    }
    for (const secret of [...PLANTED_SECRETS, 'LTAI5tAbCdEfGhIjKlMnOpQr']) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('prints one JSON document on stdout with --output json', async () => {
    const result = await runCli(['validate', '-f', 'schema-bad-enum.yaml', '-f', '../valid/flannel.yaml', '--output', 'json'], { cwd: CORPUS_DIR });
    expect(result.code).toBe(2);
    const document = JSON.parse(result.stdout) as { ok: boolean; files: { file: string; valid: boolean; issues: { severity: string; path: (string | number)[]; message: string; location: { file: string; line: number; col: number } }[] }[] };
    expect(document.ok).toBe(false);
    expect(document.files.map((f) => [f.file, f.valid])).toEqual([
      ['schema-bad-enum.yaml', false],
      ['../valid/flannel.yaml', true],
    ]);
    expect(document.files[0]!.issues.find((i) => i.severity === 'error')).toMatchObject({
      severity: 'error',
      path: ['cluster', 'network', 'plugin'],
      location: { file: 'schema-bad-enum.yaml', line: 14, col: 13 },
    });
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('passes valid profiles with exit 0 and fails warnings only under --strict', async () => {
    const valid = await runCli(['validate', '-f', 'test/fixtures/valid/flannel.yaml', '-f', 'test/fixtures/valid/minimal.yaml']);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('✔ test/fixtures/valid/flannel.yaml: valid\n');
    expect(valid.stdout).toMatch(/test\/fixtures\/valid\/minimal\.yaml:\d+:\d+ nodePools\[0\]\.image\.os: warning: pool "web": Alibaba Cloud Linux 2 reached its end of life on 2026-03-31/);
    expect(valid.stdout).toMatch(/test\/fixtures\/valid\/minimal\.yaml:\d+:\d+ cluster\.kubernetesVersion: warning: Kubernetes 1\.28\.9-aliyun\.1 is not in today's ACK offer: 1\.34, 1\.35, 1\.36 \(catalogue 2026-11, ACK's offer as of 2026-11-30\)/);
    expect(valid.stdout).toContain('✔ test/fixtures/valid/minimal.yaml: valid (2 warnings)');

    const strict = await runCli(['validate', '--strict', '-f', 'test/fixtures/valid/minimal.yaml']);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toContain('✖ test/fixtures/valid/minimal.yaml: 2 warnings (--strict)');

    // Pinned on purpose to catalogue 2024-03, its end of life acknowledged: --strict passes.
    const acknowledged = await runCli(['validate', '--strict', '-f', 'test/fixtures/valid/al2-acknowledged.yaml']);
    expect(acknowledged.stdout).toBe('✔ test/fixtures/valid/al2-acknowledged.yaml: valid\n');
    expect(acknowledged.code).toBe(0);
  });

  it('locates a missing file and a directory, and asks for -f when none is given', async () => {
    const missing = await runCli(['validate', '-f', 'no-such-profile.yaml', '-f', 'test/fixtures']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('no-such-profile.yaml:1:1 (root): no-such-profile.yaml not found (check the path; it is relative to the current directory)');
    expect(missing.stdout).toContain('test/fixtures:1:1 (root): test/fixtures is a directory, not a profile file');
    expect(missing.stderr).not.toMatch(STACK_TRACE);

    const none = await runCli(['validate']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no profile to validate');
  });

  it('names a flag mistake as one: an empty file name, or "-" for standard input', async () => {
    const empty = await runCli(['validate', '-f', '']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('error: -f got an empty file name\n  pass the path of a profile, e.g. -f cluster.yaml\n');
    expect(empty.stdout).toBe('');
    const stdin = await runCli(['plan', '-f', '-', '--output', 'json'], { input: 'apiVersion: ackl2/v1\n' });
    expect(stdin.code).toBe(2);
    expect(JSON.parse(stdin.stdout)).toMatchObject({ ok: false, error: { type: 'UserError', message: 'profiles are read from files, not from standard input (-f -)' } });
  });
});

describe('ackl2 schema (built CLI)', () => {
  it('prints exactly the committed schema/ackl2-profile.schema.json', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(new URL('schema/ackl2-profile.schema.json', `file://${REPO_ROOT}`), 'utf8'));
    expect(result.stderr).toBe('');
  });
});

describe('start-up path', () => {
  // Hooks that name every module the CLI loads, on stderr: an ES module resolve hook, and a
  // CommonJS one (the CLI is a CommonJS bundle that requires what it does not carry).
  const hook = `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r; }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const requireHook = join(mkdtempSync(join(tmpdir(), 'ackl2-require-hook-')), 'hook.cjs');
  writeFileSync(requireHook, `const M = require('module'); const load = M._load; M._load = function (request, ...rest) { process.stderr.write('LOADED ' + request + '\\n'); return load.call(this, request, ...rest); };`);

  it.each([
    [['--help']],
    [['validate', '-f', 'profiles/quickstart.yaml']],
    [['schema']],
  ])('ackl2 %j never loads the cloud SDKs', (args) => {
    const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--require', requireHook, CLI_PATH, ...args], {
      cwd: REPO_ROOT,
      env: cleanEnv(),
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    const loaded = result.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
    expect(loaded.length).toBeGreaterThan(3);
    expect(loaded.filter((l) => /@alicloud|@darabonba/.test(l))).toEqual([]);
  });
});
