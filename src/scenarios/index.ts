/**
 * The scenario catalogue's entry points: which scenarios a profile switches on (its uses),
 * their requirements for the validator, and their effects for the planner.
 */

import { addAddon, setNodeSysctl, type PlanDraft } from '../plan/draft.js';
import type { Issue } from '../profile/issues.js';
import type { NodePool, Profile } from '../profile/schema.js';
import { CATALOGUE } from './catalogue.js';
import { poolsOf, poolsOfDraft, violation } from './support.js';
import type { Scenario, ScenarioId, ScenarioUse } from './types.js';

export { CATALOGUE };
export type { Scenario, ScenarioId, ScenarioUse };

/** A scenario switched on somewhere in a profile, with the catalogue entry it belongs to. */
export interface ActiveUse {
  scenario: Scenario<unknown>;
  use: ScenarioUse<unknown>;
}

export function scenarioById(id: string): Scenario<unknown> | undefined {
  return CATALOGUE.find((s) => s.id === id);
}

/**
 * Every use of every scenario, in catalogue order; per scenario the cluster-level use
 * first, then pool-level uses by pool. A pool with its own use of a scenario is left out of
 * the cluster-level use's pools. A pool with `runtime: sandboxed` and no sandboxed scenario
 * is an implicit sandboxed use located at its `runtime` key.
 */
export function activeUses(profile: Profile): ActiveUse[] {
  const uses: ActiveUse[] = [];
  for (const scenario of CATALOGUE as readonly Scenario<unknown>[]) {
    const poolUses: ActiveUse[] = [];
    profile.nodePools.forEach((pool, index) => {
      const own = scenario.scopes.includes('pool') ? (pool.scenarios as Record<string, unknown>)[scenario.id] : undefined;
      if (own !== undefined) {
        poolUses.push({ scenario, use: { options: own, scope: 'pool', path: ['nodePools', index, 'scenarios', scenario.id], poolIndexes: [index] } });
      } else if (scenario.id === 'sandboxed' && pool.runtime === 'sandboxed') {
        poolUses.push({ scenario, use: { options: scenario.options.parse({}), scope: 'pool', path: ['nodePools', index, 'runtime'], poolIndexes: [index] } });
      }
    });
    const clusterKey = scenario.scopes.includes('cluster') ? writtenKey(profile.scenarios as Record<string, unknown>, scenario) : undefined;
    if (clusterKey !== undefined) {
      const claimed = new Set(poolUses.flatMap((u) => u.use.poolIndexes));
      const poolIndexes = profile.nodePools.map((_, index) => index).filter((index) => !claimed.has(index));
      const options = (profile.scenarios as Record<string, unknown>)[clusterKey];
      uses.push({ scenario, use: { options, scope: 'cluster', path: ['scenarios', clusterKey], poolIndexes } });
    }
    uses.push(...poolUses);
  }
  return uses;
}

/** The key a scenario is written under: its id, else the first of its former names in use. */
function writtenKey(scenarios: Record<string, unknown>, scenario: Scenario<unknown>): string | undefined {
  if (scenarios[scenario.id] !== undefined) return scenario.id;
  return Object.keys(scenario.aliases ?? {}).find((alias) => scenarios[alias] !== undefined);
}

/** A scenario written under a former name: one warning; written under both names: an error. */
function aliasIssues(profile: Profile): Issue[] {
  const issues: Issue[] = [];
  const scenarios = profile.scenarios as Record<string, unknown>;
  for (const scenario of CATALOGUE as readonly Scenario<unknown>[]) {
    for (const [alias, why] of Object.entries(scenario.aliases ?? {})) {
      if (scenarios[alias] === undefined) continue;
      issues.push(
        scenarios[scenario.id] !== undefined
          ? { severity: 'error', path: ['scenarios', alias], message: `${alias} is the former name of ${scenario.id}, which is also set`, hint: `keep only scenarios.${scenario.id}` }
          : { severity: 'warning', path: ['scenarios', alias], message: `${alias} is now ${scenario.id}: ${why}`, hint: `rename scenarios.${alias} to scenarios.${scenario.id}` },
      );
    }
  }
  return issues;
}

/** Every scenario requirement violated by the profile, located by path (the validator locates them). */
export function scenarioRequirements(profile: Profile): Issue[] {
  const issues: Issue[] = aliasIssues(profile);
  for (const { scenario, use } of activeUses(profile)) {
    issues.push(...scenario.requirements(use, profile));
    issues.push(...addonConflicts(scenario, use, profile));
    issues.push(...sysctlConflicts(scenario, use, profile));
  }
  return dedupe(issues);
}

/** A scenario's add-on that the profile lists as disabled. */
function addonConflicts(scenario: Scenario<unknown>, use: ScenarioUse<unknown>, profile: Profile): Issue[] {
  const issues: Issue[] = [];
  for (const addon of scenario.addons?.(use.options) ?? []) {
    profile.cluster.addons.forEach((listed, k) => {
      if (listed.name !== addon.name || listed.disabled !== true) return;
      issues.push(
        ...violation(use, scenario.id, ['cluster', 'addons', k, 'disabled'], `installs the add-on ${addon.name}, which cluster.addons disables`,
          `remove disabled: true from the ${addon.name} add-on, or switch ${scenario.id} off`),
      );
    });
  }
  return issues;
}

/** A pool sysctl that contradicts a value the scenario sets on the same nodes. */
function sysctlConflicts(scenario: Scenario<unknown>, use: ScenarioUse<unknown>, profile: Profile): Issue[] {
  const issues: Issue[] = [];
  const wanted = scenario.nodeSysctls?.(use.options, profile) ?? {};
  for (const [index, pool] of poolsOf(use, profile)) {
    for (const [name, value] of Object.entries(wanted)) {
      const own = pool.sysctls[name];
      if (own === undefined || String(own) === value) continue;
      issues.push(
        ...violation(use, scenario.id, ['nodePools', index, 'sysctls', name], `sets ${name}=${value}, but this pool's sysctls set ${JSON.stringify(String(own))}`,
          `remove ${name} from the pool's sysctls, or switch ${scenario.id} off for this pool`),
      );
    }
  }
  return issues;
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = JSON.stringify([issue.severity, issue.path, issue.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Applies every use to the draft: its add-ons, its node sysctls, then its own transform. */
export function applyScenarios(draft: PlanDraft): void {
  for (const { scenario, use } of activeUses(draft.profile)) {
    for (const addon of scenario.addons?.(use.options) ?? []) addAddon(draft.cluster, addon, scenario.id);
    const sysctls = Object.entries(scenario.nodeSysctls?.(use.options, draft.profile) ?? {});
    for (const pool of poolsOfDraft(use, draft)) for (const [name, value] of sysctls) setNodeSysctl(pool, name, value, scenario.id);
    scenario.transform(use, draft);
  }
}

/**
 * True when ackl2 may pin this pool's image: sandboxed pools run the image ACK prepares.
 * (sandboxed is pool-scoped, so the pool alone decides.)
 */
export function poolAcceptsPinnedImage(pool: Pick<NodePool, 'runtime'> & { scenarios: { sandboxed?: unknown } }): boolean {
  return pool.runtime !== 'sandboxed' && pool.scenarios.sandboxed === undefined;
}
