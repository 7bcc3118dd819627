/**
 * YAML text -> located tree. Every YAML-level fault becomes a located issue: syntax errors,
 * empty or comment-only files, several documents, a top level that is not a mapping,
 * undefined or cyclic aliases, duplicate keys, keys that are not plain text.
 *
 * Merge keys (`<<: *base`, YAML 1.1) are supported because people use them to share pool
 * settings; merged values keep the location of the anchored mapping that wrote them.
 */

import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Node as YamlNode,
  visit,
  type YAMLError,
} from 'yaml';
import type { Issue, PathSegment, SourceLocation } from './issues.js';
import type { MapNode, ScalarValue, TreeNode } from './tree.js';

export interface ParsedFile {
  /** Absent when the file could not be turned into a mapping. */
  tree: MapNode | undefined;
  issues: Issue[];
  /**
   * Values of duplicate keys, left out of the tree (the first of the keys wins, and the
   * duplicate is reported) but still scanned for secrets.
   */
  shadowed?: { path: PathSegment[]; node: TreeNode }[];
}

/** The start of the message for a YAML value that is not a profile value (the schema then stays quiet about it). */
export const UNSUPPORTED_VALUE = 'unsupported YAML value type';

/** Alias expansion budget: a handful of anchors can otherwise expand to millions of nodes. */
const MAX_NODES = 100_000;

const YAML_HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  BAD_INDENT: 'keys of one mapping must start at the same column; check the indentation of this line',
  MISSING_CHAR: 'check the indentation of this line and the brackets or quotes above it',
  MULTILINE_IMPLICIT_KEY: 'a line here is not "key: value"; look for a missing ":" or an unclosed quote above',
  BLOCK_AS_IMPLICIT_KEY: 'a key must fit on one line; check the indentation and the ":" placement',
  BAD_DQ_ESCAPE: 'use single quotes for text with backslashes, or escape them as \\\\',
  UNEXPECTED_TOKEN: 'check the indentation and punctuation of this line',
  TAG_RESOLVE_FAILED: 'remove the tag (profiles use plain YAML values)',
  BAD_SCALAR_START: 'quote the value',
  MULTIPLE_ANCHORS: 'give a value one anchor (&name) at most',
  KEY_OVER_1024_CHARS: 'shorten the key',
};

export function parseProfileYaml(text: string, file: string): ParsedFile {
  const at = (line: number, col: number): SourceLocation => ({ file, line, col });
  if (text.trim() === '') {
    return fatal(at(1, 1), 'the file is empty', 'a profile needs at least apiVersion, kind, metadata, cluster and nodePools; start from `ackl2 profiles`');
  }

  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false, merge: false });
  const locate = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return at(line, col);
  };

  // A trailing `---` leaves an empty document behind: harmless, not a second profile.
  const documents = Array.isArray(docs) ? docs.filter((d, i) => i === 0 || !isEmptyDocument(d)) : [];
  if (documents.length === 0) {
    const firstLine = text.split('\n').findIndex((l) => l.trim() !== '') + 1;
    return fatal(at(Math.max(firstLine, 1), 1), 'the file holds only comments: there is no profile in it', 'add apiVersion, kind, metadata, cluster and nodePools; start from `ackl2 profiles`');
  }

  const issues: Issue[] = [];
  for (const doc of documents) {
    for (const problem of [...doc.errors, ...doc.warnings]) issues.push(yamlIssue(problem, locate, doc));
  }
  if (documents.length > 1) {
    const second = documents[1]!;
    issues.push({
      severity: 'error',
      path: [],
      message: `the file holds ${documents.length} YAML documents (separated by ---); a profile is one document`,
      hint: 'put each profile in its own file and pass -f once per file, or share settings with extends',
      location: locate(second.range[0]),
    });
  }
  if (issues.length > 0) return { tree: undefined, issues: firstPerLine(sortByOffset(issues)) };

  const doc = documents[0]!;
  const contents = doc.contents as YamlNode | null;
  if (!isMap(contents)) {
    const empty = contents === null || (isScalar(contents) && contents.value === null);
    const found = empty ? 'an empty document' : isSeq(contents) ? 'a list' : isAlias(contents) ? 'an alias' : 'a single value';
    const where = contents === null ? locate(doc.range[0]) : locate(contents.range?.[0] ?? 0);
    return fatal(where, `the top level must be a mapping (apiVersion: ..., kind: ...), found ${found}`, 'start the file with "apiVersion: ackl2/v1" at column 1');
  }

  const builder = new TreeBuilder(doc, locate);
  const tree = builder.build(contents, new Set(), undefined, []);
  issues.push(...builder.issues);
  if (tree?.kind !== 'map' || builder.fatal) return { tree: undefined, issues };
  return { tree, issues, shadowed: builder.shadowed };
}

