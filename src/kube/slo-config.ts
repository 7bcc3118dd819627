/**
 * ack-koordinator's SLO ConfigMap (kube-system/ack-slo-config): the memory-QoS switch merged
 * into whatever the cluster already holds. Other data keys and other parts of
 * `resource-qos-config` are kept; a ConfigMap that already turns memory QoS on for LS and BE
 * pods is left alone (the rerun check).
 */

import { UserError } from '../errors.js';
import type { ConfigMap, KubeObject } from './objects.js';

export type { ConfigMap } from './objects.js';

export const SLO_CONFIG_NAMESPACE = 'kube-system';
export const SLO_CONFIG_NAME = 'ack-slo-config';
export const RESOURCE_QOS_KEY = 'resource-qos-config';
/** The QoS classes ACK's "Enable container memory QoS" turns memory QoS on for, cluster-wide. */
const MEMORY_QOS_CLASSES = ['lsClass', 'beClass'] as const;

export type SloConfigChange =
  | { action: 'none' }
  | { action: 'create'; configMap: ConfigMap }
  | { action: 'update'; configMap: ConfigMap };

type JsonRecord = Record<string, unknown>;

function record(value: unknown): JsonRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

function child(parent: JsonRecord, key: string): JsonRecord {
  const existing = record(parent[key]);
  if (existing) return existing;
  const created: JsonRecord = {};
  parent[key] = created;
  return created;
}

/** Whether `resource-qos-config` (parsed) already turns memory QoS on for LS and BE pods. */
function memoryQosOn(config: JsonRecord): boolean {
  const strategy = record(config.clusterStrategy);
  return MEMORY_QOS_CLASSES.every((cls) => record(record(strategy?.[cls])?.memoryQOS)?.enable === true);
}

function parseQosConfig(text: string | undefined): JsonRecord {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const config = record(parsed);
  if (!config) {
    throw new UserError(`${SLO_CONFIG_NAMESPACE}/${SLO_CONFIG_NAME}: its ${RESOURCE_QOS_KEY} is not a JSON object, so ackl2 does not overwrite it`, {
      hint: `fix or remove the ${RESOURCE_QOS_KEY} key (kubectl -n ${SLO_CONFIG_NAMESPACE} edit configmap ${SLO_CONFIG_NAME}), then rerun`,
    });
  }
  return config;
}

/** What to do to the live ConfigMap (undefined: it does not exist) so memory QoS is on. */
export function planSloConfig(live: KubeObject | undefined): SloConfigChange {
  const config = parseQosConfig(live?.data?.[RESOURCE_QOS_KEY]);
  if (live && memoryQosOn(config)) return { action: 'none' };
  const strategy = child(config, 'clusterStrategy');
  for (const cls of MEMORY_QOS_CLASSES) child(child(strategy, cls), 'memoryQOS').enable = true;
  const data = { ...(live?.data ?? {}), [RESOURCE_QOS_KEY]: JSON.stringify(config) };
  if (!live) {
    return { action: 'create', configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: SLO_CONFIG_NAME, namespace: SLO_CONFIG_NAMESPACE }, data } };
  }
  return { action: 'update', configMap: { ...(live as ConfigMap), data } };
}

/** The merge the kube step runs (merge-apply.ts): undefined when memory QoS is already on. */
export function mergeSloConfig(live: KubeObject | undefined): KubeObject | undefined {
  const change = planSloConfig(live);
  return change.action === 'none' ? undefined : change.configMap;
}
