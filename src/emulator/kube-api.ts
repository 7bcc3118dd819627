/**
 * The emulator plays each running cluster's Kubernetes API server for the objects ackl2
 * writes: GET/POST/PUT of ConfigMaps (`/_kube/{clusterId}/api/v1/namespaces/{ns}/configmaps[/{name}]`)
 * and Namespaces (`/_kube/{clusterId}/api/v1/namespaces[/{name}]`), with the bearer token of the
 * kubeconfig DescribeClusterUserKubeconfig handed out, answered as the API server answers (Status
 * objects, 404 for unknown clusters and objects, 409 on a stale resourceVersion or an existing
 * name). The objects live on the cluster's record, so they go with the cluster; a new cluster
 * starts with what ACK installs that ackl2 merges into (seedClusterObjects).
 */

import { timingSafeEqual } from 'node:crypto';
import type { ClusterRecord, EmulatorState, JsonObject } from './state.js';

export const KUBE_PREFIX = '/_kube';
/** The fault-spec action names of kube writes (`conflict@ApplyConfigMap`): the plan's operation names. */
export const KUBE_WRITE_ACTIONS = { configmaps: 'ApplyConfigMap', namespaces: 'ApplyNamespace' } as const;
const KUBE_READ_ACTIONS = { configmaps: 'GetConfigMap', namespaces: 'GetNamespace' } as const;

/** The fault-spec action name of an API-server call (`reset@GetConfigMap`): Get* for reads, Apply* for writes. */
export function kubeActionOf(method: string, path: string): string {
  const target = targetOf(path.split('?')[0]!);
  const resource = target?.resource ?? 'configmaps';
  return method === 'GET' ? KUBE_READ_ACTIONS[resource] : KUBE_WRITE_ACTIONS[resource];
}

export function isKubePath(rawPath: string): boolean {
  return rawPath.startsWith(`${KUBE_PREFIX}/`);
}

/** The kubeconfig's server URL for a cluster on the emulator reached as `origin` (http://127.0.0.1:PORT). */
export function kubeServerUrl(origin: string, clusterId: string): string {
  return `${origin}${KUBE_PREFIX}/${clusterId}`;
}

export interface KubeAnswer {
  status: number;
  body: JsonObject;
  /** Whether the state changed (save it). */
  changed: boolean;
}

export interface KubeRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  /** The parsed JSON request body (undefined when none or not JSON). */
  body: unknown;
  /** Whether this write meets an injected 409 (asked only for writes of an existing object). */
  conflict?: (action: string) => boolean;
}

function status(code: number, reason: string, message: string): KubeAnswer {
  return { status: code, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code }, changed: false };
}

function tokenMatches(cluster: ClusterRecord, authorization: string | undefined): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match || !cluster.kubeToken) return false;
  const given = Buffer.from(match[1]!);
  const wanted = Buffer.from(cluster.kubeToken);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

const NAME = '[a-z0-9]([-a-z0-9.]*[a-z0-9])?';
const CONFIG_MAP_PATH = new RegExp(`^/_kube/([^/]+)/api/v1/namespaces/(${NAME})/configmaps(?:/(${NAME}))?$`);
const NAMESPACE_PATH = new RegExp(`^/_kube/([^/]+)/api/v1/namespaces(?:/(${NAME}))?$`);

interface Target {
  clusterId: string;
  resource: 'configmaps' | 'namespaces';
  /** The namespace of a ConfigMap; undefined for Namespaces. */
  namespace: string | undefined;
  name: string | undefined;
}

function targetOf(path: string): Target | undefined {
  const cm = CONFIG_MAP_PATH.exec(path);
  if (cm) return { clusterId: cm[1]!, resource: 'configmaps', namespace: cm[2]!, name: cm[4] };
  const ns = NAMESPACE_PATH.exec(path);
  if (ns) return { clusterId: ns[1]!, resource: 'namespaces', namespace: undefined, name: ns[2] };
  return undefined;
}

function metadataOf(body: unknown): Record<string, unknown> | undefined {
  const meta = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).metadata : undefined;
  return meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>) : undefined;
}

function stringMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function storeOf(cluster: ClusterRecord, target: Target): Record<string, JsonObject> {
  return target.resource === 'configmaps' ? (cluster.configMaps ??= {}) : (cluster.namespaces ??= {});
}

function keyOf(target: Target, name: string): string {
  return target.resource === 'configmaps' ? `${target.namespace}/${name}` : name;
}

function stored(target: Target, name: string, body: unknown, version: number): JsonObject {
  const meta = metadataOf(body) ?? {};
  const labels = stringMap(meta.labels);
  const metadata: JsonObject = { name, resourceVersion: String(version), ...(target.namespace !== undefined && { namespace: target.namespace }), ...(Object.keys(labels).length > 0 && { labels }) };
  if (target.resource === 'namespaces') return { apiVersion: 'v1', kind: 'Namespace', metadata };
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: stringMap((body as Record<string, unknown>).data) };
}

