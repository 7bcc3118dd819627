/**
 * Reading a profile for `ackl2 migrate`. A profile that needs migrating is often one that
 * validate refuses today (an Alibaba Cloud Linux 2 pool on Kubernetes 1.30, say), so only the
 * schema must hold: the rules may fail, since fixing their cause is what migrate is for. What
 * is still wrong after the rewrite is reported by validating the written file.
 */

import { UserError, ValidationFailed } from '../errors.js';
import { composeProfile } from '../profile/compose.js';
import type { Issue } from '../profile/issues.js';
import { EXTENSION_KEY_PREFIX, PARSE_ONCE, profileSchema } from '../profile/schema.js';
import { locateIn, toPlain } from '../profile/tree.js';
import { validateComposed } from '../profile/validate.js';
import type { MigrationInput } from './plan.js';

export async function loadForMigration(file: string, cwd: string): Promise<{ input: MigrationInput; issues: Issue[] }> {
  const composed = await composeProfile(file, { cwd });
  const validation = validateComposed(composed, { file });
  const errors = validation.issues.filter((i) => i.severity === 'error');
  const tree = composed.tree;
  if (validation.kind === 'base') {
    throw new UserError(`${file} is a base profile (kind: ClusterProfileBase): migrate the profiles that extend it`, {
      hint: `run ackl2 migrate -f PROFILE on a profile that extends it; its inherited values are written there`,
    });
  }
  const plain = tree ? (toPlain(tree) as Record<string, unknown>) : undefined;
  if (plain) for (const key of Object.keys(plain)) if (key.startsWith(EXTENSION_KEY_PREFIX)) delete plain[key];
  const parsed = plain ? profileSchema.safeParse(plain, PARSE_ONCE) : undefined;
  if (!tree || !parsed?.success) {
    throw new ValidationFailed(errors, `${file}: ${errors.length} error${errors.length === 1 ? '' : 's'} in the profile; migrate rewrites a profile that parses`);
  }
  return { input: { file, profile: parsed.data, written: plain, locate: (path) => locateIn(tree, path) }, issues: validation.issues };
}
