/**
 * A preflight check: a pure function from what the account answered (`Facts`) and what is
 * being checked (`PreflightTarget`) to located issues, like the offline `Rule` of
 * profile/rules/. Checks never call the cloud; preflight-facts.ts does, once, reading only
 * what the checks that run declare they need. A check runs when the run makes a change it
 * guards (preflight-scope.ts), over the pools with such a change.
 */

import type { Issue, ProfilePath, SourceLocation } from '../../profile/issues.js';
import type { FactNeeds, Facts, PreflightTarget } from '../preflight-target.js';
import type { GuardedChange } from '../preflight-scope.js';

/** An issue at the profile line of `path` (or the nearest parent the file wrote). */
export type Located = (severity: Issue['severity'], path: ProfilePath, message: string, hint?: string) => Issue;

export interface PreflightCheck {
  /** What it checks, for people ("key pairs"). */
  what: string;
  /** The changes it protects: it runs when one of them is planned. */
  guards: readonly GuardedChange[];
  /** The account reads it needs for this target (default: none). */
  needs?: (target: PreflightTarget) => FactNeeds;
  run: (facts: Facts, target: PreflightTarget, at: Located) => Issue[];
}

export function locator(locate: (path: ProfilePath) => SourceLocation | undefined): Located {
  return (severity, path, message, hint) => {
    let location: SourceLocation | undefined;
    for (let n = path.length; n >= 0 && !location; n--) location = locate(path.slice(0, n));
    return { severity, path, message, ...(hint ? { hint } : {}), location };
  };
}