function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents as YamlNode | null;
  return doc.errors.length === 0 && (contents === null || (isScalar(contents) && contents.value === null && !contents.source));
}

function fatal(location: SourceLocation, message: string, hint: string): ParsedFile {
  return { tree: undefined, issues: [{ severity: 'error', path: [], message, hint, location }] };
}

function yamlIssue(problem: YAMLError, locate: (offset: number) => SourceLocation, doc: Document): Issue {
  if (problem.code === 'MISSING_CHAR' && /quote/.test(problem.message)) {
    // The parser notices at the end of the file; the user needs the line that opened the quote.
    const opened = openingQuote(doc, problem.pos[0]);
    if (opened !== undefined) {
      return { severity: 'error', path: [], message: 'YAML syntax: this quote is never closed', hint: 'add the closing quote at the end of the value', location: locate(opened) };
    }
  }
  // Only the first line of the library's message, without source excerpts (they may hold secrets).
  const text = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
  const message = `YAML syntax: ${lowerFirst(text.length > 120 ? `${text.slice(0, 117)}...` : text)}`;
  const hint = /without - indicator/.test(text) ? 'check the indentation of this line: it does not line up with the keys above it' : YAML_HINTS[problem.code];
  return { severity: 'error', path: [], message, hint, location: locate(problem.pos[0]) };
}

function openingQuote(doc: Document, errorOffset: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      const range = node.range;
      if (range && node.type !== 'PLAIN' && range[0] < errorOffset && errorOffset <= range[2]) start = range[0];
    },
  });
  return start;
}

/** One syntax error usually sets off more on the same line; the first says the most. */
function firstPerLine(issues: Issue[]): Issue[] {
  const lines = new Set<number>();
  return issues.filter((issue) => {
    const line = issue.location!.line;
    if (lines.has(line)) return false;
    lines.add(line);
    return true;
  });
}

