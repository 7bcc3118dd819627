/**
 * Cross-field rules: what the schema cannot say about one field alone (the checks of single
 * values live in the schema, see checks.ts). Each area is a small module under rules/. They
 * run on every object of the profile field by field, so a bad field elsewhere in the same
 * object does not hide what they find.
 */

import type * as z from 'zod';
import { adviceRules } from './rules/advice.js';
import { cgroupV2Rules } from './rules/cgroup-v2.js';
import { kubeProxyRules } from './rules/kube-proxy.js';
import { networkRules } from './rules/network.js';
import { osParameterRules } from './rules/os-parameters.js';
import { versionRules } from './rules/versions.js';
import { crossPoolRules, poolRules } from './rules/pools.js';
import type { Rule, RuleContext, RuleIssue, Section, Sections } from './rules/types.js';
import { kubernetesVersion, networkSchema, PARSE_ONCE as ONCE, poolSchema } from './schema.js';

export type { RuleContext, RuleIssue, Section, Sections } from './rules/types.js';
export { sectionOf } from './rules/types.js';
export { AL2_END_OF_LIFE, AL2_FIRST_UNSUPPORTED_MINOR, AL2_MAINSTREAM_SUPPORT_ENDED } from './rules/versions.js';

const RULES: readonly Rule[] = [networkRules, poolRules, crossPoolRules, versionRules, cgroupV2Rules, kubeProxyRules, osParameterRules, adviceRules];

export function runRules(sections: Sections, ctx: RuleContext): RuleIssue[] {
  return RULES.flatMap((rule) => rule(sections, ctx));
}

/** The sections of a (possibly invalid) plain profile, each field validated on its own. */
export function sectionsOf(raw: unknown): Sections {
  const root = record(raw);
  const cluster = record(root?.cluster);
  const network = record(cluster?.network);
  const pools = Array.isArray(root?.nodePools) ? (root.nodePools as unknown[]) : [];
  return {
    network: network ? lenient(networkSchema, network) : undefined,
    kubernetesVersion: kubernetesVersion.safeParse(cluster?.kubernetesVersion, ONCE).data,
    pools: pools.flatMap((candidate, index) => {
      const pool = record(candidate);
      return pool ? [{ index, pool: lenient(poolSchema, pool) }] : [];
    }),
  };
}

function lenient<T>(schema: z.ZodObject, raw: Record<string, unknown>): Section<T> {
  const value: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const parsed = field.safeParse(raw[key], ONCE);
    if (parsed.success && parsed.data !== undefined) value[key] = parsed.data;
  }
  const written = new Set(Object.keys(raw).filter((key) => raw[key] !== undefined));
  return { value: value as Partial<T>, written };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
