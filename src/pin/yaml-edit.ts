/**
 * Setting scalars in a YAML file without touching anything else: comments, their alignment,
 * quoting, flow collections and blank lines stay byte for byte. `Document.toString()` would
 * re-render the whole file (it moves trailing comments and pads flow collections), so edits
 * are made on the source text at the positions the `yaml` Document gives its nodes:
 * an existing scalar is replaced in its own quoting style; a missing key (or node pool) is
 * inserted after its parent's last entry, in the parent's style (block or flow) and
 * indentation. A key can also be removed (its whole lines in a block map, its entry in a flow
 * map) or renamed (only the key's text changes). Every edit is checked by parsing the result
 * again, and the whole result must equal the original data with exactly these changes made.
 */

import { isDeepStrictEqual } from 'node:util';
import { isAlias, isMap, isScalar, isSeq, parseDocument, stringify, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { UserError } from '../errors.js';

/** A map key, or `{ name }`: the item of a list whose `name` is this (how node pools are addressed). */
export type EditSegment = string | { name: string };
export type EditPath = readonly EditSegment[];

export interface ScalarEdit {
  path: EditPath;
  value: string;
}

/** Remove the key at `path` (its last segment is a key of a map the file writes). */
export interface RemoveEdit {
  path: EditPath;
  remove: true;
}

/** Give the key at `path` another name, keeping its value, comments and position. */
export interface RenameEdit {
  path: EditPath;
  renameTo: string;
}

export type Edit = ScalarEdit | RemoveEdit | RenameEdit;

export interface EditOutcome {
  /** `replaced`: the value was written in this file; `inserted`: the key was added; `removed`, `renamed`: the key was. */
  how: 'replaced' | 'inserted' | 'removed' | 'renamed';
  /** 1-based line of the value in the new text. */
  line: number;
}

export function formatEditPath(path: EditPath): string {
  return path.map((s, i) => (typeof s === 'string' ? `${i === 0 ? '' : '.'}${s}` : `[name=${s.name}]`)).join('');
}

type Located = { kind: 'scalar'; node: Scalar } | { kind: 'missing'; parent: YAMLMap | YAMLSeq; rest: EditPath };

function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function column(text: string, offset: number): number {
  return lineCol(text, offset).col - 1;
}

class Editor {
  constructor(
    private readonly text: string,
    private readonly display: string,
  ) {}

  refuse(node: Node | null | undefined, path: EditPath, why: string): never {
    const at = node?.range ? lineCol(this.text, node.range[0]) : undefined;
    throw new UserError(`${this.display}${at ? `:${at.line}:${at.col}` : ''} ${formatEditPath(path)}: ${why}`, {
      hint: 'write the value as a plain key there (no YAML alias or null), or set it by hand',
    });
  }

  /** The node at `path`, or where the path leaves what the file writes. */
  walk(doc: Document, path: EditPath, allowNull = false): { kind: 'node'; node: unknown } | Extract<Located, { kind: 'missing' }> {
    let node: unknown = doc.contents;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const here = path.slice(0, i);
      if (isAlias(node)) this.refuse(node, here, 'is written through a YAML alias, which ackl2 does not rewrite');
      if (typeof segment === 'string') {
        if (!isMap(node)) this.refuse(node as Node, here, `is not a map, so ${segment} cannot be set in it`);
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
        if (!pair) return { kind: 'missing', parent: node, rest: path.slice(i) };
        const empty = pair.value === null || (isScalar(pair.value) && pair.value.value === null);
        if (empty && !(allowNull && i === path.length - 1)) this.refuse((pair.value as Node | null) ?? (pair.key as Node), path.slice(0, i + 1), 'is empty (null)');
        node = pair.value;
      } else {
        if (!isSeq(node)) this.refuse(node as Node, here, 'is not a list');
        const item = node.items.find((it) => isMap(it) && it.get('name') === segment.name);
        if (!item) return { kind: 'missing', parent: node, rest: path.slice(i) };
        node = item;
      }
    }
    return { kind: 'node', node };
  }

  locate(doc: Document, path: EditPath): Located {
    const found = this.walk(doc, path);
    if (found.kind === 'missing') return found;
    const node = found.node;
    if (isAlias(node)) this.refuse(node, path, 'is written through a YAML alias, which ackl2 does not rewrite');
    if (!isScalar(node)) this.refuse(node as Node, path, 'is not a single value');
    return { kind: 'scalar', node };
  }

  /** The map that holds the last key of `path`, and that key's pair; refused when the file does not write it. */
  pairAt(doc: Document, path: EditPath): { map: YAMLMap; pair: Pair; index: number } {
    const key = path[path.length - 1];
    if (typeof key !== 'string') throw new Error(`${formatEditPath(path)}: only a map key can be removed or renamed`);
    const found = this.walk(doc, path.slice(0, -1));
    if (found.kind === 'missing') this.refuse(null, path, 'is not written in this file');
    const map = found.node;
    if (isAlias(map)) this.refuse(map, path.slice(0, -1), 'is written through a YAML alias, which ackl2 does not rewrite');
    if (!isMap(map)) this.refuse(map as Node, path.slice(0, -1), 'is not a map');
    const index = map.items.findIndex((p) => isScalar(p.key) && p.key.value === key);
    if (index === -1) this.refuse(map, path, 'is not written in this file');
    return { map, pair: map.items[index]!, index };
  }
}

