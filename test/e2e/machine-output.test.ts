/**
 * `--output json|yaml`: stdout holds exactly one document and nothing else, for every online
 * command, on success and on failure, usage errors commander catches included.
 */

import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { jsonOf, onePoolProfile, startCloud, type TestCloud, writeProfile } from './harness.js';


describe('one document on stdout', () => {
  let cloud: TestCloud;
  const file = writeProfile(onePoolProfile('docs-only'));
  beforeAll(async () => {
    cloud = await startCloud();
  });
  afterAll(() => cloud.close());

  it('usage errors (unknown command or option, missing option or subcommand, bad choice) are a failed document too', async () => {
    // Every kind of usage error is a commander error (test/unit/usage-errors.test.ts): main's one
    // branch for them is checked here with an unknown command and a missing subcommand (its own message).
    for (const args of [['bogus'], ['get']]) {
      const json = await runCli([...args, '--output', 'json']);
      expect(json.code, args.join(' ')).toBe(2);
      expect(jsonOf(json), args.join(' ')).toMatchObject({ ok: false, error: { type: 'UserError', exitCode: 2, hint: 'run with --help for usage' } });
    }
    const yaml = await runCli(['get', 'nodes', '-oyaml']);
    expect(parseYaml(yaml.stdout)).toMatchObject({ ok: false, error: { exitCode: 2, message: "required option '--cluster <name>' not specified" } });
    const table = await runCli(['get', 'nodes']);
    expect(table.stdout).toBe('');
  });

  // (each command's own tests check its documents in detail; this is the sweep over all of them)
  // One command per test, in order on one cloud (create first, delete last): a slow machine
  // stretches steps, not one test past its timeout.
  const online = (): [string, string[], number][] =>
    (
      [
        [['create', '-f', file, '--yes'], 0],
        [['get', 'nodes', '--cluster', 'docs-only', '--pool', 'nope'], 2],
        [['nodepool', 'scale', '--cluster', 'docs-only', '--pool', 'web', '--size', '2', '--yes'], 0],
        [['join', '--cluster', 'docs-only', '--pool', 'web', '--instances', 'i-bp1stopped00001'], 2],
        [['kubeconfig', '--cluster', 'docs-only'], 2],
        [['images', '--region', 'cn-nowhere'], 3],
        [['pin', '-f', file, '--check'], 0],
        [['delete', 'cluster', 'docs-only'], 2],
        [['delete', 'cluster', 'docs-only', '--yes'], 0],
      ] as [string[], number][]
    ).map(([args, code]) => [`${args.join(' ').replace(file, 'PROFILE')} (exit ${code})`, args, code]);
  it.each(online())('every online command, succeeding and failing: %s', async (_name, args, code) => {
    const run = await cloud.run([...args, '--output', 'json'], { env: { ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' } });
    expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(code);
    const document = jsonOf(run);
    if (code !== 0) expect(document, args.join(' ')).toMatchObject({ ok: false, error: { exitCode: code } });
  });
});
