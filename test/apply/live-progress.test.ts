/**
 * Progress through the one reporter: a live `ora` spinner with a line per running
 * operation on a terminal; plain timestamped lines elsewhere; NDJSON with --events;
 * and the yes/no prompt.
 */

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Reporter, type ReporterOptions } from '../../src/ui/reporter.js';

function reporter(extra: Partial<ReporterOptions> = {}) {
  let out = '';
  let err = '';
  // what ora needs of a terminal
  const terminal = { write: (s: string) => (err += s), isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true };
  let clock = Date.parse('2025-01-01T12:00:00Z');
  const r = new Reporter({
    output: 'table',
    events: false,
    quiet: false,
    debug: false,
    color: false,
    stdout: { write: (s: string) => (out += s) },
    stderr: terminal,
    now: () => new Date(clock),
    ...extra,
  });
  return { r, out: () => out, err: () => err, tick: (ms: number) => (clock += ms) };
}

const strip = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

describe('live progress', () => {
  it('shows one line per running operation with its elapsed time, then persists each as it ends', async () => {
    const { r, err, tick } = reporter({ live: true });
    await r.startLive();
    r.event({ id: 'nodepool/web', status: 'running', message: 'creating node pool web' });
    r.event({ id: 'nodepool/gpu', status: 'running', message: 'creating node pool gpu' });
    tick(5000);
    r.event({ id: 'nodepool/web', status: 'waiting', message: 'task T-1 running' });
    const during = strip(err());
    expect(during).toContain('nodepool/web: task T-1 running 5s');
    expect(during).toContain('nodepool/gpu: creating node pool gpu');
    tick(2000);
    r.event({ id: 'nodepool/web', status: 'done', message: 'node pool web is active' });
    r.stopLive();
    const after = strip(err());
    expect(after).toContain('✔ nodepool/web: node pool web is active (7s)');
  });

  it('falls back to plain timestamped lines when not on a terminal or in CI', async () => {
    const { r, err } = reporter({ live: false });
    await r.startLive();
    r.event({ id: 'cluster', status: 'running', message: 'creating cluster shop' });
    r.event({ id: 'cluster', status: 'done', message: 'cluster shop is running' });
    expect(err()).toBe('12:00:00 ▸ cluster: creating cluster shop\n12:00:00 ✔ cluster: cluster shop is running\n');
  });

  it('stays off with --events: NDJSON only', async () => {
    const { r, err } = reporter({ events: true, live: true });
    await r.startLive();
    r.event({ id: 'cluster', status: 'running', message: 'x', data: { taskId: 'T-1' } });
    const line = JSON.parse(err().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ id: 'cluster', status: 'running', message: 'x', data: { taskId: 'T-1' } });
  });

  it('the result stops the spinner and goes to stdout alone', async () => {
    const { r, out } = reporter({ live: true, output: 'json' });
    await r.startLive();
    r.event({ id: 'cluster', status: 'running', message: 'x' });
    r.result({ ok: true }, () => 'human');
    expect(JSON.parse(out())).toEqual({ ok: true });
  });
});

describe('a terminal that does not say its width', () => {
  it('gets plain lines, never a spinner (ora would loop forever on a width of 0)', async () => {
    const { r, err } = reporter({ stderr: { write: () => true, isTTY: true, columns: 0 } });
    expect(r.liveCapable).toBe(false);
    let text = '';
    const zeroWidth = reporter({ stderr: { write: (s: string) => (text += s), isTTY: true, columns: 0 }, live: true });
    await zeroWidth.r.startLive();
    zeroWidth.r.event({ id: 'cluster', status: 'running', message: 'creating cluster shop' });
    zeroWidth.r.event({ id: 'cluster', status: 'done', message: 'cluster shop is running' });
    zeroWidth.r.stopLive();
    expect(text).toBe('12:00:00 ▸ cluster: creating cluster shop\n12:00:00 ✔ cluster: cluster shop is running\n');
    expect(err()).toBe('');
  });
});

describe('confirm', () => {
  it('Ctrl-C at the prompt stops waiting: rejects with the signal\'s reason', async () => {
    const stdin = new PassThrough();
    const { r, err } = reporter({ stdin });
    const abort = new AbortController();
    const asked = r.confirm('Delete cluster shop?', abort.signal);
    setTimeout(() => abort.abort('SIGINT'), 10);
    await expect(asked).rejects.toBe('SIGINT');
    expect(err()).toBe('Delete cluster shop? [y/N] \n');
    // an answer typed afterwards changes nothing
    stdin.end('y\n');
  });

  for (const [answer, expected] of [
    ['y\n', true],
    ['yes\n', true],
    ['n\n', false],
    ['\n', false],
    ['', false],
  ] as const) {
    it(`answer ${JSON.stringify(answer)} -> ${expected}`, async () => {
      const stdin = new PassThrough();
      const { r, err } = reporter({ stdin });
      const asked = r.confirm('Create cluster shop?');
      stdin.end(answer);
      await expect(asked).resolves.toBe(expected);
      expect(err()).toContain('Create cluster shop? [y/N] ');
    });
  }
});
