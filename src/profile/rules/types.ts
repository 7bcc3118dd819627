/** What a rule sees and returns. */

import type { Issue } from '../issues.js';
import type { NodePool, Profile } from '../schema.js';

/**
 * The parts of the merged profile that passed the schema on their own. Rules run on these
 * even when another part failed, so one run reports every problem.
 */
export interface Sections {
  metadata?: Profile['metadata'] | undefined;
  network?: Profile['cluster']['network'] | undefined;
  kubernetesVersion?: string | undefined;
  /** Valid pools with their index in nodePools. */
  pools: { index: number; pool: NodePool }[];
}

export interface RuleContext {
  /** The profile file as the user named it (for "ackl2 pin -f FILE" hints). */
  file: string;
}

/** A rule's finding; located by the validator from its path (at the key when `atKey`). */
export interface RuleIssue extends Issue {
  atKey?: boolean;
}

export type Rule = (sections: Sections, ctx: RuleContext) => RuleIssue[];

export const error = (path: Issue['path'], message: string, hint?: string, atKey = false): RuleIssue => ({ severity: 'error', path, message, hint, atKey });
export const warning = (path: Issue['path'], message: string, hint?: string): RuleIssue => ({ severity: 'warning', path, message, hint });

/** Index pairs of repeated values in a list: [firstIndex, repeatIndex]. */
export function repeats<T>(items: readonly T[]): [number, number][] {
  const first = new Map<T, number>();
  const out: [number, number][] = [];
  items.forEach((item, index) => {
    const seen = first.get(item);
    if (seen === undefined) first.set(item, index);
    else out.push([seen, index]);
  });
  return out;
}
