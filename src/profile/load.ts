/**
 * Loading a profile: read, parse with positions, resolve `extends`, merge, validate. Every
 * problem, from a missing file to a bad sysctl, comes back as a located issue.
 */

import { resolve } from 'node:path';
import { UserError, ValidationFailed } from '../errors.js';
import { builtinReference, composeProfile } from './compose.js';
import type { Issue, ProfilePath, SourceLocation } from './issues.js';
import type { ProfileCache } from './profile-cache.js';
import { BASE_KIND, KIND, type Profile } from './schema.js';
import { locateIn, type MapNode } from './tree.js';
import { validateComposed, type ProfileKind } from './validate.js';

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
  /** Present when there is no error and the file is a complete profile. */
  profile: Profile | undefined;
  /** "base" for kind: ClusterProfileBase: validated on its own, but only ever extended. */
  kind: ProfileKind;
  locate(path: ProfilePath): SourceLocation | undefined;
}

export interface LoadOptions {
  cwd: string;
  /** Where builtin:NAME profiles live (default: the package's profiles/; tests point it elsewhere). */
  builtinDir?: string | undefined;
  /** Read `extends` bases outside the project too (--allow-outside-project). */
  allowOutsideProject?: boolean | undefined;
  /** Shared by the profiles of one run (see profile-cache.ts). */
  cache?: ProfileCache | undefined;
}

export async function validateFile(file: string, options: LoadOptions): Promise<FileValidation> {
  checkFileName(file);
  const composed = await composeProfile(file, options);
  const { issues, profile, kind } = validateComposed(composed, { file });
  return { file, issues, profile, kind, locate: locator(composed.tree) };
}

/**
 * Load, merge and validate a complete profile; throws ValidationFailed carrying every located
 * issue (a base profile is refused too: it is there to be extended, not planned or created).
 */
export async function loadProfile(file: string, options: LoadOptions): Promise<LoadedProfile> {
  const result = await validateFile(file, options);
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  if (errors === 0 && result.kind === 'base') {
    const notPlannable: Issue = {
      severity: 'error',
      path: ['kind'],
      message: `this is a base profile (kind: ${BASE_KIND}): it holds shared settings for profiles to extend, and is not planned or created on its own`,
      hint: `write a profile with kind: ${KIND} and extends: [${builtinReference(resolve(options.cwd, file), options.builtinDir) ?? `${file} (relative to that profile)`}], then plan that one`,
      location: result.locate(['kind']),
    };
    throw new ValidationFailed([notPlannable, ...result.issues], `${file} is a base profile, not a complete one`);
  }
  if (!result.profile) {
    throw new ValidationFailed(result.issues, `${file}: ${errors} error${errors === 1 ? '' : 's'} in the profile`);
  }
  return { file, profile: result.profile, warnings: result.issues, locate: result.locate };
}

/** Names that cannot be a profile file are flag mistakes, reported before anything is read. */
function checkFileName(file: string): void {
  if (file.trim() === '') throw new UserError('-f got an empty file name', { hint: 'pass the path of a profile, e.g. -f cluster.yaml' });
  if (file === '-') {
    throw new UserError('profiles are read from files, not from standard input (-f -)', {
      hint: 'save it to a file first (its extends paths are relative to that file), e.g. ... > cluster.yaml && ackl2 validate -f cluster.yaml',
    });
  }
}

function locator(tree: MapNode | undefined): (path: ProfilePath) => SourceLocation | undefined {
  return (path) => (tree ? locateIn(tree, path) : undefined);
}
