/**
 * Through the built CLI: `extends` bases stay inside the project unless
 * --allow-outside-project (the in-process side: extends-safety.test.ts).
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempTrees } from '../helpers/files.js';

const files = tempTrees('ackl2-extends-safety-');

const HEAD = 'apiVersion: ackl2/v1\nkind: ClusterProfile\nmetadata: { name: demo, region: cn-hangzhou }\n';
const BASE = 'apiVersion: ackl2/v1\nkind: ClusterProfileBase\n';
const NETWORK = 'cluster:\n  kubernetesVersion: "1.28"\n  network: { vpcId: vpc-bp1ackl2demo0001, vswitchIds: [vsw-bp1nodeh00001], podVswitchIds: [vsw-bp1podh000004] }\n';
const POOL = 'nodePools:\n  - name: web\n    instanceTypes: [ecs.g7.xlarge]\n    desiredSize: 2\n    login: { keyPair: ackl2-demo }\n';

describe('extends stays inside the project (CLI)', () => {
  it('the CLI refuses by default and reads with --allow-outside-project', async () => {
    const root = files('cli', { 'shared/base.yaml': `${BASE}${NETWORK}`, 'project/cluster.yaml': `extends: [../shared/base.yaml]\n${HEAD}${POOL}` });
    const cwd = join(root, 'project');
    const refused = await runCli(['validate', '-f', 'cluster.yaml'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('is outside the project');
    const allowed = await runCli(['validate', '-f', 'cluster.yaml', '--allow-outside-project'], { cwd });
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
  });
});
