/**
 * The contract every scenario module (one per seed-article tuning) fulfils.
 *
 * Runtime imports allowed in scenario modules: `zod` and leaf helpers (src/profile/issues.ts,
 * src/profile/sysctl.ts, src/plan/draft.ts, ./support.ts ...). Never import
 * src/profile/schema.ts at runtime, only `import type` from it. A scenario's key, scopes and
 * options schema live in the leaf ./options.ts, which the schema composes.
 */

import type { Issue, ProfilePath } from '../profile/issues.js';
import type { Profile } from '../profile/schema.js';
import type { PlanDraft } from '../plan/draft.js';
import type { AddonWire } from '../plan/wire.js';
import type { ScenarioKey, ScenarioScope } from './options.js';

export { SCENARIO_IDS, type ScenarioId, type ScenarioKey, type ScenarioScope } from './options.js';

/** One place a scenario is switched on in a profile. */
export interface ScenarioUse<Options> {
  options: Options;
  scope: ScenarioScope;
  /** Path of the scenario key: ['scenarios','bbr'] or ['nodePools',2,'scenarios','sandboxed']. */
  path: ProfilePath;
  /**
   * Indexes of the pools this use applies to: every pool for a cluster-level use, except
   * pools that switch the same scenario on themselves (their own options win there).
   */
  poolIndexes: readonly number[];
}

export interface ScenarioDescriptor<Options = unknown> extends ScenarioKey<Options> {
  title: string;
  /** Section of the seed article (`../shared/seed/`) the tuning comes from, e.g. "3.1". */
  seedSection: string;
  /** One sentence: what it does to the cluster. */
  summary: string;
  /** One line: what it does on today's ACK per OS and version, against the seed article (docs/scenarios.md). */
  today: string;
}

/** A catalogue entry: what it is, what it needs, and what it does to the planned requests. */
export interface Scenario<Options = unknown> extends ScenarioDescriptor<Options> {
  /** What it sets, one plain line each (catalogue JSON, docs). */
  sets: readonly string[];
  /** What it requires, one plain line each (catalogue JSON, docs). */
  requires: readonly string[];
  /** Cluster add-ons it installs (also checked against add-ons the profile disables). */
  addons?(options: Options): AddonWire[];
  /** Node sysctls it writes through the pre-join script (also checked against pool sysctls). */
  nodeSysctls?(options: Options, profile: Profile): Record<string, string>;
  /** Every requirement this use violates, each located at the scenario key and the offending field. */
  requirements(use: ScenarioUse<Options>, profile: Profile): Issue[];
  /** Edits the planned bodies and node tunings (add-ons and nodeSysctls are applied for it). */
  transform(use: ScenarioUse<Options>, draft: PlanDraft): void;
}

export type { Issue };
