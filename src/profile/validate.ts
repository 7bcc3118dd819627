/**
 * Validation of a composed profile: secrets in every file, the zod schema (types and the
 * checks of single values), the cross-field rules, then the scenarios' requirements. Every
 * issue is located and the list is sorted by file (the named file first, then its bases in
 * load order), line and column.
 */

import { scenarioRequirements } from '../scenarios/index.js';
import type { ComposedProfile } from './compose.js';
import { formatIssue, formatPath, type Issue, type ProfilePath, type SourceLocation } from './issues.js';
import { runRules, sectionsOf, type RuleContext } from './rules.js';
import { BASE_KIND, EXTENSION_KEY_PREFIX, KIND, PARSE_ONCE, poolSchema, profileSchema, type Profile } from './schema.js';
import { schemaIssues } from './schema-issues.js';
import { knownKeysAt } from './schema-walk.js';
import { findSecrets, isSecretKey } from './secrets.js';
import { suggest } from './suggest.js';
import { UNSUPPORTED_VALUE } from './parse.js';
import { locateIn, locateKey, toPlain, type MapNode } from './tree.js';

export type ProfileKind = 'profile' | 'base';

export interface Validation {
  issues: Issue[];
  /** Present when there is no error and the file is a complete profile. */
  profile: Profile | undefined;
  /** "base" for kind: ClusterProfileBase (a partial profile to extend, never planned). */
  kind: ProfileKind;
}

export function validateComposed(composed: ComposedProfile, ctx: RuleContext): Validation {
  const issues: Issue[] = [...composed.issues];
  const secrets = composed.files.flatMap((f) => [findSecrets(f.tree), ...f.shadowed.map((s) => findSecrets(s.node, s.path))].flat());
  issues.push(...secrets);

  let profile: Profile | undefined;
  let kind: ProfileKind = 'profile';
  if (composed.tree) {
    const tree = withoutExtensionKeys(composed.tree);
    const plain = toPlain(tree);
    kind = kindOf((plain as { kind?: unknown }).kind);
    const partial = kind === 'base';
    const parsed = profileSchema.safeParse(plain, PARSE_ONCE);
    if (!parsed.success) {
      // A secret key is also an unknown key, and a YAML value the parser refused is also of the
      // wrong type: one issue (the first) is enough.
      const secretAt = new Set(secrets.map((s) => locationKey(s.location)));
      const refusedAt = new Set(composed.issues.filter((i) => i.message.startsWith(UNSUPPORTED_VALUE)).map((i) => formatPath(i.path)));
      const fromSchema = schemaIssues(parsed.error.issues, profileSchema, plain, tree, { partial });
      issues.push(...fromSchema.filter((i) => !(i.message.startsWith('unknown key') && secretAt.has(locationKey(i.location))) && !refusedAt.has(formatPath(i.path))));
    }
    const repaired = parsed.success ? plain : repairUnknownKeys(plain, parsed.error.issues);
    for (const { atKey, ...issue } of runRules(sectionsOf(repaired, parsed.success ? parsed.data : undefined), { ...ctx, partial })) {
      issues.push({ ...issue, location: issue.location ?? (atKey ? locateKey(tree, issue.path) : locateIn(tree, issue.path)) });
    }
    if (!partial) {
      // With typos of keys as the only fault, the intended profile still gets its scenarios checked.
      const candidate = parsed.success ? parsed : profileSchema.safeParse(repaired, PARSE_ONCE);
      // With a bad value somewhere, the parts that parse on their own still get their scenarios checked.
      const judged = candidate.success ? { profile: candidate.data, poolIndexes: undefined } : partsThatParse(repaired);
      if (judged) {
        for (const found of scenarioRequirements(judged.profile)) {
          const issue = judged.poolIndexes ? { ...found, path: originalPoolPath(found.path, judged.poolIndexes) } : found;
          issues.push({ ...issue, location: issue.location ?? locateIn(tree, issue.path) });
        }
      }
      if (parsed.success) profile = parsed.data;
    }
  }

  const sorted = sortIssues(dedupe(issues), composed.files.map((f) => f.display));
  return { issues: sorted, profile: sorted.some((i) => i.severity === 'error') ? undefined : profile, kind };
}

