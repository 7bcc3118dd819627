/**
 * The cloud SDKs load only when a command goes online: never for --help, validate, plan,
 * schema, migrate, profiles or create --dry-run (start-up stays fast), and on demand for create.
 * validate, plan and create --dry-run: test/e2e/start-up-work.test.ts, whose runs of them
 * carry the same tracer.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SDK_TRACER, tracedEnv } from '../helpers/tracers.js';

const traced = tracedEnv(SDK_TRACER);

// Which of the Darabonba runtime's helpers, lodash and the packages only its date, XML and WebSocket helpers need
// are compiled (run), not merely found in the require cache.
const compiled = tracedEnv(
  // Node's loader for .js files, which compiles the file (with the built CLI's node_modules code cache or not) and runs it
  `const M = require('module'); const load = M._extensions['.js'];
M._extensions['.js'] = function (module, filename) { if (/[\\\\/](lodash|func)\\.js$|[\\\\/]node_modules[\\\\/](moment|xml2js|ws)[\\\\/]/.test(filename)) process.stderr.write('COMPILED ' + filename + '\\n'); return load.apply(this, arguments); };`,
);

describe('lazy SDKs', () => {
  for (const args of [['--help'], ['schema'], ['migrate', '-f', 'profiles/web.yaml', '--to', 'AliyunLinux3'], ['profiles']]) {
    it(`ackl2 ${args.join(' ')} loads no SDK`, async () => {
      const result = await runCli(args, { env: traced });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('SDK-LOADED');
    });
  }

  it('an online create loads them (the tracer works)', async () => {
    const result = await runCli(['create', '-f', 'profiles/web.yaml', '--yes'], {
      env: { ...traced, ACKL2_ENDPOINT: 'http://127.0.0.1:9', ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tTrace', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'trace-secret-0000' },
    });
    // the built CLI takes the SDKs from its SDK bundle (scripts/build.mjs), the rest from node_modules
    expect(result.stderr).toContain('SDK-LOADED the SDK bundle');
    expect(result.stderr).toContain('SDK-LOADED @darabonba/typescript');
    expect(result.stderr).not.toContain('SDK-LOADED @alicloud/credentials');
    expect(result.code, result.stderr).toBe(6); // nothing listens on port 9: a connection failure (ExitCode.connectionFailed)
  });

  it('an online command runs the Darabonba helpers without lodash (required for a merge no call makes), moment, xml2js or ws', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ackl2-e2e-cache-'));
    const result = await runCli(['get', 'clusters', '--emulator', '--region', 'cn-hangzhou'], { env: { ...compiled, XDG_CACHE_HOME: cache } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/COMPILED \S*[\\/]@darabonba[\\/]typescript[\\/]dist[\\/]func\.js/);
    expect(result.stderr).not.toMatch(/COMPILED \S*[\\/]lodash\.js/);
    expect(result.stderr).not.toMatch(/COMPILED \S*[\\/]node_modules[\\/](moment|xml2js|ws)[\\/]/);
  });
});
