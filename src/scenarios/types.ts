/**
 * The contract every scenario module (one per seed-article tuning) fulfils.
 *
 * Runtime imports allowed in scenario modules: `zod` and leaf helpers (src/profile/issues.ts,
 * src/profile/sysctl.ts, ...). Never import src/profile/schema.ts at runtime: the schema
 * composes the scenarios' option schemas, so only `import type` from it.
 */

import type { z } from 'zod';
import type { Issue, ProfilePath } from '../profile/issues.js';

export type ScenarioScope = 'cluster' | 'pool';

export const SCENARIO_IDS = [
  'terwayIpvlan',
  'bbr',
  'sandboxed',
  'fastScale',
  'dnsConntrack',
  'resourceQos',
  'dataAcceleration',
  'podSysctls',
  'bfqIo',
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** One place a scenario is switched on in a profile. */
export interface ScenarioUse<Options> {
  options: Options;
  scope: ScenarioScope;
  /** Path of the scenario key: ['scenarios','bbr'] or ['nodePools',2,'scenarios','sandboxed']. */
  path: ProfilePath;
  /** Indexes of the pools this use applies to (every pool for a cluster-level use). */
  poolIndexes: readonly number[];
}

export interface ScenarioDescriptor<Options = unknown> {
  id: ScenarioId;
  title: string;
  /** Section of the seed article (`../shared/seed/`) the tuning comes from, e.g. "3.1". */
  seedSection: string;
  /** One sentence: what it does to the cluster. */
  summary: string;
  scopes: readonly ScenarioScope[];
  /** Options schema (strict object; `{}` switches the scenario on with defaults). */
  options: z.ZodType<Options>;
}

export type { Issue };
