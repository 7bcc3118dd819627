import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFile } from '../../src/profile/load.js';
import { REPO_ROOT } from '../helpers/cli.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('opens with the two-command quick start that .ci/run and CI rely on', () => {
    const quickStart = /## Quick start\n\n```sh\n([^`]*)```/.exec(readme)?.[1]?.trim().split('\n');
    expect(quickStart).toEqual(['npm ci && node dist/cli.js create -f profiles/quickstart.yaml --emulator --yes', 'npm test']);
    expect(readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
  });

  it('shows a profile example that validates', async () => {
    const example = /```yaml\n([^`]*)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'ackl2-readme-'));
    writeFileSync(join(dir, 'cluster.yaml'), example!);
    const result = await validateFile('cluster.yaml', { cwd: dir });
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.profile?.metadata.name).toBe('shop-prod');
  });
});
