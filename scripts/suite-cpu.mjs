#!/usr/bin/env node
// Where the test suite's CPU goes: runs `vitest run ARGS` (the built dist/ as it is) with every
// Node process recording its CPU time, then prints the CPU of the CLI runs per test file and
// per command, and of the other processes that exited normally (vitest itself: its worker
// threads run the tests and the e2e project's emulators). CLI runs killed by a signal record
// nothing, nor does what a process spends before its first JavaScript and after its exit event:
// run this under /usr/bin/time for the whole, the difference is theirs.
// Usage: /usr/bin/time node scripts/suite-cpu.mjs [vitest args], after `npm run build`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ackl2-suite-cpu-'));
const log = join(dir, 'cpu.jsonl');
const recorder = fileURLToPath(new URL('suite-cpu-record.cjs', import.meta.url));

const started = Date.now();
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SUITE_CPU_LOG: log, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${recorder}`.trim() },
  });
  child.on('close', (c) => resolve(c ?? 1));
});
const wall = (Date.now() - started) / 1000;

const rows = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
rmSync(dir, { recursive: true, force: true });
const cpu = (r) => r.user + r.sys;
const sum = (list) => list.reduce((s, r) => s + cpu(r), 0);
const cli = rows.filter((r) => /\bcli\.js\b/.test(r.argv));
const commandOf = (r) => {
  const words = r.argv.split(' ');
  const at = words.findIndex((w) => w.endsWith('cli.js'));
  return (words[at + 1] ?? '-') + (words.includes('--emulator') ? ' --emulator' : '');
};
const table = (title, groups) => {
  console.log(`\n${title}`);
  for (const [name, list] of [...groups].sort((a, b) => sum(b[1]) - sum(a[1]))) {
    console.log(`${sum(list).toFixed(1).padStart(7)} s  ${String(list.length).padStart(4)} runs  ${name}`);
  }
};
const group = (list, key) => list.reduce((m, r) => m.set(key(r), [...(m.get(key(r)) ?? []), r]), new Map());

console.log(`\nwall ${wall.toFixed(1)} s; exit ${code}`);
console.log(`recorded processes: ${rows.length}, CPU ${sum(rows).toFixed(1)} s (user ${rows.reduce((s, r) => s + r.user, 0).toFixed(1)}, sys ${rows.reduce((s, r) => s + r.sys, 0).toFixed(1)})`);
console.log(`CLI runs: ${cli.length}, CPU ${sum(cli).toFixed(1)} s`);
table('CLI CPU per test file', group(cli, (r) => (r.file ? relative(root, r.file) : '(no test file)')));
table('CLI CPU per command', group(cli, commandOf));
table('other Node processes', group(rows.filter((r) => !cli.includes(r)), (r) => r.argv.slice(0, 100)));
process.exitCode = code;
