/**
 * The Kubernetes objects ackl2 reads and merges through a cluster's API server (ConfigMaps and
 * Namespaces), and where each lives in the API.
 */

export type KubeResource = 'configmaps' | 'namespaces';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> } & Record<string, unknown>;
  data?: Record<string, string>;
}

/** A ConfigMap: namespaced, with string data. */
export type ConfigMap = KubeObject & { metadata: { namespace: string } };

export function resourceOf(object: KubeObject): KubeResource {
  return object.kind === 'Namespace' ? 'namespaces' : 'configmaps';
}

/** The object's API path, e.g. /api/v1/namespaces/kube-system/configmaps/coredns or /api/v1/namespaces/default. */
export function objectPath(object: KubeObject): string {
  const name = encodeURIComponent(object.metadata.name);
  if (resourceOf(object) === 'namespaces') return `/api/v1/namespaces/${name}`;
  return `${collectionPath(object)}/${name}`;
}

/** Where the object is created (POST). */
export function collectionPath(object: KubeObject): string {
  if (resourceOf(object) === 'namespaces') return '/api/v1/namespaces';
  return `/api/v1/namespaces/${encodeURIComponent(object.metadata.namespace ?? 'default')}/configmaps`;
}

/** "kube-system/coredns" for a ConfigMap, "namespace default" for a Namespace. */
export function objectLabel(object: KubeObject): string {
  return resourceOf(object) === 'namespaces' ? `namespace ${object.metadata.name}` : `${object.metadata.namespace}/${object.metadata.name}`;
}