/**
 * The profile made of the parts that parse on their own, for the scenarios' cross-field
 * checks: the cluster as a whole (scenarios judge it, and no default may stand in for a bad
 * value), each pool that parses, each cluster scenario that parses. Metadata is not judged
 * by any scenario, so a bad one is left out. `poolIndexes[k]` is the file's index of pool k.
 */
function partsThatParse(raw: unknown): { profile: Profile; poolIndexes: number[] } | undefined {
  const root = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  const cluster = profileSchema.shape.cluster.safeParse(root?.cluster, PARSE_ONCE);
  if (!root || !cluster.success) return undefined;
  const poolIndexes: number[] = [];
  const nodePools: Profile['nodePools'] = [];
  (Array.isArray(root.nodePools) ? (root.nodePools as unknown[]) : []).forEach((candidate, index) => {
    const pool = poolSchema.safeParse(candidate, PARSE_ONCE);
    if (!pool.success) return;
    nodePools.push(pool.data);
    poolIndexes.push(index);
  });
  const scenarios: Record<string, unknown> = {};
  const written = root.scenarios !== null && typeof root.scenarios === 'object' ? (root.scenarios as Record<string, unknown>) : {};
  for (const [id, options] of Object.entries(written)) {
    const one = profileSchema.shape.scenarios.safeParse({ [id]: options }, PARSE_ONCE);
    if (one.success) Object.assign(scenarios, one.data);
  }
  const metadata = profileSchema.shape.metadata.safeParse(root.metadata, PARSE_ONCE).data ?? { name: '', region: '', tags: {} };
  const profile: Profile = { apiVersion: 'ackl2/v1', kind: KIND, metadata, cluster: cluster.data, scenarios: scenarios as Profile['scenarios'], nodePools };
  return { profile, poolIndexes };
}

/** A path into the pools that parsed, as a path into the file's pools. */
function originalPoolPath(path: ProfilePath, poolIndexes: readonly number[]): ProfilePath {
  if (path[0] !== 'nodePools' || typeof path[1] !== 'number') return path;
  return ['nodePools', poolIndexes[path[1]] ?? path[1], ...path.slice(2)];
}

/** A typo of ClusterProfileBase is reported as one, and the file is still judged as the base it means to be. */
function kindOf(kind: unknown): ProfileKind {
  if (kind === BASE_KIND) return 'base';
  return typeof kind === 'string' && kind !== KIND && suggest(kind, [KIND, BASE_KIND]) === BASE_KIND ? 'base' : 'profile';
}

/** Top-level `x-...` keys hold anchors for the rest of the file; they are not profile fields. */
function withoutExtensionKeys(tree: MapNode): MapNode {
  const keys = [...tree.entries.keys()].filter((key) => key.startsWith(EXTENSION_KEY_PREFIX));
  if (keys.length === 0) return tree;
  const entries = new Map(tree.entries);
  for (const key of keys) entries.delete(key);
  return { ...tree, entries };
}

/**
 * The raw profile with each unknown key renamed to the key it was probably meant to be (when
 * that key is not written too) or dropped, so that the rules judge what the user meant: a
 * typo in one key is reported once, as a typo, and does not hide the rest of its object.
 * Secret keys are only dropped. (Only unknown keys: a bad value is never replaced, or a
 * default would stand in for it and the rules would judge the default.)
 */
function repairUnknownKeys(plain: unknown, issues: readonly { code: string; path: readonly PropertyKey[]; keys?: readonly string[] }[]): unknown {
  const copy = structuredClone(plain);
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys' || !issue.keys) continue;
    let target: unknown = copy;
    for (const segment of issue.path) target = target !== null && typeof target === 'object' ? (target as Record<PropertyKey, unknown>)[segment] : undefined;
    if (target === null || typeof target !== 'object') continue;
    const object = target as Record<string, unknown>;
    const known = knownKeysAt(profileSchema, issue.path.filter((s): s is string | number => typeof s !== 'symbol'));
    for (const key of issue.keys) {
      const meant = isSecretKey(key) ? undefined : suggest(key, known);
      if (meant !== undefined && !Object.prototype.hasOwnProperty.call(object, meant)) object[meant] = object[key];
      delete object[key];
    }
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
