/**
 * Runs a DAG of operations: everything whose dependencies are done starts at once (up to
 * `maxParallel`), like `make -k`: a failure blocks only what depends on it, independent
 * work finishes (a rerun would need it anyway). An operation may end `deferred` (submitted
 * but not waited for, `--no-wait`): its dependents are left pending. On abort nothing new
 * starts and the call returns once running work has settled.
 */

export interface DagNode {
  id: string;
  dependsOn: readonly string[];
}

export type NodeOutcome =
  | { status: 'done' }
  | { status: 'deferred' }
  | { status: 'failed'; error: unknown }
  /** A dependency failed. */
  | { status: 'blocked'; by: string }
  /** A dependency was deferred, or the run was aborted before it started. */
  | { status: 'pending' };

export type RunResult = 'done' | 'deferred';

export interface DagOptions {
  maxParallel?: number;
  signal?: AbortSignal | undefined;
  onStart?: (id: string) => void;
}

export function validateDag(nodes: readonly DagNode[]): void {
  const ids = new Set<string>();
  for (const node of nodes) {
    if (ids.has(node.id)) throw new Error(`duplicate operation id "${node.id}"`);
    ids.add(node.id);
  }
  for (const node of nodes) {
    for (const dep of node.dependsOn) if (!ids.has(dep)) throw new Error(`operation "${node.id}" depends on unknown "${dep}"`);
  }
  // Kahn's algorithm: anything left over sits on a cycle.
  const indegree = new Map(nodes.map((n) => [n.id, n.dependsOn.length]));
  const queue = nodes.filter((n) => n.dependsOn.length === 0).map((n) => n.id);
  let seen = 0;
  while (queue.length > 0) {
    const id = queue.shift()!;
    seen++;
    for (const n of nodes) {
      if (!n.dependsOn.includes(id)) continue;
      const left = indegree.get(n.id)! - 1;
      indegree.set(n.id, left);
      if (left === 0) queue.push(n.id);
    }
  }
  if (seen !== nodes.length) throw new Error('the operations form a cycle');
}

export async function runDag(nodes: readonly DagNode[], run: (id: string) => Promise<RunResult>, options: DagOptions = {}): Promise<Map<string, NodeOutcome>> {
  validateDag(nodes);
  const maxParallel = Math.max(1, options.maxParallel ?? Number.POSITIVE_INFINITY);
  const outcomes = new Map<string, NodeOutcome>();
  const running = new Map<string, Promise<void>>();

  const ready = (node: DagNode) => !outcomes.has(node.id) && !running.has(node.id) && node.dependsOn.every((d) => outcomes.get(d)?.status === 'done');

  const settleBlocked = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const node of nodes) {
        if (outcomes.has(node.id) || running.has(node.id)) continue;
        for (const dep of node.dependsOn) {
          const o = outcomes.get(dep);
          if (!o) continue;
          if (o.status === 'failed' || o.status === 'blocked') {
            outcomes.set(node.id, { status: 'blocked', by: o.status === 'blocked' ? o.by : dep });
            changed = true;
            break;
          }
          if (o.status === 'deferred' || o.status === 'pending') {
            outcomes.set(node.id, { status: 'pending' });
            changed = true;
            break;
          }
        }
      }
    }
  };

  for (;;) {
    settleBlocked();
    if (!options.signal?.aborted) {
      for (const node of nodes) {
        if (running.size >= maxParallel) break;
        if (!ready(node)) continue;
        options.onStart?.(node.id);
        const task = (async () => {
          try {
            const result = await run(node.id);
            outcomes.set(node.id, { status: result });
          } catch (error) {
            outcomes.set(node.id, { status: 'failed', error });
          } finally {
            running.delete(node.id);
          }
        })();
        running.set(node.id, task);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  for (const node of nodes) if (!outcomes.has(node.id)) outcomes.set(node.id, { status: 'pending' });
  return outcomes;
}
