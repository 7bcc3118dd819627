import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../src/errors.js';
import { formatIssue, formatPath } from '../../src/profile/issues.js';
import { loadProfile, validateFile } from '../../src/profile/load.js';
import { CORPUS_DIR, corpusCases, PLANTED_SECRETS } from './corpus.js';

const cases = corpusCases();

describe('bad-input corpus', () => {
  it('has at least 40 cases, each with its expected errors', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) expect(c.expected, c.name).not.toHaveLength(0);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: exactly the expected errors, each located', async (_name, c) => {
    const { issues, profile } = await validateFile(c.name, { cwd: CORPUS_DIR });
    expect(profile).toBeUndefined();
    const errors = issues.filter((i) => i.severity === 'error');
    const actual = errors.map((i) => ({
      file: i.location?.file,
      line: i.location?.line,
      col: i.location?.col,
      path: formatPath(i.path),
      message: i.message,
    }));
    expect(actual.map(({ message, ...where }) => where)).toEqual(c.expected.map(({ message, ...where }) => where));
    actual.forEach((issue, index) => expect(issue.message).toContain(c.expected[index]!.message));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: loadProfile throws ValidationFailed carrying the same issues', async (_name, c) => {
    const error = await loadProfile(c.name, { cwd: CORPUS_DIR }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    const issues = (error as ValidationFailed).issues.filter((i) => i.severity === 'error');
    expect(issues).toHaveLength(c.expected.length);
    expect((error as ValidationFailed).message).toContain(c.name);
  });

  it('never repeats a planted secret value in any issue', async () => {
    for (const c of cases.filter((k) => k.name.startsWith('secret-') || k.name === 'multi-issue.yaml')) {
      const { issues } = await validateFile(c.name, { cwd: CORPUS_DIR });
      const text = JSON.stringify(issues) + issues.map(formatIssue).join('\n');
      for (const secret of PLANTED_SECRETS) expect(text, c.name).not.toContain(secret);
      expect(text).not.toContain('LTAI5tAbCdEfGhIjKlMnOpQr');
    }
  });
});
