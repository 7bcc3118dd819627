/**
 * Cross-field rules: what the schema cannot say about one field alone. Each area is a small
 * module under rules/; they run on the sections of the profile that passed the schema.
 */

import { adviceRules } from './rules/advice.js';
import { metadataRules } from './rules/metadata.js';
import { networkRules } from './rules/network.js';
import { crossPoolRules, poolRules } from './rules/pools.js';
import type { Rule, RuleContext, RuleIssue, Sections } from './rules/types.js';
import { kubernetesVersion, metadataSchema, networkSchema, PARSE_ONCE as ONCE, poolSchema, type Profile } from './schema.js';

export type { RuleContext, RuleIssue, Sections } from './rules/types.js';
export { AL2_END_OF_LIFE, AL2_MAINSTREAM_SUPPORT_ENDED, KNOWN_KUBERNETES_MINORS } from './rules/advice.js';

const RULES: readonly Rule[] = [metadataRules, networkRules, poolRules, crossPoolRules, adviceRules];

export function runRules(sections: Sections, ctx: RuleContext): RuleIssue[] {
  return RULES.flatMap((rule) => rule(sections, ctx));
}

export function sectionsOfProfile(profile: Profile): Sections {
  return {
    metadata: profile.metadata,
    network: profile.cluster.network,
    kubernetesVersion: profile.cluster.kubernetesVersion,
    pools: profile.nodePools.map((pool, index) => ({ index, pool })),
  };
}

/** For a profile that failed the schema: each section validated on its own. */
export function sectionsOfRaw(raw: unknown): Sections {
  const root = record(raw);
  const cluster = record(root?.cluster);
  const pools = Array.isArray(root?.nodePools) ? (root.nodePools as unknown[]) : [];
  return {
    metadata: metadataSchema.safeParse(root?.metadata, ONCE).data,
    network: networkSchema.safeParse(cluster?.network, ONCE).data,
    kubernetesVersion: kubernetesVersion.safeParse(cluster?.kubernetesVersion, ONCE).data,
    pools: pools.flatMap((candidate, index) => {
      const parsed = poolSchema.safeParse(candidate, ONCE);
      return parsed.success ? [{ index, pool: parsed.data }] : [];
    }),
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
