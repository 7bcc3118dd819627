import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('warnings', () => {
  it('one format: a profile warning reads the same from plan (stderr) as from validate', async () => {
    const validate = await runCli(['validate', '-f', 'profiles/quickstart.yaml']);
    const plan = await runCli(['plan', '-f', 'profiles/quickstart.yaml']);
    const warnings = validate.stdout.split('\n').filter((l) => l.includes(': warning: '));
    expect(warnings.length).toBeGreaterThan(0);
    expect(plan.stderr.split('\n').filter(Boolean)).toEqual(warnings);
  });

  it('-q quiets them', async () => {
    const plan = await runCli(['plan', '-f', 'profiles/quickstart.yaml', '-q']);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('Plan for "ackl2-quickstart"');
  });
});
