/**
 * One confirmation rule for every command that changes the cloud: without a terminal and
 * without --yes it refuses before any change (exit 2, the hint names --yes), against an
 * endpoint and under --emulator alike.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { mutating, onePoolProfile, startCloud, writeProfile, type TestCloud } from './harness.js';

const GROWN = `${onePoolProfile('confirm')}  - name: extra
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
`;

let cloud: TestCloud;
let grown: string;
const R = ['--region', 'cn-hangzhou'];

beforeAll(async () => {
  cloud = await startCloud();
  // set-up, not the subject: in-process
  const created = await cloud.inProcess(['create', '-f', writeProfile(onePoolProfile('confirm'), 'confirm.yaml'), '--yes']);
  expect(created.code, created.stderr).toBe(0);
  grown = writeProfile(GROWN, 'confirm.yaml');
});
afterAll(async () => {
  await cloud?.close();
});

describe('without a terminal and without --yes', () => {
  const cases: [string, () => string[]][] = [
    ['create', () => ['create', '-f', writeProfile(onePoolProfile('confirm-new'))]],
    ['nodepool add', () => ['nodepool', 'add', '-f', grown, '--pool', 'extra']],
    ['nodepool scale', () => ['nodepool', 'scale', '--cluster', 'confirm', '--pool', 'web', '--size', '2', ...R]],
    ['join', () => ['join', '--cluster', 'confirm', '--pool', 'web', '--instances', 'i-bp1spare000004', ...R]],
    ['delete cluster', () => ['delete', 'cluster', 'confirm', ...R]],
  ];

  it.each(cases)('%s refuses before any change, exit 2, and says --yes', async (_name, args) => {
    await cloud.clearCalls();
    const result = await cloud.run(args());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/refusing to change the cloud without confirmation/);
    expect(result.stderr).toMatch(/add --yes .* --yes\n/);
    expect(mutating(await cloud.calls())).toEqual([]);
  });

  it('the same under --emulator (a pipeline tried there behaves as on an account)', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ackl2-e2e-cache-'));
    const result = await runCli(['create', '-f', 'profiles/quickstart-alinux3.yaml', '--emulator'], { env: { XDG_CACHE_HOME: cache, CI: 'true' } });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('ackl2 create -f profiles/quickstart-alinux3.yaml --emulator --yes');
  });
});
