/**
 * Which node pools ride inside CreateCluster (`nodepools[]`) instead of a CreateClusterNodePool
 * call each. ACK creates the pools a CreateCluster request lists together with the cluster, so
 * a pool sent inline costs no call of its own after the cluster runs. A pool goes inline only
 * when nothing of its request would be lost: every field it sets must be a field of the SDK's
 * `Nodepool` model (REQUEST_SHAPES, generated from @alicloud/cs20151215), because the API
 * ignores fields it does not know. `Nodepool` has no `pre_user_data`, so a pool with a pre-join
 * script is created on its own; so is every pool of a profile whose cluster autoscaler is
 * configured first (CreateAutoscalingConfig needs the cluster, and pools wait for it), and a
 * pool that waits for a step inside the cluster (a Namespace or ConfigMap the plan applies first).
 */

import { REQUEST_SHAPES, type Shape } from '../cloud/ack-request-shapes.js';
import type { JsonValue, Operation } from './types.js';

function inlinePoolShape(): Shape {
  const cluster = REQUEST_SHAPES.CreateCluster;
  const list = typeof cluster === 'object' ? cluster.nodepools : undefined;
  const item = list !== undefined && typeof list === 'object' ? list['[]'] : undefined;
  if (item === undefined) throw new Error('REQUEST_SHAPES.CreateCluster has no nodepools[]: regenerate it (node scripts/gen.mjs)');
  return item;
}

/** The paths of `value` that `shape` does not declare (a `map` or scalar takes anything under it). */
function undeclaredFields(value: JsonValue, shape: Shape, path: string): string[] {
  if (typeof shape === 'string' || value === null || typeof value !== 'object') return [];
  const item = shape['[]'];
  if (item !== undefined) return Array.isArray(value) ? value.flatMap((element, i) => undeclaredFields(element, item, `${path}[${i}]`)) : [];
  if (Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([field, inner]) => {
    const at = path ? `${path}.${field}` : field;
    const fieldShape = shape[field];
    return fieldShape === undefined ? [at] : undeclaredFields(inner, fieldShape, at);
  });
}

/** Why this CreateClusterNodePool operation cannot go inside CreateCluster, or undefined when it can. */
export function inlineRefusal(op: Operation, operations: readonly Operation[]): string | undefined {
  if (op.api !== 'CreateClusterNodePool') return 'not a node pool';
  if (operations.some((o) => o.api === 'CreateAutoscalingConfig')) return 'the cluster autoscaler is configured before any pool (CreateAutoscalingConfig needs the running cluster)';
  // A pool sent inside CreateCluster comes up before anything that needs the running cluster.
  const waits = op.dependsOn.filter((id) => id !== 'cluster');
  if (waits.length > 0) return `it waits for ${waits.join(', ')}, which needs the running cluster`;
  const missing = undeclaredFields(op.body, inlinePoolShape(), '');
  if (missing.length > 0) return `CreateCluster's nodepools[] has no ${missing.map((f) => f.replace(/\[\d+\]/g, '[]')).filter((f, i, all) => all.indexOf(f) === i).join(', ')}`;
  return undefined;
}

/** The plan's operations with `inline: true` on every node pool CreateCluster can carry. */
export function markInlinePools(operations: Operation[]): Operation[] {
  return operations.map((op) => (op.api === 'CreateClusterNodePool' && inlineRefusal(op, operations) === undefined ? { ...op, inline: true } : op));
}
