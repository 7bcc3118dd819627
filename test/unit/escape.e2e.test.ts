/**
 * Through the built CLI, terminal control characters from a hostile profile are shown
 * escaped by validate and plan (the unit side: escape.test.ts).
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

/** Any raw control character (but newline and tab) or bidi override. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('through the CLI: validate and plan show a hostile profile escaped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ackl2-escape-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const quickstart = readFileSync(join(REPO_ROOT, 'profiles', 'quickstart.yaml'), 'utf8');
  const hostileTag = quickstart.replace(/^ {4}team: platform .*$/m, '    team: "plat\\e]0;pwned\\aform\\u202eevil"');
  const hostileKey = hostileTag.replace(/^ {2}region: cn-hangzhou$/m, '  region: cn-hangzhou\n  "lab\\e[2Jel": x');

  it('plan: the tag is escaped in the table', async () => {
    expect(hostileTag).not.toBe(quickstart);
    writeFileSync(join(dir, 'tag.yaml'), hostileTag);
    const r = await runCli(['plan', '-f', 'tag.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('team=plat\\x1b]0;pwned\\x07form\\u202eevil');
    expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
  });

  it('validate: an unknown key is escaped in its message, and the error summary too', async () => {
    writeFileSync(join(dir, 'key.yaml'), hostileKey);
    const r = await runCli(['validate', '-f', 'key.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('lab\\x1b[2Jel');
    expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
  });
});