function sortByOffset(issues: Issue[]): Issue[] {
  return issues.sort((a, b) => (a.location!.line - b.location!.line) || (a.location!.col - b.location!.col));
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

class TreeBuilder {
  readonly issues: Issue[] = [];
  readonly shadowed: { path: PathSegment[]; node: TreeNode }[] = [];
  /** Set when the tree cannot be trusted (broken alias, expansion budget): schema checks are skipped. */
  fatal = false;
  private nodes = 0;

  constructor(
    private readonly doc: Document,
    private readonly locate: (offset: number) => SourceLocation,
  ) {}

  build(node: unknown, inside: Set<unknown>, keyLoc: SourceLocation | undefined, path: PathSegment[]): TreeNode | undefined {
    if (++this.nodes > MAX_NODES) {
      if (this.nodes === MAX_NODES + 1) {
        this.fail(path, this.startOf(node), `aliases expand to more than ${MAX_NODES} values`, 'use fewer nested aliases; profiles are small');
      }
      return undefined;
    }
    if (isAlias(node)) return this.alias(node, inside, keyLoc, path);
    const loc = this.startOf(node);
    if (isScalar(node)) return { kind: 'scalar', value: this.scalarValue(node.value, loc, path), source: String(node.source ?? ''), loc, keyLoc };
    if (isSeq(node)) {
      const items: TreeNode[] = [];
      const nested = new Set(inside).add(node);
      for (const item of node.items) {
        const built = item === null ? nullAt(loc) : this.build(item, nested, undefined, [...path, items.length]);
        if (built) items.push(built);
      }
      return { kind: 'seq', items, loc, keyLoc };
    }
    if (isMap(node)) return this.map(node, inside, loc, keyLoc, path);
    if (node === null || node === undefined) return nullAt(loc);
    this.fail(path, loc, 'unsupported YAML construct', 'use plain mappings, lists and values');
    return undefined;
  }

  private alias(node: Alias, inside: Set<unknown>, keyLoc: SourceLocation | undefined, path: PathSegment[]): TreeNode | undefined {
    const loc = this.startOf(node);
    const target = node.resolve(this.doc);
    if (target === undefined) {
      this.fail(path, loc, `alias *${node.source} refers to no anchor`, `define &${node.source} on a value above this line; anchors come before their aliases`);
      return nullAt(loc);
    }
    if (inside.has(target)) {
      this.fail(path, loc, `alias *${node.source} refers to a value that contains it (a cycle)`, 'an alias cannot point at its own parent');
      return nullAt(loc);
    }
    return this.build(target, inside, keyLoc, path);
  }

  private map(node: { items: unknown[] }, inside: Set<unknown>, loc: SourceLocation, keyLoc: SourceLocation | undefined, path: PathSegment[]): MapNode {
    const entries = new Map<string, TreeNode>();
    const firstKeyAt = new Map<string, SourceLocation>();
    const merges: { value: unknown; loc: SourceLocation }[] = [];
    const nested = new Set(inside).add(node);

    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as unknown;
      const at = this.startOf(keyNode, loc);
      if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === 'PLAIN') {
        merges.push({ value: pair.value, loc: at });
        continue;
      }
      const key = this.keyText(keyNode, at, path);
      if (key === undefined) continue;
      const previous = firstKeyAt.get(key);
      const value = pair.value === null ? nullAt(at) : this.build(pair.value, nested, at, [...path, key]);
      if (previous) {
        // The first one stands, so that nothing else is judged on a value the user may not mean.
        this.issues.push({
          severity: 'error',
          path: [...path, key],
          message: `duplicate key "${key}"`,
          hint: `it is already set at line ${previous.line}; keep one of them`,
          location: at,
        });
        if (value) this.shadowed.push({ path: [...path, key], node: { ...value, keyLoc: at } });
        continue;
      }
      firstKeyAt.set(key, at);
      if (value) {
        value.keyLoc = at;
        entries.set(key, value);
      }
    }

    for (const merge of merges) this.applyMerge(merge.value, merge.loc, entries, nested, path);
    return { kind: 'map', entries, loc, keyLoc };
  }

  /** `<<: *a` or `<<: [*a, *b]`: keys not written here come from the sources, earlier first. */
  private applyMerge(value: unknown, at: SourceLocation, entries: Map<string, TreeNode>, inside: Set<unknown>, path: PathSegment[]): void {
    const sources = isSeq(value) ? value.items : [value];
    for (const source of sources) {
      const built = source === null ? undefined : this.build(source, inside, undefined, path);
      if (built?.kind !== 'map') {
        this.issues.push({
          severity: 'error',
          path: [...path, '<<'],
          message: 'a merge key (<<) takes a mapping or a list of mappings',
          hint: 'write <<: *anchor where &anchor names a mapping',
          location: at,
        });
        continue;
      }
      for (const [key, entry] of built.entries) {
        if (!entries.has(key)) entries.set(key, entry);
      }
    }
  }

  private keyText(keyNode: unknown, at: SourceLocation, path: PathSegment[]): string | undefined {
    const node = isAlias(keyNode) ? keyNode.resolve(this.doc) : keyNode;
    if (isScalar(node)) {
      const value = node.value;
      if (value === null || value === '') {
        this.issues.push({ severity: 'error', path, message: 'a key is empty', hint: 'write "key: value"', location: at });
        return undefined;
      }
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        const key = String(value);
        if (key === '__proto__') {
          this.issues.push({ severity: 'error', path, message: 'the key "__proto__" is not allowed', hint: 'remove it', location: at });
          return undefined;
        }
        return key;
      }
    }
    this.issues.push({ severity: 'error', path, message: 'a key must be plain text, not a list, mapping or other value', hint: 'write "key: value" with a plain key', location: at });
    return undefined;
  }

  private scalarValue(value: unknown, loc: SourceLocation, path: PathSegment[]): ScalarValue {
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value === 'bigint') return Number(value);
    this.issues.push({ severity: 'error', path, message: `${UNSUPPORTED_VALUE} (dates, binary and sets are not profile values)`, hint: 'quote the value to make it text', location: loc });
    return null;
  }

  private startOf(node: unknown, fallback?: SourceLocation): SourceLocation {
    const range = (node as { range?: [number, number, number] | null } | null)?.range;
    if (range) return this.locate(range[0]);
    return fallback ?? this.locate(0);
  }

  private fail(path: PathSegment[], location: SourceLocation, message: string, hint: string): void {
    this.fatal = true;
    this.issues.push({ severity: 'error', path, message, hint, location });
  }
}

function nullAt(loc: SourceLocation): TreeNode {
  return { kind: 'scalar', value: null, source: '', loc };
}
