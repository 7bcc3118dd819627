/**
 * Validation of a composed profile: secrets in every file, the zod schema, the cross-field
 * rules, then the scenarios' requirements. Every issue is located and the list is sorted by
 * file (the named file first, then its bases in load order), line and column.
 */

import { scenarioRequirements } from '../scenarios/index.js';
import type { ComposedProfile } from './compose.js';
import { formatIssue, type Issue, type SourceLocation } from './issues.js';
import { runRules, sectionsOfProfile, sectionsOfRaw, type RuleContext } from './rules.js';
import { PARSE_ONCE, profileSchema, type Profile } from './schema.js';
import { schemaIssues } from './schemaIssues.js';
import { findSecrets } from './secrets.js';
import { locateIn, locateKey, toPlain } from './tree.js';

export interface Validation {
  issues: Issue[];
  /** Present when there is no error. */
  profile: Profile | undefined;
}

export function validateComposed(composed: ComposedProfile, ctx: RuleContext): Validation {
  const issues: Issue[] = [...composed.issues];
  const secrets = composed.files.flatMap((f) => findSecrets(f.tree));
  issues.push(...secrets);

  const tree = composed.tree;
  let profile: Profile | undefined;
  if (tree) {
    const plain = toPlain(tree);
    const parsed = profileSchema.safeParse(plain, PARSE_ONCE);
    const secretAt = new Set(secrets.map((s) => locationKey(s.location)));
    if (!parsed.success) {
      // A secret key is also an unknown key: one issue (the secret one) is enough.
      const fromSchema = schemaIssues(parsed.error.issues, profileSchema, plain, tree);
      issues.push(...fromSchema.filter((i) => !(i.message.startsWith('unknown key') && secretAt.has(locationKey(i.location)))));
    }
    const sections = parsed.success ? sectionsOfProfile(parsed.data) : sectionsOfRaw(withoutUnknownKeys(plain, parsed.error.issues));
    for (const { atKey, ...issue } of runRules(sections, ctx)) {
      issues.push({ ...issue, location: issue.location ?? (atKey ? locateKey(tree, issue.path) : locateIn(tree, issue.path)) });
    }
    if (parsed.success) {
      for (const issue of scenarioRequirements(parsed.data)) issues.push({ ...issue, location: issue.location ?? locateIn(tree, issue.path) });
      profile = parsed.data;
    }
  }

  const sorted = sortIssues(dedupe(issues), composed.files.map((f) => f.display));
  return { issues: sorted, profile: sorted.some((i) => i.severity === 'error') ? undefined : profile };
}

/**
 * The raw profile minus the keys the schema does not know, so that a typo in one key does not
 * keep the rules from checking the rest of its section. (Only unknown keys: dropping a bad
 * value would let a default stand in for it and the rules would judge the default.)
 */
function withoutUnknownKeys(plain: unknown, issues: readonly { code: string; path: readonly PropertyKey[]; keys?: readonly string[] }[]): unknown {
  const copy = structuredClone(plain);
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys' || !issue.keys) continue;
    let target: unknown = copy;
    for (const segment of issue.path) target = target !== null && typeof target === 'object' ? (target as Record<PropertyKey, unknown>)[segment] : undefined;
    if (target !== null && typeof target === 'object') for (const key of issue.keys) delete (target as Record<string, unknown>)[key];
  }
  return copy;
}

/** Plain code-unit order: localeCompare would load ICU collation data, a start-up cost. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function locationKey(location: SourceLocation | undefined): string {
  return location ? `${location.file}\0${location.line}\0${location.col}` : '';
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.severity}\0${formatIssue(issue)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** By file (in the given order, unknown files after), then line, column, errors before warnings. */
export function sortIssues(issues: Issue[], fileOrder: readonly string[]): Issue[] {
  const rank = (file: string | undefined): number => {
    const index = file === undefined ? -1 : fileOrder.indexOf(file);
    return index === -1 ? fileOrder.length : index;
  };
  return [...issues].sort((a, b) => {
    const la = a.location;
    const lb = b.location;
    return (
      rank(la?.file) - rank(lb?.file) ||
      compareText(la?.file ?? '', lb?.file ?? '') ||
      (la?.line ?? 0) - (lb?.line ?? 0) ||
      (la?.col ?? 0) - (lb?.col ?? 0) ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)
    );
  });
}
