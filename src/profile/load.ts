/**
 * Loading a profile file. (Stub with the final signature: positions, extends, merge and
 * every located issue land here.)
 */

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ValidationFailed } from '../errors.js';
import type { Issue, ProfilePath, SourceLocation } from './issues.js';
import { profileSchema, type Profile } from './schema.js';

export interface LoadedProfile {
  /** The file as the user named it. */
  file: string;
  /** Validated, defaults filled, `extends` resolved. */
  profile: Profile;
  /** Located warnings (errors throw). */
  warnings: Issue[];
  /** file:line:col of the file that wrote the value at this path of the merged profile. */
  locate(path: ProfilePath): SourceLocation | undefined;
}

/** Load, merge and validate; throws ValidationFailed carrying every located issue. */
export async function loadProfile(file: string, options: { cwd: string }): Promise<LoadedProfile> {
  const text = await readFile(resolve(options.cwd, file), 'utf8');
  const result = profileSchema.safeParse(parse(text));
  if (!result.success) {
    throw new ValidationFailed(
      result.error.issues.map((i) => ({ severity: 'error', path: i.path as (string | number)[], message: i.message })),
    );
  }
  return { file, profile: result.data, warnings: [], locate: () => undefined };
}
