/**
 * zod issues -> friendly, located issues: unknown keys with "did you mean", enums with their
 * allowed values, missing keys located at their parent, type errors saying what was found.
 * Values are quoted only when short and when the schema says what they should be (never
 * for keys a secret could hide under).
 */

import type * as z from 'zod';
import type { CheckParams } from './checks.js';
import type { Issue, PathSegment, SourceLocation } from './issues.js';
import { boundsAt, descriptionAt, knownKeysAt, schemaAt } from './schema-walk.js';
import { suggest } from './suggest.js';
import { locateIn, locateKey, nodeAt, type MapNode } from './tree.js';

type ZodIssue = z.core.$ZodIssue;

export interface SchemaIssueOptions {
  /**
   * A base profile (kind: ClusterProfileBase): keys it leaves out are for the profiles that
   * extend it to write, so "missing required key" is not reported (except apiVersion and kind).
   */
  partial?: boolean;
}

/** Keys even a base profile must write. */
const ALWAYS_REQUIRED = new Set(['apiVersion', 'kind']);

export function schemaIssues(zodIssues: readonly ZodIssue[], schema: z.ZodType, plain: unknown, tree: MapNode, options: SchemaIssueOptions = {}): Issue[] {
  const context = new Context(zodIssues, schema, plain);
  const out: Issue[] = [];
  for (const zodIssue of zodIssues) {
    if (context.redundant(zodIssue)) continue;
    if (options.partial && isMissing(zodIssue, plain) && !(zodIssue.path.length === 1 && ALWAYS_REQUIRED.has(String(zodIssue.path[0])))) continue;
    out.push(...translate(zodIssue, context, tree));
  }
  return out;
}

/** A required key that is not there at all. */
function isMissing(issue: ZodIssue, plain: unknown): boolean {
  return (issue.code === 'invalid_type' || issue.code === 'invalid_value') && valueAt(plain, pathOf(issue)) === undefined;
}

const paramsOf = (issue: { params?: Record<string, unknown> | undefined }): CheckParams => (issue.params ?? {}) as CheckParams;

const pathOf = (issue: { path: readonly PropertyKey[] }): PathSegment[] => issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
const keyOf = (path: readonly PathSegment[]): string => JSON.stringify(path);

/** What one issue needs to know about the others, to report one cause once. */
class Context {
  /** Paths with a wrong type: size and format complaints there add nothing. */
  private readonly wrongType = new Set<string>();
  /** "parent path" -> keys an unknown key there was probably meant to be. */
  readonly typoTargets = new Map<string, Set<string>>();
  /** Paths with a number too big for the schema's own limit: the JavaScript safe-integer limit adds nothing. */
  private readonly tooBig = new Map<string, number>();

  constructor(
    issues: readonly ZodIssue[],
    readonly schema: z.ZodType,
    readonly plain: unknown,
  ) {
    for (const issue of issues) {
      const path = pathOf(issue);
      if (issue.code === 'invalid_type') this.wrongType.add(keyOf(path));
      if (issue.code === 'too_big' && (issue.origin === 'number' || issue.origin === 'int')) {
        const limit = Number(issue.maximum);
        this.tooBig.set(keyOf(path), Math.min(limit, this.tooBig.get(keyOf(path)) ?? Infinity));
      }
      if (issue.code === 'unrecognized_keys') {
        const known = knownKeysAt(schema, path);
        const targets = new Set(issue.keys.map((key) => suggest(key, known)).filter((k): k is string => k !== undefined));
        this.typoTargets.set(keyOf(path), targets);
      }
    }
  }

  redundant(issue: ZodIssue): boolean {
    const path = pathOf(issue);
    if ((issue.code === 'too_big' || issue.code === 'too_small' || issue.code === 'invalid_format' || issue.code === 'custom') && this.wrongType.has(keyOf(path))) return true;
    if (issue.code === 'too_big' && (issue.origin === 'number' || issue.origin === 'int') && Number(issue.maximum) > (this.tooBig.get(keyOf(path)) ?? Infinity)) return true;
    // "login needs keyPair or passwordFromEnv" next to `keyPiar: x`: the typo is the one problem.
    if (issue.code === 'custom') {
      const about = paramsOf(issue).about ?? [];
      const targets = this.typoTargets.get(keyOf(path));
      if (targets && about.some((key) => targets.has(key))) return true;
    }
    // `vswitchId: [...]` is one mistake: the unknown key's hint says the required key it should be.
    if (issue.code === 'invalid_type' && valueAt(this.plain, path) === undefined) {
      const key = path.at(-1);
      return typeof key === 'string' && (this.typoTargets.get(keyOf(path.slice(0, -1)))?.has(key) ?? false);
    }
    return false;
  }

