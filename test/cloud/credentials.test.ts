import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveCredentials, sanitizeProviderMessage } from '../../src/cloud/credentials.js';
import { Redactor } from '../../src/cloud/redact.js';
import { UserError } from '../../src/errors.js';

const SECRET = 'zzTestSecretValue0123456789';
let saved: NodeJS.ProcessEnv;
let home: string;
let homedir: { mockRestore(): void };

beforeEach(() => {
  saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (/^(ALIBABA_CLOUD_|ALICLOUD_)/.test(key)) delete process.env[key];
  home = mkdtempSync(join(tmpdir(), 'ackl2-creds-'));
  process.env.HOME = home;
  // a worker thread's process.env is its own copy: os.homedir() (the SDK's) still reads the process's HOME
  homedir = vi.spyOn(os, 'homedir').mockReturnValue(home);
  // Never ask an instance metadata service from a test.
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
});

afterEach(() => {
  homedir.mockRestore();
  // Restore key by key: replacing process.env would cut it off from the real environment.
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  for (const [key, value] of Object.entries(saved)) process.env[key] = value;
});

describe('resolveCredentials', () => {
  it('takes the AccessKey from the environment and registers the secret for redaction', async () => {
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'LTAI5tTestKeyId';
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = SECRET;
    const redactor = new Redactor();
    const resolved = await resolveCredentials({ redactor });
    expect(resolved.accessKeyId).toBe('LTAI5tTestKeyId');
    expect(resolved.source).toContain('env');
    expect(redactor.redact(`x ${SECRET} y`)).toBe('x *** y');
  });

  it("reads the run's environment, not the process's (a run inside another program), a token included", async () => {
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'LTAI5tProcessKeyId';
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'process-secret';
    const redactor = new Redactor();
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.RunKeyId', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: 'run-token-0123456789' };
    const resolved = await resolveCredentials({ redactor, env });
    expect([resolved.accessKeyId, resolved.source]).toEqual(['STS.RunKeyId', 'default/env']);
    expect((await resolved.client.getCredential()).securityToken).toBe('run-token-0123456789');
    expect(redactor.redact(`${SECRET} run-token-0123456789`)).toBe('*** ***');
    // without a pair in the run's environment the SDK's chain decides, and it reads the process's
    await expect(resolveCredentials({ redactor: new Redactor(), env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'only-an-id' } })).resolves.toMatchObject({ accessKeyId: 'LTAI5tProcessKeyId' });
  });

  it('reads a named aliyun CLI profile (--profile)', async () => {
    mkdirSync(join(home, '.aliyun'));
    writeFileSync(
      join(home, '.aliyun', 'config.json'),
      JSON.stringify({ current: 'default', profiles: [{ name: 'ci', mode: 'AK', access_key_id: 'LTAI5tFromCli', access_key_secret: SECRET, region_id: 'cn-hangzhou' }] }),
    );
    const resolved = await resolveCredentials({ profile: 'ci', redactor: new Redactor() });
    expect(resolved.accessKeyId).toBe('LTAI5tFromCli');
  });

  it('without any credential: a UserError naming the chain and how to fix it', async () => {
    const error = await resolveCredentials({ redactor: new Redactor() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const { message, hint } = error as UserError;
    expect(message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(message).toContain('~/.aliyun/config.json');
    expect(message).toContain('OIDC');
    expect(message).toContain('RAM role');
    expect(hint).toContain('aliyun configure');
    expect(hint).toContain('--emulator');
  });

  it('an unknown --profile is a UserError that never quotes the config file', async () => {
    mkdirSync(join(home, '.aliyun'));
    writeFileSync(join(home, '.aliyun', 'config.json'), `{"profiles":[{"name":"x","access_key_secret":"${SECRET}"` /* broken JSON */);
    const error = await resolveCredentials({ profile: 'prod', redactor: new Redactor() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('"prod"');
    expect(JSON.stringify({ m: (error as UserError).message, h: (error as UserError).hint })).not.toContain(SECRET);
  });
});

describe('sanitizeProviderMessage', () => {
  it('cuts quoted content after "failed:"', () => {
    expect(sanitizeProviderMessage(`parse aliyun cli config from '/h/.aliyun/config.json' failed: {"access_key_secret":"${SECRET}"}`, (t) => t)).toBe(
      "parse aliyun cli config from '/h/.aliyun/config.json' failed",
    );
  });
});
