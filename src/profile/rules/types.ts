/** What a rule sees and returns. */

import type { Issue } from '../issues.js';
import type { NodePool, Profile } from '../schema.js';

/**
 * One object of the profile as the rules see it: every field that is valid on its own (with
 * its default), and which keys the file wrote at all. A field that is written but invalid is
 * in `written` and not in `value`: the schema reports it, and a rule that needs it stays quiet
 * rather than guess (so one mistake is reported once, and every other rule still runs).
 */
export interface Section<T> {
  value: Partial<T>;
  written: ReadonlySet<string>;
}

export type Network = Profile['cluster']['network'];

/** The parts of the merged profile the cross-field rules look at. */
export interface Sections {
  network?: Section<Network> | undefined;
  kubernetesVersion?: string | undefined;
  /** Every pool that is a mapping, with its index in nodePools. */
  pools: { index: number; pool: Section<NodePool> }[];
}

export interface RuleContext {
  /** The profile file as the user named it (for "ackl2 pin -f FILE" hints). */
  file: string;
  /**
   * A base profile (kind: ClusterProfileBase): what it leaves out, a profile that extends it
   * adds, so rules that ask for something missing, and advice, do not run.
   */
  partial?: boolean | undefined;
}

/** A rule's finding; located by the validator from its path (at the key when `atKey`). */
export interface RuleIssue extends Issue {
  atKey?: boolean;
}

export type Rule = (sections: Sections, ctx: RuleContext) => RuleIssue[];

export const error = (path: Issue['path'], message: string, hint?: string, atKey = false): RuleIssue => ({ severity: 'error', path, message, hint, atKey });
export const warning = (path: Issue['path'], message: string, hint?: string): RuleIssue => ({ severity: 'warning', path, message, hint });

/** A section of a fully valid object (tests, and rules run on a parsed profile). */
export function sectionOf<T extends object>(value: T): Section<T> {
  return { value, written: new Set(Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined)) };
}
