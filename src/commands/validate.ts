import { UserError } from '../errors.js';
import { formatIssue, type Issue } from '../profile/issues.js';
import { validateFile } from '../profile/load.js';
import { ProfileCache } from '../profile/profile-cache.js';
import { defineCommand, files, flag } from './define.js';
import { profileFiles } from './profile-files.js';
import type { ValidateResult } from '../results/schemas.js';

interface FileVerdict {
  file: string;
  valid: boolean;
  /** "base": kind ClusterProfileBase, a partial profile others extend (valid ones are never planned). */
  kind: 'profile' | 'base';
  issues: Issue[];
}

/** Offline: every issue of every file, a verdict per file; exit 2 when any file fails. */
export default defineCommand({
  name: 'validate',
  description: 'check profiles offline: every problem at once, as FILE:LINE:COL path: message (hint)',
  options: {
    file: files('cluster profiles (YAML): several after one -f, or a directory (its *.yaml, *.yml)'),
    strict: flag('--strict', 'treat warnings as errors'),
  },
  examples: ['ackl2 validate -f cluster.yaml', 'ackl2 validate -f profiles/*.yaml', 'ackl2 validate -f profiles/ --output json'],
  run: async (options, ctx) => {
    if (options.file.length === 0) throw new UserError('no profile to validate', { hint: 'pass -f FILE (several files after one -f, or a directory)' });

    const files: FileVerdict[] = [];
    const cache = new ProfileCache();
    for (const file of await profileFiles(options.file, ctx.cwd)) {
      const { issues, kind } = await validateFile(file, { cwd: ctx.cwd, allowOutsideProject: ctx.global.allowOutsideProject, cache });
      const failing = issues.some((i) => i.severity === 'error' || (options.strict && i.severity === 'warning'));
      files.push({ file, valid: !failing, kind, issues });
    }
    const valid = files.every((f) => f.valid);

    const document: ValidateResult = { ok: valid, files };
    ctx.reporter.result(document, () => files.map((f) => humanReport(f, options.strict, ctx.reporter.paint.bind(ctx.reporter))).join('\n'));

    if (!valid) {
      const failed = files.filter((f) => !f.valid).length;
      throw new UserError(
        files.length === 1 ? `${files[0]!.file} is not a valid profile` : `${failed} of ${files.length} profiles are not valid`,
        { hint: options.strict && files.every((f) => f.issues.every((i) => i.severity === 'warning')) ? 'warnings fail under --strict' : undefined },
      );
    }
  },
});

type Paint = (style: 'red' | 'yellow' | 'green' | 'dim' | 'bold', text: string) => string;

function humanReport(file: FileVerdict, strict: boolean, paint: Paint): string {
  const lines = file.issues.map(formatIssue);
  const errors = file.issues.filter((i) => i.severity === 'error').length;
  const warnings = file.issues.length - errors;
  const counts = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
  const what = file.kind === 'base' ? 'valid base profile (extend it; it is not planned on its own)' : 'valid';
  if (file.valid) lines.push(`${paint('green', '✔')} ${file.file}: ${what}${counts ? ` (${counts})` : ''}`);
  else lines.push(`${paint('red', '✖')} ${file.file}: ${counts}${errors === 0 && strict ? ' (--strict)' : ''}`);
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
