import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempTrees } from '../helpers/files.js';

const files = tempTrees('ackl2-profile-cache-e2e-');

const profile = (name: string) =>
  `apiVersion: ackl2/v1\nkind: ClusterProfile\nextends: [builtin:base]\nmetadata: { name: ${name}, region: cn-hangzhou }\nnodePools:\n  - name: web\n    instanceTypes: [ecs.g7.xlarge]\n    desiredSize: 2\n    login: { keyPair: ackl2-demo }\n`;

describe('profiles of one run sharing a base', () => {
  it('`plan -f DIR` of profiles extending builtin:base prints its version warning once', async () => {
    const dir = files('plan-dir', {
      'a.yaml': profile('a'),
      'b.yaml': profile('b'),
    });
    const result = await runCli(['plan', '-f', dir, '--output', 'json'], { cwd: dir });
    expect(result.code).toBe(0);
    const baseWarnings = result.stderr.split('\n').filter((line) => line.includes('profiles/bases/base.yaml:'));
    expect(baseWarnings).toHaveLength(1);
    expect(baseWarnings[0]).toMatch(/kubernetesVersion/);
    expect(JSON.parse(result.stdout).plans).toHaveLength(2);
  });


  it('stops on a problem of a shared base (itself one of the files) before any API call, showing it once and every profile\'s own', async () => {
    const base = 'apiVersion: ackl2/v1\nkind: ClusterProfileBase\ncluster:\n  deletionProtection: maybe\n';
    const own = (name: string) => profile(name).replace('builtin:base', './shared.yaml');
    const dir = files('bad-base', { 'shared.yaml': base, 'a.yaml': own('a'), 'b.yaml': own('b').replace('desiredSize: 2', 'desiredSize: -1') });
    for (const argv of [['plan', '-f', '.'], ['create', '-f', '.', '--yes']]) {
      const result = await runCli(argv, { cwd: dir, env: { ACKL2_ENDPOINT: 'http://127.0.0.1:9' } });
      expect(result.code, argv.join(' ')).toBe(2);
      const output = result.stdout + result.stderr;
      expect(output.match(/shared\.yaml:4:\d+ cluster\.deletionProtection/g), argv.join(' ')).toHaveLength(1);
      expect(output, argv.join(' ')).toMatch(/b\.yaml:\d+:\d+ nodePools\[0\]\.desiredSize/);
      expect(output, argv.join(' ')).toMatch(/3 of 3 profiles are not valid/);
    }
  });
});
