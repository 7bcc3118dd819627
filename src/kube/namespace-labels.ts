/** Labels ackl2 puts on a namespace (NodeLocal DNSCache's injection switch): other labels kept, the namespace created when missing. */

import type { KubeObject } from './objects.js';

export function namespaceWithLabels(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function mergeNamespaceLabels(live: KubeObject | undefined, wanted: KubeObject): KubeObject | undefined {
  const labels = wanted.metadata.labels ?? {};
  if (!live) return namespaceWithLabels(wanted.metadata.name, labels);
  const current = live.metadata.labels ?? {};
  if (Object.entries(labels).every(([key, value]) => current[key] === value)) return undefined;
  return { ...live, metadata: { ...live.metadata, labels: { ...current, ...labels } } };
}