  isRequired(parent: readonly PathSegment[], key: string): boolean {
    const field = schemaAt(this.schema, [...parent, key]);
    return field !== undefined && !field.safeParse(undefined).success;
  }
}

function translate(issue: ZodIssue, context: Context, tree: MapNode): Issue[] {
  const { schema, plain } = context;
  const path = pathOf(issue);
  const at = (location: SourceLocation, message: string, hint?: string): Issue => ({ severity: 'error', path, message, hint, location });
  const value = valueAt(plain, path);
  const describe = mayHoldSecret(path) ? describeType : describeValue;

  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeysAt(schema, path);
        const guess = suggest(key, known);
        const required = guess !== undefined && valueAt(plain, [...path, guess]) === undefined && context.isRequired(path, guess);
        const hint = guess
          ? `did you mean "${guess}"?${required ? ` It is required.` : ''}${/[_-]/.test(key) && !/[_-]/.test(guess) ? ' Profile keys are camelCase.' : ''}`
          : known.length > 0
            ? `known keys here: ${known.join(', ')}`
            : 'remove it';
        return { severity: 'error', path: [...path, key], message: `unknown key "${key}"`, hint, location: locateKey(tree, [...path, key]) };
      });

    case 'invalid_type': {
      if (value === undefined) {
        const key = path.at(-1);
        const description = descriptionAt(schema, path);
        const message = typeof key === 'string' ? `missing required key "${key}"` : 'missing value';
        return [at(locateIn(tree, path), message, description ? `add it: ${lowerFirst(description).replace(/\.$/, '')}` : undefined)];
      }
      const expected = expectedName(issue.expected);
      const hint = mayHoldSecret(path) ? undefined : typeHint(issue.expected, value, tree, path);
      return [at(locateIn(tree, path), `expected ${expected}, found ${describe(value)}`, hint)];
    }

    case 'invalid_value': {
      const key = path.at(-1);
      if (value === undefined && typeof key === 'string') {
        const example = issue.values.length === 1 ? `${key}: ${String(issue.values[0])}` : `${key}: one of ${issue.values.map(String).join(', ')}`;
        return [at(locateIn(tree, path), `missing required key "${key}"`, `add it: ${example}`)];
      }
      const allowed = issue.values.map((v) => JSON.stringify(v));
      const found = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? ` (found ${describe(value)})` : `, found ${describe(value)}`;
      const message = allowed.length === 1 ? `must be ${allowed[0]}${found}` : `must be one of ${allowed.join(', ')}${found}`;
      const guess = typeof value === 'string' ? suggest(value, issue.values.filter((v): v is string => typeof v === 'string')) : undefined;
      return [at(locateIn(tree, path), message, guess ? `did you mean "${guess}"?` : undefined)];
    }

    case 'too_small':
    case 'too_big':
      return [at(locateIn(tree, path), sizeMessage(issue), sizeHint(issue, boundsAt(schema, path)))];

    case 'invalid_format':
      return [at(locateIn(tree, path), issue.message.startsWith('Invalid') ? `is not a valid ${issue.format}` : issue.message)];

    case 'invalid_union': {
      const expected = [...new Set(issue.errors.flatMap((branch) => branch.filter((e) => e.code === 'invalid_type').map((e) => expectedName((e as { expected: string }).expected))))];
      const message = expected.length > 0 ? `expected ${expected.join(' or ')}, found ${describe(value)}` : 'is not a valid value';
      return [at(locateIn(tree, path), message)];
    }

    case 'invalid_key': {
      const where = locateKey(tree, path);
      const custom = issue.issues.filter((inner) => inner.code === 'custom');
      if (custom.length > 0) return custom.map((inner) => ({ severity: 'error', path, message: inner.message, hint: paramsOf(inner).hint, location: where }));
      const inner = issue.issues[0];
      const detail = inner && (inner.code === 'too_big' || inner.code === 'too_small') ? sizeMessage(inner) : 'is not a valid key';
      return [{ severity: 'error', path, message: `key ${detail}`, location: where }];
    }

    case 'custom': {
      const params = paramsOf(issue);
      return [at(params.atKey ? locateKey(tree, path) : locateIn(tree, path), issue.message, params.hint)];
    }

    case 'invalid_element':
      return [at(locateIn(tree, path), 'has an invalid element')];

    case 'not_multiple_of':
      return [at(locateIn(tree, path), `must be a multiple of ${String(issue.divisor)}`)];

    default:
      return [at(locateIn(tree, path), (issue as { message: string }).message)];
  }
}

