/** A validation finding, located in the file that wrote the value. */

export type PathSegment = string | number;
export type ProfilePath = readonly PathSegment[];

export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
}

export interface Issue {
  severity: 'error' | 'warning';
  /** Path in the merged profile, e.g. ['nodePools', 1, 'instanceTypes', 0]. */
  path: ProfilePath;
  message: string;
  /** One-line advice on how to fix it. */
  hint?: string | undefined;
  /** Filled in by the loader from the path; absent only when no file wrote the value. */
  location?: SourceLocation | undefined;
}

/** `nodePools[1].instanceTypes[0]`; keys that are not identifiers are quoted. */
export function formatPath(path: ProfilePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(root)' : out;
}

/** `FILE:LINE:COL path: message (hint)` — the one format every issue is printed in. */
export function formatIssue(issue: Issue): string {
  const where = issue.location
    ? `${issue.location.file}:${issue.location.line}:${issue.location.col}`
    : '(profile)';
  const tag = issue.severity === 'warning' ? 'warning: ' : '';
  const hint = issue.hint ? ` (${issue.hint})` : '';
  return `${where} ${formatPath(issue.path)}: ${tag}${issue.message}${hint}`;
}
