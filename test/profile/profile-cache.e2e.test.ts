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

});