function sizeMessage(issue: { code: 'too_small' | 'too_big'; origin: string; inclusive?: boolean } & ({ minimum: number | bigint } | { maximum: number | bigint })): string {
  const small = issue.code === 'too_small';
  const limit = Number('minimum' in issue ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'array':
    case 'set':
      if (small && limit === 1) return 'must not be empty (needs at least one item)';
      return small ? `needs at least ${limit} item${limit === 1 ? '' : 's'}` : `has too many items (at most ${limit})`;
    case 'string':
      if (small && limit === 1) return 'must not be empty';
      return small ? `must be at least ${limit} characters long` : `must be at most ${limit} characters long`;
    default:
      if (small) return inclusive ? `must be at least ${limit}` : `must be greater than ${limit}`;
      return inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
  }
}

function sizeHint(issue: { origin: string }, bounds: { min?: number | undefined; max?: number | undefined }): string | undefined {
  const unit = issue.origin === 'array' || issue.origin === 'set' ? ' items' : issue.origin === 'string' ? ' characters' : '';
  if (bounds.min !== undefined && bounds.max !== undefined) return `allowed: ${bounds.min} to ${bounds.max}${unit}`;
  if (bounds.min !== undefined) return `allowed: at least ${bounds.min}${unit}`;
  if (bounds.max !== undefined) return `allowed: at most ${bounds.max}${unit}`;
  return undefined;
}

function typeHint(expected: string, value: unknown, tree: MapNode, path: readonly PathSegment[]): string | undefined {
  if (expected === 'string' && typeof value === 'number') {
    const node = nodeAt(tree, path);
    const written = node?.kind === 'scalar' && node.source !== '' ? node.source : String(value);
    return `quote it: "${written}"; unquoted, YAML reads it as the number ${String(value)}`;
  }
  if (expected === 'string' && typeof value === 'boolean') return `quote it: "${String(value)}"`;
  if ((expected === 'number' || expected === 'int') && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return `write it without quotes: ${value.trim()}`;
  if (expected === 'boolean' && typeof value === 'string' && /^(true|false|yes|no|on|off)$/i.test(value)) return `write true or false without quotes`;
  if (expected === 'array' && value !== null && typeof value !== 'object') return 'write it as a list: [item, ...] or one "- item" per line';
  if (expected === 'object' && value === null) return 'give it keys indented below it, or remove the line';
  if (expected === 'string' && path.at(-1) === 'config' && value !== null && typeof value === 'object') return `the API takes the configuration as a JSON string: write config: '{"key":"value"}'`;
  return undefined;
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a mapping (key: value)';
    default:
      return expected;
  }
}

/** Under these keys a value may be a password typed in the wrong place: never echo it. */
function mayHoldSecret(path: readonly PathSegment[]): boolean {
  return path.some((segment) => typeof segment === 'string' && /pass|secret|token|key/i.test(segment) && segment !== 'keyPair');
}

function describeType(value: unknown): string {
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  return describeValue(value);
}

/** What was found, for messages: types always, short scalars quoted. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return `${String(value)}`;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return 'an infinite number';
    return Number.isInteger(value) ? `the number ${value}` : `the decimal number ${value}`;
  }
  if (typeof value === 'string') {
    if (value === '') return 'empty text';
    return value.length <= 40 && !/[\n\r]/.test(value) ? `"${value}"` : 'a long text';
  }
  return typeof value;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
