/**
 * Which merge each object ackl2 writes into a cluster gets: one entry per object, so the plan
 * (which carries the wanted object) is all the apply step needs to know what to do.
 */

import { mergeCoreDns, COREDNS_CONFIG_MAP, COREDNS_NAMESPACE } from './coredns.js';
import type { Merge } from './merge-apply.js';
import { mergeNamespaceLabels } from './namespace-labels.js';
import { objectLabel, resourceOf, type KubeObject } from './objects.js';
import { mergeSloConfig, SLO_CONFIG_NAME, SLO_CONFIG_NAMESPACE } from './slo-config.js';
import { mergeTerwayConfig, TERWAY_CONFIG_MAP, TERWAY_NAMESPACE } from './terway-config.js';

type ObjectMerge = (live: KubeObject | undefined, wanted: KubeObject) => KubeObject | undefined;

const CONFIG_MAP_MERGES: Record<string, ObjectMerge> = {
  [`${SLO_CONFIG_NAMESPACE}/${SLO_CONFIG_NAME}`]: mergeSloConfig,
  [`${COREDNS_NAMESPACE}/${COREDNS_CONFIG_MAP}`]: mergeCoreDns,
  [`${TERWAY_NAMESPACE}/${TERWAY_CONFIG_MAP}`]: mergeTerwayConfig,
};

/** The merge for a wanted object; throws for an object ackl2 has no merge for (a planner bug, not a user error). */
export function mergeFor(wanted: KubeObject): Merge {
  const merge = resourceOf(wanted) === 'namespaces' ? mergeNamespaceLabels : CONFIG_MAP_MERGES[objectLabel(wanted)];
  if (!merge) throw new Error(`ackl2 has no merge for ${objectLabel(wanted)}`);
  return (live) => merge(live, wanted);
}