/** One API-server call. */
export function serveKube(state: EmulatorState, request: KubeRequest): KubeAnswer {
  const target = targetOf(request.path.split('?')[0]!);
  if (!target) return status(404, 'NotFound', `the emulated API server serves only ConfigMaps and Namespaces, not ${request.path}`);
  const cluster = state.clusters[target.clusterId];
  if (!cluster || cluster.state !== 'running') return status(404, 'NotFound', `no running cluster ${target.clusterId}`);
  if (!tokenMatches(cluster, request.authorization)) return status(401, 'Unauthorized', 'Unauthorized');
  if (target.resource === 'configmaps' && cluster.namespaces && !cluster.namespaces[target.namespace!]) return status(404, 'NotFound', `namespaces "${target.namespace}" not found`);
  const store = storeOf(cluster, target);
  const { name } = target;

  if (request.method === 'GET' && name) {
    const found = store[keyOf(target, name)];
    return found ? { status: 200, body: found, changed: false } : status(404, 'NotFound', `${target.resource} "${name}" not found`);
  }
  if (request.method !== 'POST' && request.method !== 'PUT') return status(405, 'MethodNotAllowed', `${request.method} is not served here`);
  const meta = metadataOf(request.body);
  if (!meta || typeof meta.name !== 'string') return status(400, 'BadRequest', 'the body must be an object with metadata.name');
  const objectName = meta.name;
  if (request.method === 'POST') {
    if (name) return status(405, 'MethodNotAllowed', 'POST goes to the collection');
    if (store[keyOf(target, objectName)]) return status(409, 'AlreadyExists', `${target.resource} "${objectName}" already exists`);
    store[keyOf(target, objectName)] = stored(target, objectName, request.body, 1);
    return { status: 201, body: store[keyOf(target, objectName)]!, changed: true };
  }
  if (!name || name !== objectName) return status(400, 'BadRequest', 'PUT goes to the object named in metadata.name');
  const current = store[keyOf(target, name)];
  if (!current) return status(404, 'NotFound', `${target.resource} "${name}" not found`);
  const currentVersion = String(metadataOf(current)?.resourceVersion ?? '');
  const stale = meta.resourceVersion !== undefined && String(meta.resourceVersion) !== currentVersion;
  if (stale || request.conflict?.(KUBE_WRITE_ACTIONS[target.resource])) {
    return status(409, 'Conflict', `Operation cannot be fulfilled on ${target.resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
  }
  store[keyOf(target, name)] = stored(target, name, request.body, Number(currentVersion) + 1);
  return { status: 200, body: store[keyOf(target, name)]!, changed: true };
}

/** ACK's default CoreDNS configuration ("Configure unmanaged CoreDNS", CoreDNS 1.6.2 default): it already prefers UDP. */
export const DEFAULT_COREFILE = `.:53 {
    errors
    log
    health {
       lameduck 15s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
      pods verified
      fallthrough in-addr.arpa ip6.arpa
    }
    prometheus :9153
    forward . /etc/resolv.conf {
          prefer_udp
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

function configMap(namespace: string, name: string, data: Record<string, string>): JsonObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, resourceVersion: '1' }, data };
}

/**
 * What a new cluster holds that ackl2 reads: the namespaces every cluster has, CoreDNS's
 * ConfigMap, and Terway's eni-config when the terway-eniip add-on is installed (the shape of
 * "Customize Terway configuration parameters"; `datapathv2` when its config asks for IPVlan).
 */
export function seedClusterObjects(cluster: ClusterRecord, terwayConfig: string | undefined): void {
  cluster.namespaces = Object.fromEntries(
    ['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((name) => [name, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, resourceVersion: '1', labels: { 'kubernetes.io/metadata.name': name } } }]),
  );
  cluster.configMaps = { 'kube-system/coredns': configMap('kube-system', 'coredns', { Corefile: DEFAULT_COREFILE }) };
  if (terwayConfig === undefined) return;
  const accelerated = /"IPVlan"\s*:\s*"true"/.test(terwayConfig);
  const conf = { cniVersion: '0.4.0', name: 'terway', capabilities: { bandwidth: true }, ...(accelerated && { eniip_virtual_type: 'datapathv2' }), host_stack_cidrs: ['169.254.20.10/32'], cilium_args: '', type: 'terway' };
  cluster.configMaps['kube-system/eni-config'] = configMap('kube-system', 'eni-config', {
    '10-terway.conf': `${JSON.stringify(conf, null, 2)}\n`,
    disable_network_policy: /"NetworkPolicy"\s*:\s*"true"/.test(terwayConfig) ? 'false' : 'true',
    eni_conf: `${JSON.stringify({ version: '1', max_pool_size: 5, min_pool_size: 0 }, null, 2)}\n`,
  });
}
