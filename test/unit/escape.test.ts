/**
 * Terminal control characters from a profile are shown escaped in every human output
 * (validate messages, plan tables, errors, progress), while ackl2's own colours still work.
 * Through the built CLI: escape.e2e.test.ts.
 */

import { describe, expect, it } from 'vitest';
import { escapeTerminal } from '../../src/ui/escape.js';
import { Reporter } from '../../src/ui/reporter.js';
import { table } from '../../src/ui/table.js';

/** Any raw control character (but newline and tab) or bidi override. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ESC = '\u001b';

describe('escapeTerminal', () => {
  it('escapes C0 (but newline and tab), DEL, C1 and the bidi controls; leaves other text alone', () => {
    expect(escapeTerminal(`a${ESC}[2Jb\u0007c\rd\u007fe\u009bf\u202eg\u2066h\u2069i`)).toBe('a\\x1b[2Jb\\x07c\\x0dd\\x7fe\\x9bf\\u202eg\\u2066h\\u2069i');
    expect(escapeTerminal('line 1\n\tline 2: café 中文 ✔')).toBe('line 1\n\tline 2: café 中文 ✔');
  });

  it('is idempotent', () => {
    const once = escapeTerminal(`${ESC}]0;title\u0007`);
    expect(escapeTerminal(once)).toBe(once);
  });
});

describe('the reporter escapes what it writes for people, and keeps its own colours', () => {
  function reporter(color: boolean, output: 'table' | 'json' = 'table') {
    let out = '';
    let err = '';
    const r = new Reporter({ output, events: false, quiet: false, debug: false, color, live: false, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
    return { r, out: () => out, err: () => err };
  }

  it('results, errors, warnings and progress lines', () => {
    const { r, out, err } = reporter(false);
    r.result({}, () => `name ${ESC}[2Jx`);
    r.error(`bad ${ESC}]0;pwned\u0007`, `hint \u202e`);
    r.warn(`w ${ESC}[31m`);
    r.event({ id: 'pool', status: 'done', message: `m \u009b` });
    expect(out()).toBe('name \\x1b[2Jx\n');
    expect(err()).toContain('error: bad \\x1b]0;pwned\\x07');
    expect(err()).toContain('  hint \\u202e');
    expect(err()).toContain('warning: w \\x1b[31m');
    expect(err()).toContain('pool: m \\x9b');
    expect(out() + err()).not.toMatch(RAW_CONTROL);
  });

  it('with colour on, only its own paint makes escape sequences; a planted one is escaped', () => {
    const { r, out } = reporter(true);
    r.result({}, () => `${r.paint('green', 'ok')} ${ESC}[31mplanted`);
    expect(out()).toBe(`${ESC}[32mok${ESC}[39m \\x1b[31mplanted\n`);
  });

  it('JSON results stay exact (JSON escapes control characters itself)', () => {
    const { r, out } = reporter(false, 'json');
    r.result({ name: `a${ESC}b` }, () => '');
    expect(JSON.parse(out())).toEqual({ name: `a${ESC}b` });
  });

  it('tables measure escaped cells, so columns stay aligned', () => {
    expect(table(['K', 'V'], [[`a${ESC}`, 'x'], ['bbbbbbb', 'y']])).toBe('K        V\na\\x1b    x\nbbbbbbb  y');
  });
});
