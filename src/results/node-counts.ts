/** Node counts as every result shows them: one object, null where the cloud does not say. */
export interface NodeCounts {
  /** The size asked for (null when the pool autoscales or it is unknown). */
  desired: number | null;
  total: number | null;
  healthy: number | null;
  failed: number | null;
}

export function nodeCounts(counts: { desired?: number | null | undefined; total?: number | null | undefined; healthy?: number | null | undefined; failed?: number | null | undefined }): NodeCounts {
  return { desired: counts.desired ?? null, total: counts.total ?? null, healthy: counts.healthy ?? null, failed: counts.failed ?? null };
}
