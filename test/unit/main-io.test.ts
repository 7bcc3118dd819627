/**
 * main's IO seam: a run given its own streams, environment and directory reads and writes only
 * those, and one that does not own the process installs no process-wide handler.
 */

import { userInfo } from 'node:os';
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import type { CliIo } from '../../src/cli-io.js';
import type { CommandContext } from '../../src/commands/context.js';
import { defineCommand } from '../../src/commands/define.js';
import { homeOf } from '../../src/home.js';
import { main } from '../../src/main.js';

function capturedIo(overrides: Partial<CliIo> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: Readable.from([]),
    env: { HOME: '/home/run', ACKL2_MAX_RPS: '7' },
    cwd: '/work/run-dir',
    ownsProcess: false,
    ...overrides,
    out: () => out,
    err: () => err,
  };
}

const stub = (run: (ctx: CommandContext) => Promise<void>) => async () => [defineCommand({ name: 'probe', description: 'a stub', options: {}, examples: [], run: (_o, ctx) => run(ctx) })];

it('hands the run its own environment, directory and streams, and touches nothing process-wide', async () => {
  const listeners = () => [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM'), process.stdout.listenerCount('error')];
  const before = listeners();
  const io = capturedIo();
  let seen: Pick<CommandContext, 'cwd' | 'env' | 'interactive'> & { maxRps: number; color: boolean } | undefined;
  const code = await main(['node', 'ackl2', 'probe', '-o', 'json'], stub(async (ctx) => {
    seen = { cwd: ctx.cwd, env: ctx.env, interactive: ctx.interactive, maxRps: ctx.settings.maxRps, color: ctx.global.color };
    ctx.reporter.result({ ok: true }, () => 'done');
  }), io);
  expect(code).toBe(0);
  expect(seen).toEqual({ cwd: '/work/run-dir', env: io.env, interactive: false, maxRps: 7, color: false });
  expect(JSON.parse(io.out())).toEqual({ ok: true });
  expect(listeners()).toEqual(before);
});

it("writes commander's help and usage errors to the run's streams", async () => {
  const help = capturedIo();
  expect(await main(['node', 'ackl2', '--help'], stub(async () => {}), help)).toBe(0);
  expect(help.out()).toContain('Usage: ackl2');
  const usage = capturedIo();
  expect(await main(['node', 'ackl2', 'probe', '--bogus', '-o', 'json'], stub(async () => {}), usage)).toBe(2);
  expect(usage.err()).toContain("unknown option '--bogus'");
  expect(JSON.parse(usage.out())).toMatchObject({ ok: false, error: { exitCode: 2 } });
});

it("a run's HOME is its environment's, else the account's, never the process's", () => {
  expect(homeOf({ HOME: '/home/run' })).toBe('/home/run');
  expect(homeOf({})).toBe(userInfo().homedir);
  expect(homeOf({ HOME: '' })).toBe(userInfo().homedir);
});