function lineBreak(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Where a new line goes after the line holding `offset - 1`: before that line's break. */
function endOfLine(text: string, offset: number): number {
  let pos = offset;
  if (pos > 0 && text[pos - 1] === '\n') pos -= 1;
  else {
    const nl = text.indexOf('\n', pos);
    pos = nl === -1 ? text.length : nl;
  }
  return pos > 0 && text[pos - 1] === '\r' ? pos - 1 : pos;
}

/** The value a missing path gets: `{ image: { id } }`, or a list item `{ name, image: { id } }`. */
function fragmentValue(rest: EditPath, value: string): unknown {
  if (rest.length === 0) return value;
  const [head, ...tail] = rest;
  if (typeof head === 'string') return { [head]: fragmentValue(tail, value) };
  return [{ name: head!.name, ...(fragmentValue(tail, value) as Record<string, unknown>) }];
}

interface Style {
  indent: number;
  indentSeq: boolean;
  padding: boolean;
}

/** The file's own indentation step, sequence indentation and flow padding. */
function styleOf(doc: Document, text: string): Style {
  const style: Style = { indent: 2, indentSeq: true, padding: true };
  let indentFound = false;
  let seqFound = false;
  let flowFound = false;
  const visit = (node: unknown, keyOffset: number | undefined) => {
    if (isMap(node) || isSeq(node)) {
      if (node.flow && !flowFound && node.range) {
        flowFound = true;
        style.padding = /^[[{][ \t]/.test(text.slice(node.range[0], node.range[0] + 2)) || node.items.length === 0;
      }
      if (!node.flow && keyOffset !== undefined && node.range && node.items.length > 0) {
        const keyCol = column(text, keyOffset);
        if (isMap(node) && !indentFound) {
          const first = node.items[0]!.key as Node | null;
          if (first?.range) {
            style.indent = Math.max(1, column(text, first.range[0]) - keyCol);
            indentFound = true;
          }
        }
        if (isSeq(node) && !seqFound) {
          const dash = text.lastIndexOf('-', node.range[0]);
          style.indentSeq = column(text, dash) > keyCol;
          seqFound = true;
        }
      }
      if (isMap(node)) for (const pair of node.items) visit(pair.value, (pair.key as Node | null)?.range?.[0]);
      else for (const item of node.items) visit(item, undefined);
    }
  };
  visit(doc.contents, undefined);
  return style;
}

function renderScalar(node: Scalar, value: string): string {
  const plain = stringify(value, { lineWidth: 0 }).trimEnd();
  switch (node.type) {
    case 'QUOTE_DOUBLE':
      return JSON.stringify(value);
    case 'QUOTE_SINGLE':
      return `'${value.replace(/'/g, "''")}'`;
    default:
      // Plain where YAML reads it back as this same string; otherwise quoted.
      return /^[A-Za-z0-9_./-]+$/.test(value) && plain === value ? value : JSON.stringify(value);
  }
}

/** Text of `value` set at `rest` inside `parent`, and where it goes. */
function insertion(text: string, parent: YAMLMap | YAMLSeq, rest: EditPath, value: string, style: Style): { at: number; insert: string } {
  const eol = lineBreak(text);
  const fragment = fragmentValue(rest, value);
  if (parent.flow) {
    const options = { collectionStyle: 'flow' as const, flowCollectionPadding: style.padding, lineWidth: 0 };
    const body = isMap(parent)
      ? stringify(fragment, options).trimEnd().replace(/^\{\s*|\s*\}$/g, '')
      : stringify((fragment as unknown[])[0], options).trimEnd();
    const last = parent.items[parent.items.length - 1] as Node | { value?: Node | null; key?: Node | null } | undefined;
    if (!last) {
      const open = parent.range![0] + 1;
      return { at: open, insert: style.padding ? ` ${body} ` : body };
    }
    const lastNode = (isMap(parent) ? ((last as { value?: Node | null }).value ?? (last as { key?: Node | null }).key) : last) as Node;
    return { at: lastNode.range![1], insert: `, ${body}` };
  }
  const lines = stringify(fragment, { indent: style.indent, indentSeq: style.indentSeq, lineWidth: 0 }).trimEnd().split('\n');
  let baseCol: number;
  let after: number;
  if (isMap(parent)) {
    const first = parent.items[0]!;
    const last = parent.items[parent.items.length - 1]!;
    baseCol = column(text, (first.key as Node).range![0]);
    after = ((last.value as Node | null) ?? (last.key as Node)).range![1];
  } else {
    // A block sequence starts at its first dash.
    const last = parent.items[parent.items.length - 1] as Node;
    baseCol = column(text, parent.range![0]);
    after = last.range![1];
  }
  const pad = ' '.repeat(baseCol);
  return { at: endOfLine(text, after), insert: lines.map((l) => `${eol}${pad}${l}`).join('') };
}

function valueAt(data: unknown, path: EditPath): unknown {
  let node: unknown = data;
  for (const segment of path) {
    if (typeof segment === 'string') node = node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
    else node = Array.isArray(node) ? node.find((item) => item !== null && typeof item === 'object' && (item as { name?: unknown }).name === segment.name) : undefined;
  }
  return node;
}

/** The plain-data effect an edit must have: the value set, missing maps and list items created. */
function setData(data: unknown, path: EditPath, value: string): unknown {
  if (path.length === 0) return value;
  const [head, ...tail] = path;
  if (typeof head === 'string') {
    const map = data !== null && typeof data === 'object' && !Array.isArray(data) ? { ...(data as Record<string, unknown>) } : {};
    map[head] = setData(map[head], tail, value);
    return map;
  }
  const list = Array.isArray(data) ? [...data] : [];
  const index = list.findIndex((item) => item !== null && typeof item === 'object' && (item as { name?: unknown }).name === head!.name);
  if (index === -1) list.push(setData({ name: head!.name }, tail, value));
  else list[index] = setData(list[index], tail, value);
  return list;
}

/** The text with `edit` made to the key's pair: its lines (block) or its entry (flow) removed, or its key renamed. */
function editKey(text: string, doc: Document, edit: RemoveEdit | RenameEdit, editor: Editor): { next: string; at: number } {
  const { map, pair, index } = editor.pairAt(doc, edit.path);
  const key = pair.key as Scalar;
  const [keyStart, keyEnd] = key.range!;
  if ('renameTo' in edit) {
    if (map.items.some((p) => isScalar(p.key) && p.key.value === edit.renameTo)) editor.refuse(key, edit.path, `cannot be renamed to ${edit.renameTo}: that key is written too`);
    const rendered = /^[A-Za-z0-9_.-]+$/.test(edit.renameTo) ? edit.renameTo : JSON.stringify(edit.renameTo);
    return { next: text.slice(0, keyStart) + rendered + text.slice(keyEnd), at: keyStart };
  }
  const valueEnd = ((pair.value as Node | null)?.range ?? key.range!)[1];
  if (map.flow) {
    const before = map.items[index - 1];
    const after = map.items[index + 1];
    if (before) {
      const from = ((before.value as Node | null)?.range ?? (before.key as Node).range!)[1];
      return { next: text.slice(0, from) + text.slice(valueEnd), at: from };
    }
    const to = after ? (after.key as Node).range![0] : valueEnd;
    return { next: text.slice(0, keyStart) + text.slice(to), at: keyStart };
  }
  if (map.items.length === 1) editor.refuse(key, edit.path, 'is the only key of its map, so removing it would leave the map empty (null)');
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  if (text.slice(lineStart, keyStart).trim() !== '') editor.refuse(key, edit.path, 'shares its line with other keys, so its line cannot be removed');
  let lineEnd = valueEnd;
  if (text[lineEnd - 1] !== '\n') {
    const nl = text.indexOf('\n', lineEnd);
    lineEnd = nl === -1 ? text.length : nl + 1;
  }
  return { next: text.slice(0, lineStart) + text.slice(lineEnd), at: Math.max(0, lineStart - 1) };
}

function isKeyEdit(edit: Edit): edit is RemoveEdit | RenameEdit {
  return 'remove' in edit || 'renameTo' in edit;
}

/** The plain-data effect of a key edit: the key gone, or its value under the new name. */
function editKeyData(data: unknown, path: EditPath, renameTo: string | undefined): unknown {
  const [head, ...tail] = path;
  if (head === undefined || data === null || typeof data !== 'object') return data;
  if (typeof head !== 'string') {
    if (!Array.isArray(data)) return data;
    return data.map((item) => (item !== null && typeof item === 'object' && (item as { name?: unknown }).name === head.name ? editKeyData(item, tail, renameTo) : item));
  }
  const map = { ...(data as Record<string, unknown>) };
  if (tail.length > 0) map[head] = editKeyData(map[head], tail, renameTo);
  else {
    if (renameTo !== undefined) map[renameTo] = map[head];
    delete map[head];
  }
  return map;
}

/** Apply one edit to the text. */
export function applyEdit(text: string, edit: Edit, display: string): { text: string; outcome: EditOutcome } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new UserError(`${display}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`, { hint: 'fix the file (ackl2 validate -f FILE), then rerun' });
  const editor = new Editor(text, display);
  if (isKeyEdit(edit)) {
    const { next, at } = editKey(text, doc, edit, editor);
    const check = parseDocument(next);
    if (check.errors.length > 0) throw new Error(`ackl2 could not edit ${formatEditPath(edit.path)} in ${display} safely (the edited text does not read back)`);
    return { text: next, outcome: { how: 'remove' in edit ? 'removed' : 'renamed', line: lineCol(next, at).line } };
  }
  const located = editor.locate(doc, edit.path);
  let next: string;
  let at: number;
  let how: EditOutcome['how'];
  if (located.kind === 'scalar') {
    const range = located.node.range!;
    let end = range[1];
    while (end > range[0] && (text[end - 1] === '\n' || text[end - 1] === '\r')) end -= 1;
    next = text.slice(0, range[0]) + renderScalar(located.node, edit.value) + text.slice(end);
    at = range[0];
    how = 'replaced';
  } else {
    const { at: position, insert } = insertion(text, located.parent, located.rest, edit.value, styleOf(doc, text));
    next = text.slice(0, position) + insert + text.slice(position);
    at = position + insert.length - 1;
    how = 'inserted';
  }
  const check = parseDocument(next);
  if (check.errors.length > 0 || valueAt(check.toJS(), edit.path) !== edit.value) {
    throw new Error(`ackl2 could not set ${formatEditPath(edit.path)} in ${display} safely (the edited text does not read back)`);
  }
  return { text: next, outcome: { how, line: lineCol(next, at).line } };
}

/** Apply every edit in order; the result must be the original data with exactly these changes made. */
export function applyEdits(text: string, edits: readonly Edit[], display: string): { text: string; outcomes: EditOutcome[] } {
  let current = text;
  const outcomes: EditOutcome[] = [];
  let expected = parseDocument(text).toJS() as unknown;
  for (const edit of edits) {
    const applied = applyEdit(current, edit, display);
    current = applied.text;
    outcomes.push(applied.outcome);
    expected = isKeyEdit(edit) ? editKeyData(expected, edit.path, 'renameTo' in edit ? edit.renameTo : undefined) : setData(expected, edit.path, edit.value);
  }
  if (!isDeepStrictEqual(parseDocument(current).toJS(), expected)) {
    throw new Error(`ackl2: editing ${display} would change more than the values it means to; nothing was written`);
  }
  return { text: current, outcomes };
}
