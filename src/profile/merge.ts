/**
 * The `extends` merge of two located trees: later wins; maps merge key by key, lists
 * replace, except `nodePools`, whose items merge by `name` (a new name appends). A `null`
 * value removes the inherited key (how a child drops, say, a base's podCidr). Each node keeps
 * its own location, so an inherited value still points into the base file that wrote it.
 */

import type { PathSegment } from './issues.js';
import { isNullNode, type MapNode, type TreeNode } from './tree.js';

export function mergeTrees(base: TreeNode, over: TreeNode, path: readonly PathSegment[] = []): TreeNode {
  if (base.kind === 'map' && over.kind === 'map') return mergeMaps(base, over, path);
  if (base.kind === 'seq' && over.kind === 'seq' && path.length === 1 && path[0] === 'nodePools') {
    return { ...over, items: mergePoolsByName(base.items, over.items) };
  }
  return over;
}

function mergeMaps(base: MapNode, over: MapNode, path: readonly PathSegment[]): MapNode {
  const entries = new Map(base.entries);
  for (const [key, value] of over.entries) {
    const inherited = entries.get(key);
    if (isNullNode(value)) entries.delete(key);
    else entries.set(key, inherited ? withKeyLoc(mergeTrees(inherited, value, [...path, key]), value) : value);
  }
  return { ...over, entries };
}

function mergePoolsByName(base: readonly TreeNode[], over: readonly TreeNode[]): TreeNode[] {
  const items = [...base];
  for (const pool of over) {
    const name = poolName(pool);
    const index = name === undefined ? -1 : items.findIndex((item) => poolName(item) === name);
    if (index === -1) items.push(pool);
    else items[index] = mergeTrees(items[index]!, pool, ['nodePools', index]);
  }
  return items;
}

function poolName(node: TreeNode): string | undefined {
  if (node.kind !== 'map') return undefined;
  const name = node.entries.get('name');
  return name?.kind === 'scalar' && typeof name.value === 'string' ? name.value : undefined;
}

/** The merged entry is written by the later file's key. */
function withKeyLoc(node: TreeNode, from: TreeNode): TreeNode {
  return node === from ? node : { ...node, keyLoc: from.keyLoc };
}
