/** The human plan: an eksctl-like task list of the operations, their settings and tunings. */

import { scenarioById } from '../scenarios/index.js';
import type { DetailedPlan } from './index.js';
import { inlineRefusal } from './inline-pools.js';
import type { Operation } from './types.js';

export interface RenderOptions {
  /** Append each pool's decoded pre-join script. */
  showScripts?: boolean;
}

export function renderPlan(detailed: DetailedPlan, options: RenderOptions = {}): string {
  const { plan, details } = detailed;
  const count = plan.operations.length;
  const out: string[] = [
    `Plan for "${plan.profile}" in ${plan.region}: ${count} operation${count === 1 ? '' : 's'} (nothing is created until \`ackl2 create\`)`,
  ];
  const width = Math.max(...plan.operations.map((op) => op.id.length));

  plan.operations.forEach((op, i) => {
    const detail = details.get(op.id);
    out.push('', `[${i + 1}/${count}] ${op.id.padEnd(width)}  ${op.inline ? 'inside CreateCluster (nodepools[])  POST /clusters' : `${op.api}  ${op.method} ${op.path}`}`);
    const rows: Array<readonly [string, string]> = [...(detail?.facts ?? []), ...inlineRows(op, plan.operations)];
    if (detail && detail.tunings.length > 0) {
      rows.push(['tunings', detail.tunings.map((id) => `${id} (seed ${scenarioById(id)?.seedSection ?? '?'})`).join(', ')]);
    }
    if (detail?.script !== undefined) rows.push(['script', `${lineCount(detail.script)} lines of sh, base64 in kubernetes_config.pre_user_data${options.showScripts ? ' (below)' : ' (see --show-scripts)'}`]);
    rows.push(['after', op.dependsOn.length > 0 ? op.dependsOn.join(', ') : '(starts first)']);
    const labelWidth = Math.max(...rows.map(([label]) => label.length));
    for (const [label, text] of rows) out.push(`      ${label.padEnd(labelWidth)}  ${text}`);
  });

  const inline = new Set(plan.operations.filter((op) => op.inline).map((op) => op.id));
  const named = (id: string) => (inline.has(id) ? `${id} (comes up with the cluster)` : id);
  out.push('', `Order: ${waves(plan.operations).map((wave, i) => `${i + 1}) ${wave.map(named).join(', ')}${wave.length > 1 ? ' (in parallel)' : ''}`).join('  ')}`);

  if (options.showScripts) {
    for (const op of plan.operations) {
      const script = details.get(op.id)?.script;
      if (script === undefined) continue;
      out.push('', `--- pre-join script of ${op.id} ---`, script.trimEnd(), `--- end of ${op.id} ---`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** How the node pools are sent: inside CreateCluster, or each on its own and why. */
function inlineRows(op: Operation, operations: readonly Operation[]): Array<readonly [string, string]> {
  if (op.inline) {
    return [['sent', 'inside CreateCluster (nodepools[]) when this run creates the cluster; as CreateClusterNodePool when the cluster exists already']];
  }
  if (op.api === 'CreateClusterNodePool') return [['sent', `CreateClusterNodePool once the cluster runs: ${inlineRefusal(op, operations) ?? 'not inline'}`]];
  if (op.api !== 'CreateCluster') return [];
  const pools = operations.filter((o) => o.api === 'CreateClusterNodePool');
  const inline = pools.filter((o) => o.inline).map((o) => o.id);
  return inline.length > 0 ? [['node pools', `${inline.join(', ')} created inside this request (nodepools[]); ${pools.length - inline.length} on their own`]] : [];
}

/** Operations grouped by how early they can start: each wave depends only on earlier ones. */
export function waves(operations: readonly Operation[]): string[][] {
  const level = new Map<string, number>();
  const levelOf = (op: Operation, seen: Set<string>): number => {
    const known = level.get(op.id);
    if (known !== undefined) return known;
    if (seen.has(op.id)) throw new Error(`dependency cycle at ${op.id}`);
    seen.add(op.id);
    let value = 0;
    for (const dep of op.dependsOn) {
      const parent = operations.find((o) => o.id === dep);
      if (parent) value = Math.max(value, levelOf(parent, seen) + 1);
    }
    level.set(op.id, value);
    return value;
  };
  const out: string[][] = [];
  for (const op of operations) {
    const l = levelOf(op, new Set());
    (out[l] ??= []).push(op.id);
  }
  return out.filter((wave) => wave.length > 0);
}

const lineCount = (text: string): number => text.split('\n').filter((line, i, all) => i < all.length - 1 || line !== '').length;
