import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFile } from '../../src/profile/load.js';
import { REPO_ROOT } from '../helpers/cli.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('opens with the two-command quick start that .ci/run and CI rely on', () => {
    const quickStart = /## Quick start\n\n```sh\n([^`]*)```/.exec(readme)?.[1]?.trim().split('\n');
    expect(quickStart).toEqual(['npm ci && npm run build && node dist/cli.js create -f profiles/quickstart.yaml --emulator --emulator-catalog 2024-03 --yes', 'npm test']);
    // CI builds once: `npm ci` only installs, `npm test` builds and runs the tests
    const ci = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8');
    expect(ci.split('\n').filter((l) => /^npm /.test(l))).toEqual(['npm ci', 'npm test']);
    const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    // npm test: what `npm run build && npm run test:built` checks, the typecheck beside the tests (scripts/test.mjs)
    expect(scripts.build).toBe('tsc -p tsconfig.json --noEmit && node scripts/build.mjs');
    expect(scripts.test).toBe('node scripts/test.mjs');
    const runner = readFileSync(join(REPO_ROOT, 'scripts/test.mjs'), 'utf8');
    expect(runner).toContain("['-p', 'tsconfig.json', '--noEmit'");
    expect(runner).toContain("run(process.execPath, ['scripts/build.mjs'])");
    expect(runner).toContain("'run', ...process.argv.slice(2)");
    expect(scripts['test:built']).toBe('vitest run');
  });

  it('says what a real account offers today, and the profile and command to use there', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Why ackl2'));
    expect(quickStart).toMatch(/no longer offers Alibaba Cloud Linux 2 node pools/);
    expect(quickStart).toContain('profiles/quickstart-alinux3.yaml');
    expect(quickStart).toContain('ackl2 migrate -f cluster.yaml --to AliyunLinux3');
    expect(existsSync(join(REPO_ROOT, 'profiles/quickstart-alinux3.yaml'))).toBe(true);
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
