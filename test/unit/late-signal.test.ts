/**
 * A Ctrl-C that arrives after the result document is printed never yields that document
 * together with exit 130: the outcome is decided once the result is out (or main returned).
 */

import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { CommandContext } from '../../src/commands/context.js';
import { defineCommand } from '../../src/commands/define.js';
import { main } from '../../src/main.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
let before: Map<string, Function[]>;
let exit: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  for (const s of SIGNALS) for (const l of process.listeners(s)) if (!before.get(s)!.includes(l)) process.off(s, l as never);
  vi.restoreAllMocks();
});

const ctrlC = () => process.emit('SIGINT', 'SIGINT');

function command(run: (ctx: CommandContext) => Promise<void>, serves = false) {
  return async () => [defineCommand({ name: 'finish', description: 'a stub', options: {}, examples: [], serves, run: (_o, ctx) => run(ctx) })];
}

it('after a success document: the command is not interrupted, main returns 0, a later signal exits 0', async () => {
  let aborted: boolean | undefined;
  const code = await main(['node', 'ackl2', 'finish', '-o', 'json'], command(async (ctx) => {
    ctx.reporter.result({ ok: true }, () => 'done');
    ctrlC(); // while the command closes its session
    aborted = ctx.signal.aborted;
  }));
  expect(aborted).toBe(false);
  expect(code).toBe(0);
  expect(exit).not.toHaveBeenCalled();
  ctrlC(); // while the process winds down: not killed by the signal (130)
  expect(exit).toHaveBeenCalledWith(0);
});

it('a second Ctrl-C while finishing after the success document exits 0, not 130', async () => {
  await main(['node', 'ackl2', 'finish'], command(async (ctx) => {
    ctx.reporter.result({ ok: true }, () => 'done');
    ctrlC();
    ctrlC();
  }));
  expect(exit).toHaveBeenCalledWith(0);
  expect(exit).not.toHaveBeenCalledWith(130);
});

it('before the result a Ctrl-C still interrupts, and a server stops on it after its ready line', async () => {
  let aborted: boolean | undefined;
  await main(['node', 'ackl2', 'finish'], command(async (ctx) => {
    ctrlC();
    aborted = ctx.signal.aborted;
  }));
  expect(aborted).toBe(true);
  let served: boolean | undefined;
  await main(['node', 'ackl2', 'finish'], command(async (ctx) => {
    ctx.reporter.result({ ready: true }, () => 'ready');
    ctrlC();
    served = ctx.signal.aborted;
  }, true));
  expect(served).toBe(true);
});
