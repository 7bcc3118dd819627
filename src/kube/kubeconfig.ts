/**
 * Kubeconfig documents: reduce what ACK returns to one cluster, one user and one context,
 * all named after the ACK cluster, and merge them into an existing kubeconfig the way kubectl
 * would (other clusters, users and contexts kept, ours replaced in place on a rerun, the
 * current context set only when there is none). The contents are credentials: nothing here
 * ever puts them into an error message.
 */

import { delimiter, join, resolve } from 'node:path';
import { Document, isMap, isScalar, isSeq, parseDocument, YAMLSeq, type ToStringOptions } from 'yaml';
import { UserError } from '../errors.js';

export type NamedEntry = { name: string } & Record<string, unknown>;

export interface ClusterKubeconfig {
  /** The name used for the cluster, user and context entries. */
  name: string;
  cluster: NamedEntry;
  user: NamedEntry;
  context: NamedEntry;
  /** The API server URL (not a secret). */
  server: string | undefined;
}

const SECTIONS = ['clusters', 'users', 'contexts'] as const;
type Section = (typeof SECTIONS)[number];

/** The context, cluster and user entry name: the cluster name and its region (unique while the cluster lives). */
export function contextName(clusterName: string, region: string): string {
  return `${clusterName}.${region}`;
}

/** `$KUBECONFIG`'s first path, else `~/.kube/config`. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv, home: string): string {
  const first = (env.KUBECONFIG ?? '').split(delimiter).find((p) => p.trim() !== '');
  return first ? resolve(first) : join(home, '.kube', 'config');
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function entries(config: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const list = config[key];
  return Array.isArray(list) ? list.map(record).filter((e): e is Record<string, unknown> => e !== undefined) : [];
}

/**
 * ACK's kubeconfig (cluster "kubernetes", a user named after the account, context
 * "<user>-<cluster id>") reduced to entries named `name`, so several clusters can share a file.
 */
export function normalizeKubeconfig(text: string, name: string): ClusterKubeconfig {
  let parsed: unknown;
  try {
    parsed = parseDocument(text).toJS();
  } catch {
    parsed = undefined;
  }
  const config = record(parsed);
  const bad = (what: string) => new UserError(`the kubeconfig returned by DescribeClusterUserKubeconfig has ${what}`, { hint: 'rerun; if it persists, download the kubeconfig from the ACK console' });
  if (!config) throw bad('an unexpected shape');
  const contexts = entries(config, 'contexts');
  const current = config['current-context'];
  const chosen = contexts.find((c) => c.name === current) ?? contexts[0];
  const contextBody = record(chosen?.context) ?? {};
  const clusters = entries(config, 'clusters');
  const users = entries(config, 'users');
  const cluster = clusters.find((c) => c.name === contextBody.cluster) ?? clusters[0];
  const user = users.find((u) => u.name === contextBody.user) ?? users[0];
  const clusterBody = record(cluster?.cluster);
  const userBody = record(user?.user);
  if (!clusterBody) throw bad('no cluster');
  if (!userBody) throw bad('no user');
  const context: Record<string, unknown> = { ...contextBody, cluster: name, user: name };
  return {
    name,
    cluster: { name, cluster: clusterBody },
    user: { name, user: userBody },
    context: { name, context },
    server: typeof clusterBody.server === 'string' ? clusterBody.server : undefined,
  };
}

/** kubectl writes sequences flush with their key; keep whatever the file already does. */
function styleOf(text: string | null): ToStringOptions {
  const indented = text !== null && /^[A-Za-z-]+:[ \t]*\r?\n[ \t]+- /m.test(text) && !/^[A-Za-z-]+:[ \t]*\r?\n- /m.test(text);
  return { indentSeq: indented, lineWidth: 0 };
}

/** A kubeconfig holding only this cluster (for --write). */
export function standaloneKubeconfig(kube: ClusterKubeconfig): { document: Record<string, unknown>; text: string } {
  const document = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [kube.cluster],
    contexts: [kube.context],
    'current-context': kube.name,
    preferences: {},
    users: [kube.user],
  };
  return { document, text: new Document(document).toString(styleOf(null)) };
}

export interface MergeResult {
  text: string;
  /** Whether our entries replaced earlier ones (a rerun) rather than being added. */
  replaced: boolean;
  /** The file's current context after the merge. */
  currentContext: string;
}

/** Merge into an existing kubeconfig's text (null: no file yet). `display` names the file in errors. */
export function mergeKubeconfig(existing: string | null, kube: ClusterKubeconfig, display: string): MergeResult {
  const doc = existing === null || existing.trim() === '' ? new Document({ apiVersion: 'v1', kind: 'Config' }) : parseDocument(existing);
  const [syntax] = doc.errors;
  if (syntax) {
    const at = syntax.linePos?.[0];
    throw new UserError(`${display}${at ? `:${at.line}:${at.col}` : ''}: not a valid kubeconfig (${syntax.code})`, {
      hint: `fix the file, or write this cluster's kubeconfig elsewhere: --write PATH`,
    });
  }
  if (doc.contents === null) doc.contents = doc.createNode({ apiVersion: 'v1', kind: 'Config' }) as unknown as typeof doc.contents;
  const root = doc.contents;
  if (!isMap(root)) throw new UserError(`${display}: not a kubeconfig (the top level is not a map)`, { hint: 'fix the file, or write elsewhere: --write PATH' });

  let replaced = false;
  const wanted: Record<Section, NamedEntry> = { clusters: kube.cluster, users: kube.user, contexts: kube.context };
  for (const section of SECTIONS) {
    let seq: unknown = root.get(section, true);
    if (seq === undefined || (isScalar(seq) && (seq.value === null || seq.value === ''))) {
      seq = new YAMLSeq();
      root.set(section, seq);
    }
    if (!isSeq(seq)) throw new UserError(`${display}: "${section}" is not a list`, { hint: 'fix the file, or write elsewhere: --write PATH' });
    const node = doc.createNode(wanted[section]);
    const index = seq.items.findIndex((item) => isMap(item) && item.get('name') === kube.name);
    if (index === -1) seq.items.push(node);
    else {
      seq.items[index] = node;
      replaced = true;
    }
  }
  const current = root.get('current-context');
  let currentContext = typeof current === 'string' ? current : '';
  if (currentContext === '') {
    root.set('current-context', kube.name);
    currentContext = kube.name;
  }
  if (!root.has('apiVersion')) root.set('apiVersion', 'v1');
  if (!root.has('kind')) root.set('kind', 'Config');
  return { text: doc.toString(styleOf(existing)), replaced, currentContext };
}

