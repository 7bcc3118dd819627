/**
 * What ackl2 asks of a cluster's Kubernetes API server: GET, POST and PUT of one object (a
 * ConfigMap or a Namespace), with the credentials of the kubeconfig ACK hands out (CA, client certificate and
 * key, or bearer token). Node's https (http only on loopback, where the emulator plays the
 * API server); @kubernetes/client-node would bring a large dependency tree for three calls.
 * The credentials never reach an error message.
 */

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ClusterKubeconfig } from '../kube/kubeconfig.js';
import { collectionPath, objectLabel, objectPath, type KubeObject } from '../kube/objects.js';
import { UserError } from '../errors.js';

const TIMEOUT_MS = 30_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface Credentials {
  server: URL;
  ca?: Buffer | undefined;
  cert?: Buffer | undefined;
  key?: Buffer | undefined;
  token?: string | undefined;
}

const decoded = (value: unknown): Buffer | undefined => (typeof value === 'string' && value !== '' ? Buffer.from(value, 'base64') : undefined);

function credentialsOf(kube: ClusterKubeconfig): Credentials {
  const cluster = kube.cluster.cluster as Record<string, unknown>;
  const user = kube.user.user as Record<string, unknown>;
  let server: URL;
  try {
    server = new URL(String(cluster.server ?? ''));
  } catch {
    throw new UserError('the kubeconfig ACK returned names no API server URL', { hint: 'rerun; if it persists, check the cluster in the ACK console' });
  }
  if (server.protocol !== 'https:' && !(server.protocol === 'http:' && LOOPBACK.has(server.hostname))) {
    throw new UserError(`the API server ${server.origin} is not https: ackl2 sends cluster credentials only over TLS`, { hint: 'check the cluster in the ACK console' });
  }
  return {
    server,
    ca: decoded(cluster['certificate-authority-data']),
    cert: decoded(user['client-certificate-data']),
    key: decoded(user['client-key-data']),
    token: typeof user.token === 'string' ? user.token : undefined,
  };
}

export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface KubeApi {
  /** The live object named like `object` (only its kind, namespace and name are read); undefined when absent. */
  get(object: KubeObject): Promise<KubeObject | undefined>;
  create(object: KubeObject): Promise<KubeObject>;
  /** PUT with the object's resourceVersion: a 409 when someone else wrote it in between. */
  replace(object: KubeObject): Promise<KubeObject>;
}

export function kubeApi(kube: ClusterKubeconfig, signal?: AbortSignal): KubeApi {
  const creds = credentialsOf(kube);
  const base = creds.server.pathname.replace(/\/$/, '');
  const call = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; json: unknown }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const options = {
        method,
        host: creds.server.hostname.replace(/^\[|\]$/g, ''),
        port: creds.server.port || (creds.server.protocol === 'https:' ? 443 : 80),
        path: `${base}${path}`,
        headers: {
          accept: 'application/json',
          ...(payload !== undefined && { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
          ...(creds.token && { authorization: `Bearer ${creds.token}` }),
        },
        timeout: TIMEOUT_MS,
        signal,
        ...(creds.server.protocol === 'https:' && { ca: creds.ca, cert: creds.cert, key: creds.key }),
      };
      const onResponse = (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
        res.on('error', reject);
      };
      const req = creds.server.protocol === 'https:' ? httpsRequest(options, onResponse) : httpRequest(options, onResponse);
      req.on('timeout', () => req.destroy(new Error(`no answer from the API server in ${TIMEOUT_MS / 1000}s`)));
      req.on('error', (error) => reject(new KubeApiError(0, `${method} ${path} at ${creds.server.origin}: ${error.message}`)));
      req.end(payload);
    });
  const expectOk = (what: string, answer: { status: number; json: unknown }): KubeObject => {
    if (answer.status >= 200 && answer.status < 300) return answer.json as KubeObject;
    const message = (answer.json as { message?: unknown } | undefined)?.message;
    throw new KubeApiError(answer.status, `${what} at ${creds.server.origin}: HTTP ${answer.status}${typeof message === 'string' ? ` ${message}` : ''}`);
  };
  return {
    async get(object) {
      const answer = await call('GET', objectPath(object));
      return answer.status === 404 ? undefined : expectOk(`reading ${objectLabel(object)}`, answer);
    },
    async create(object) {
      return expectOk(`creating ${objectLabel(object)}`, await call('POST', collectionPath(object), object));
    },
    async replace(object) {
      return expectOk(`updating ${objectLabel(object)}`, await call('PUT', objectPath(object), object));
    },
  };
}
