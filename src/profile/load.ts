/**
 * Loading a profile: read, parse with positions, resolve `extends`, merge, validate. Every
 * problem, from a missing file to a bad sysctl, comes back as a located issue.
 */

import { ValidationFailed } from '../errors.js';
import { composeProfile } from './compose.js';
import type { Issue, ProfilePath, SourceLocation } from './issues.js';
import type { Profile } from './schema.js';
import { locateIn, type MapNode } from './tree.js';
import { validateComposed } from './validate.js';

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

/** The outcome of validating one file, errors included (for `ackl2 validate`). */
export interface FileValidation {
  file: string;
  /** Errors and warnings, sorted by location. */
  issues: Issue[];
  /** Present when there is no error. */
  profile: Profile | undefined;
  locate(path: ProfilePath): SourceLocation | undefined;
}

export interface LoadOptions {
  cwd: string;
  /** Where builtin:NAME profiles live (default: the package's profiles/; tests point it elsewhere). */
  builtinDir?: string | undefined;
}

export async function validateFile(file: string, options: LoadOptions): Promise<FileValidation> {
  const composed = await composeProfile(file, options);
  const { issues, profile } = validateComposed(composed, { file });
  return { file, issues, profile, locate: locator(composed.tree) };
}

/** Load, merge and validate; throws ValidationFailed carrying every located issue. */
export async function loadProfile(file: string, options: LoadOptions): Promise<LoadedProfile> {
  const result = await validateFile(file, options);
  if (!result.profile) {
    const errors = result.issues.filter((i) => i.severity === 'error').length;
    throw new ValidationFailed(result.issues, `${file}: ${errors} error${errors === 1 ? '' : 's'} in the profile`);
  }
  return { file, profile: result.profile, warnings: result.issues, locate: result.locate };
}

function locator(tree: MapNode | undefined): (path: ProfilePath) => SourceLocation | undefined {
  return (path) => (tree ? locateIn(tree, path) : undefined);
}
