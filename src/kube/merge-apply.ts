/**
 * The one way ackl2 changes an object in a cluster: read the live object, merge what ackl2
 * wants into it (other keys, labels and settings kept), write it only when something changed,
 * and when the write loses a race with another writer (409), read and merge once more.
 */

import { KubeApiError, type KubeApi } from '../cloud/kube-api.js';
import type { KubeObject } from './objects.js';

/** The live object with ackl2's settings merged in; undefined when the live one already holds them. Throws a UserError when it cannot merge safely. */
export type Merge = (live: KubeObject | undefined) => KubeObject | undefined;

export type MergeOutcome = 'unchanged' | 'created' | 'updated';

const WRITE_ATTEMPTS = 2;

export async function applyMerged(api: KubeApi, target: KubeObject, merge: Merge): Promise<MergeOutcome> {
  for (let attempt = 1; ; attempt++) {
    const live = await api.get(target);
    const merged = merge(live);
    if (!merged) return 'unchanged';
    try {
      if (live) await api.replace(merged);
      else await api.create(merged);
      return live ? 'updated' : 'created';
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 409 && attempt < WRITE_ATTEMPTS) continue;
      throw error;
    }
  }
}
