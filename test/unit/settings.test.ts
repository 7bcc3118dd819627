import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { SETTINGS, readSettings, settingsTable } from '../../src/settings.js';
import { REPO_ROOT } from '../helpers/cli.js';

describe('settings', () => {
  it('the README shows the table of every ACKL2_* variable the module reads', () => {
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain(settingsTable());
  });

  it('no module but settings.ts reads an ACKL2_* variable', () => {
    const src = join(REPO_ROOT, 'src');
    const readers = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && /env(\.|\[.)ACKL2_/.test(readFileSync(join(src, file), 'utf8')));
    expect(readers).toEqual([]);
  });

  it('parses with defaults, and refuses a bad value only when it is used', () => {
    const none = readSettings({});
    expect({ ...none }).toMatchObject({ endpoint: undefined, maxRps: 100, maxRpsPerAction: 18, maxParallel: undefined, poll: undefined, emulatorSpeed: 1, ci: false, noColor: false });
    const set = readSettings({ ACKL2_MAX_RPS: '4.5', ACKL2_MAX_PARALLEL: '1', ACKL2_EMULATOR_SPEED: '20', ACKL2_POLL: '50ms,1.5,250ms', CI: 'true' });
    expect({ ...set }).toMatchObject({ maxRps: 4.5, maxParallel: 1, emulatorSpeed: 20, poll: { initialMs: 50, factor: 1.5, maxMs: 250 }, ci: true });
    const broken = readSettings({ ACKL2_MAX_RPS: 'fast', ACKL2_MAX_PARALLEL: '0', ACKL2_EMULATOR_SPEED: '-1', ACKL2_POLL: 'soon' });
    expect(broken.endpoint).toBeUndefined();
    for (const key of ['maxRps', 'maxParallel', 'emulatorSpeed', 'poll'] as const) {
      expect(() => broken[key], key).toThrow(UserError);
      expect(() => broken[key], key).toThrow(new RegExp(SETTINGS[key].name));
    }
  });
});
