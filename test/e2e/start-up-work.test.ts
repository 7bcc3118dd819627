/**
 * Start-up does only what the command needs: Node builds `process.stdin` (a file, pipe or TTY
 * stream) on first access, which costs several milliseconds, so only a command that may ask a
 * question touches it; and an online command that reads no profile does not load the profile
 * stack (zod, the schema, the scenarios) (docs/BENCHMARKS.md "Start-up").
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SDK_TRACER, STDIN_TRACER, tracedEnv } from '../helpers/tracers.js';

// The offline commands' runs also prove they load no SDK (test/e2e/lazy-sdk.test.ts has the rest).
const traced = tracedEnv(STDIN_TRACER, SDK_TRACER);

// zod keeps its global registry on globalThis: present at exit only if zod was loaded.
const zodTraced = tracedEnv(`process.on('exit', () => { if (globalThis.__zod_globalRegistry) process.stderr.write('ZOD-LOADED\\n'); });`);
const unreachable = { ACKL2_ENDPOINT: 'http://127.0.0.1:9', ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tTrace', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'trace-secret-0000' };

describe('process.stdin at start-up', () => {
  for (const args of [['validate', '-f', 'profiles/quickstart.yaml'], ['plan', '-f', 'profiles/web.yaml'], ['create', '-f', 'profiles/web.yaml', '--dry-run']]) {
    it(`ackl2 ${args.join(' ')} never builds it, nor loads an SDK`, async () => {
      const result = await runCli(args, { env: traced });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('STDIN-BUILT');
      expect(result.stderr).not.toContain('SDK-LOADED');
    });
  }

  it('a command that must confirm looks at it (the tracer works)', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ackl2-e2e-cache-'));
    const result = await runCli(['create', '-f', 'profiles/quickstart-alinux3.yaml', '--emulator'], { env: { ...traced, XDG_CACHE_HOME: cache } });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('refusing to change the cloud without confirmation');
    expect(result.stderr).toContain('STDIN-BUILT');
  });
});

describe('the profile stack at start-up', () => {
  for (const args of [['get', 'clusters'], ['get', 'nodes', '--cluster', 'shop'], ['delete', 'cluster', 'shop', '--yes'], ['kubeconfig', '--cluster', 'shop']]) {
    it(`ackl2 ${args.join(' ')} does not load it`, async () => {
      const result = await runCli([...args, '--region', 'cn-hangzhou'], { env: { ...zodTraced, ...unreachable } });
      expect(result.code, result.stderr).toBe(6); // nothing listens on port 9 (ExitCode.connectionFailed): the command got as far as the cloud
      expect(result.stderr).not.toContain('ZOD-LOADED');
    });
  }

  it('validate loads it (the tracer works)', async () => {
    const result = await runCli(['validate', '-f', 'profiles/quickstart.yaml'], { env: zodTraced });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('ZOD-LOADED');
  });
});
