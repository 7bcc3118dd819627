/**
 * The emulator plays each running cluster's Kubernetes API server for ConfigMaps only:
 * GET/POST/PUT `/_kube/{clusterId}/api/v1/namespaces/{ns}/configmaps[/{name}]`, with the
 * bearer token of the kubeconfig DescribeClusterUserKubeconfig handed out, answered as the
 * API server answers (Status objects, 404 for unknown clusters and objects, 409 on a stale
 * resourceVersion). The objects live on the cluster's record, so they go with the cluster.
 */

import { timingSafeEqual } from 'node:crypto';
import type { ClusterRecord, EmulatorState, JsonObject } from './state.js';

export const KUBE_PREFIX = '/_kube';

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

const PATH = /^\/_kube\/([^/]+)\/api\/v1\/namespaces\/([a-z0-9-]+)\/configmaps(?:\/([a-z0-9.-]+))?$/;

function metadataOf(body: unknown): Record<string, unknown> | undefined {
  const meta = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).metadata : undefined;
  return meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>) : undefined;
}

/** One API-server call; `body` is the parsed JSON request body (undefined when none or not JSON). */
export function serveKube(state: EmulatorState, request: { method: string; path: string; authorization: string | undefined; body: unknown }): KubeAnswer {
  const match = PATH.exec(request.path.split('?')[0]!);
  if (!match) return status(404, 'NotFound', `the emulated API server serves only ConfigMaps, not ${request.path}`);
  const [, clusterId, namespace, name] = match as unknown as [string, string, string, string | undefined];
  const cluster = state.clusters[clusterId];
  if (!cluster || cluster.state !== 'running') return status(404, 'NotFound', `no running cluster ${clusterId}`);
  if (!tokenMatches(cluster, request.authorization)) return status(401, 'Unauthorized', 'Unauthorized');
  const maps = (cluster.configMaps ??= {});
  const key = (n: string) => `${namespace}/${n}`;

  if (request.method === 'GET' && name) {
    const found = maps[key(name)];
    return found ? { status: 200, body: found, changed: false } : status(404, 'NotFound', `configmaps "${name}" not found`);
  }
  const meta = metadataOf(request.body);
  if (request.method !== 'POST' && request.method !== 'PUT') return status(405, 'MethodNotAllowed', `${request.method} is not served here`);
  if (!meta || typeof meta.name !== 'string') return status(400, 'BadRequest', 'the body must be a ConfigMap with metadata.name');
  const objectName = meta.name;
  if (request.method === 'POST') {
    if (name) return status(405, 'MethodNotAllowed', 'POST goes to the collection');
    if (maps[key(objectName)]) return status(409, 'AlreadyExists', `configmaps "${objectName}" already exists`);
    maps[key(objectName)] = stored(request.body as JsonObject, namespace, objectName, 1);
    return { status: 201, body: maps[key(objectName)]!, changed: true };
  }
  if (!name || name !== objectName) return status(400, 'BadRequest', 'PUT goes to the object named in metadata.name');
  const current = maps[key(name)];
  if (!current) return status(404, 'NotFound', `configmaps "${name}" not found`);
  const currentVersion = String(metadataOf(current)?.resourceVersion ?? '');
  if (meta.resourceVersion !== undefined && String(meta.resourceVersion) !== currentVersion) {
    return status(409, 'Conflict', `Operation cannot be fulfilled on configmaps "${name}": the object has been modified; please apply your changes to the latest version and try again`);
  }
  maps[key(name)] = stored(request.body as JsonObject, namespace, name, Number(currentVersion) + 1);
  return { status: 200, body: maps[key(name)]!, changed: true };
}

function stored(body: JsonObject, namespace: string, name: string, version: number): JsonObject {
  const data = body.data !== null && typeof body.data === 'object' && !Array.isArray(body.data) ? body.data : {};
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, resourceVersion: String(version) }, data };
}
