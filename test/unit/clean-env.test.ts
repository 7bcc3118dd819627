/** The environment a test's CLI run gets (test/helpers/cli.ts). */

import { afterEach, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/cli.js';
import { cpuAccountingEnv } from '../helpers/cpu-accounting.js';

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

it('drops credentials, ackl2 settings and the CA bundle a loopback run never reads; keeps the rest', () => {
  Object.assign(process.env, { NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', ALIBABA_CLOUD_ACCESS_KEY_ID: 'AK', ACKL2_POLL: '1s', KEEP_ME: 'yes' });
  const env = cleanEnv({ ACKL2_ENDPOINT: 'http://127.0.0.1:1' });
  expect(env).not.toHaveProperty('NODE_EXTRA_CA_CERTS');
  expect(env).not.toHaveProperty('ALIBABA_CLOUD_ACCESS_KEY_ID');
  expect(env).not.toHaveProperty('ACKL2_POLL');
  expect(env).toMatchObject({ KEEP_ME: 'yes', NO_COLOR: '1', ACKL2_ENDPOINT: 'http://127.0.0.1:1' });
});

it('tags a CLI run with its test file only while the suite CPU is measured', () => {
  expect(cpuAccountingEnv({})).toEqual({});
  expect(cpuAccountingEnv({ SUITE_CPU_LOG: '/tmp/cpu.jsonl' })).toEqual({ SUITE_CPU_TEST_FILE: expect.stringMatching(/test\/unit\/clean-env\.test\.ts$/) });
});
