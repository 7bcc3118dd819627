/**
 * A YAML value with the place that wrote it: every node of a profile keeps its file, line and
 * column (and, for map entries, where its key was written). Merging trees from several files
 * keeps each node's own location, so an issue always points into the file that wrote the value.
 */

import type { ProfilePath, SourceLocation } from './issues.js';

export type ScalarValue = string | number | boolean | null;

interface NodeBase {
  /** Where the value starts. */
  loc: SourceLocation;
  /** Where the key of the map entry holding this value starts (absent for list items and roots). */
  keyLoc?: SourceLocation | undefined;
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: ScalarValue;
  /** The scalar as written (used for "quote it" hints on numbers such as 1.30). */
  source: string;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  entries: Map<string, TreeNode>;
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: TreeNode[];
}

export type TreeNode = ScalarNode | MapNode | SeqNode;

/** The node at `path`, or undefined when the path does not exist. */
export function nodeAt(root: TreeNode, path: ProfilePath): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  for (const segment of path) {
    if (node === undefined) return undefined;
    node = child(node, segment);
  }
  return node;
}

function child(node: TreeNode, segment: string | number): TreeNode | undefined {
  if (node.kind === 'map') return node.entries.get(String(segment));
  if (node.kind === 'seq' && typeof segment === 'number') return node.items[segment];
  return undefined;
}

/** The line that wrote a node: a scalar's value, a collection's key (or its first item). */
export function writtenAt(node: TreeNode): SourceLocation {
  return node.kind === 'scalar' ? node.loc : (node.keyLoc ?? node.loc);
}

/**
 * Where the value at `path` was written; a path that does not exist (a missing key, a default)
 * is located at its nearest existing parent.
 */
export function locateIn(root: TreeNode, path: ProfilePath): SourceLocation {
  let node: TreeNode = root;
  for (const segment of path) {
    const next = child(node, segment);
    if (next === undefined) break;
    node = next;
  }
  return writtenAt(node);
}

/** Where the key at the end of `path` was written (for "unknown key" issues). */
export function locateKey(root: TreeNode, path: ProfilePath): SourceLocation {
  const node = nodeAt(root, path);
  if (node?.keyLoc) return node.keyLoc;
  return locateIn(root, path);
}

/** The plain JSON-like value of a tree (what the schema validates). */
export function toPlain(node: TreeNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      // defineProperty: a key such as "__proto__" must stay data, never touch the prototype.
      for (const [key, value] of node.entries) {
        Object.defineProperty(out, key, { value: toPlain(value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}

/** Every node of a tree with its path, depth first (parents before children). */
export function* walk(node: TreeNode, path: (string | number)[] = []): Generator<{ node: TreeNode; path: (string | number)[] }> {
  yield { node, path };
  if (node.kind === 'map') {
    for (const [key, value] of node.entries) yield* walk(value, [...path, key]);
  } else if (node.kind === 'seq') {
    for (const [index, item] of node.items.entries()) yield* walk(item, [...path, index]);
  }
}

export function isNullNode(node: TreeNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}
