/**
 * The cloud SDKs load only when a command goes online: never for --help, validate, plan,
 * schema, migrate, profiles or create --dry-run (start-up stays fast), and on demand for create.
 * validate, plan and create --dry-run: test/e2e/start-up-work.test.ts, whose runs of them
 * carry the same tracer.
 */

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SDK_TRACER, tracedEnv } from '../helpers/tracers.js';

const traced = tracedEnv(SDK_TRACER);

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
    expect(result.stderr).toContain('SDK-LOADED @alicloud/credentials');
    expect(result.code, result.stderr).toBe(6); // nothing listens on port 9: a connection failure (ExitCode.connectionFailed)
  });
});
