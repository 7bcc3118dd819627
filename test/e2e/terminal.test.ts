/**
 * `create` on a real terminal (a pty from util-linux `script`): it asks; Ctrl-C at the prompt
 * stops at once with exit 130 and nothing created; a terminal that does not say its width (a
 * pty nobody sized, as some CI runners give) gets plain progress lines instead of a hang.
 */

import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, cleanEnv } from '../helpers/cli.js';
import { mutating, onePoolProfile, startCloud, type TestCloud, writeProfile } from './harness.js';


interface Screen {
  code: number | null;
  screen: string;
  ms: number;
}

/**
 * Run the CLI on a pty sized `cols` x 40 (0: unsized). `type(screen)` returns what to type
 * next once the screen shows it is time (or undefined to wait).
 */
function onTerminal(cloud: TestCloud, args: string[], cols: number, type: (screen: string) => string | undefined, timeoutMs = 30_000): Promise<Screen> {
  const command = [`stty cols ${cols} rows ${cols === 0 ? 0 : 40};`, process.execPath, CLI_PATH, ...args].join(' ');
  const started = Date.now();
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: cleanEnv({ ...cloud.env, CI: undefined }) });
  let screen = '';
  let typed = false;
  const onData = (d: string) => {
    screen += d;
    if (typed) return;
    const keys = type(screen);
    if (keys !== undefined) {
      typed = true;
      child.stdin.write(keys);
    }
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, screen, ms: Date.now() - started });
    });
  });
}

const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

describe('create on a terminal', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startCloud();
  });
  afterAll(() => cloud.close());

  it('asks; Ctrl-C at the prompt stops at once with exit 130, nothing created, and how to rerun', async () => {
    const file = writeProfile(onePoolProfile('tty-ctrl-c'));
    await cloud.clearCalls();
    const run = await onTerminal(cloud, ['create', '-f', file], 120, (screen) => (screen.includes('[y/N]') ? '\u0003' : undefined));
    const screen = plain(run.screen);
    expect(screen).toContain('Create cluster tty-ctrl-c with 1 node pool in cn-hangzhou? [y/N]');
    expect(run.code, screen).toBe(130);
    expect(screen).toContain('interrupted at the confirmation prompt; nothing was changed');
    expect(screen).toContain(`rerun when ready: ackl2 create -f ${file}`);
    expect(mutating(await cloud.calls())).toEqual([]);
    expect(screen).not.toContain(cloud.emulator.accessKeySecret);
  });

  it('a terminal of width 0 gets plain progress lines and finishes (no spinner loop)', async () => {
    const file = writeProfile(onePoolProfile('tty-zero-width'));
    const run = await onTerminal(cloud, ['create', '-f', file, '--yes'], 0, () => undefined);
    const screen = plain(run.screen);
    expect(run.code, screen.slice(-2000)).toBe(0);
    expect(screen).toMatch(/\d\d:\d\d:\d\d ✔ nodepool\/web: node pool web is active/);
    expect(run.screen.length).toBeLessThan(20_000);
  });
});
