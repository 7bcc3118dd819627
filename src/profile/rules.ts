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
import { kubernetesVersion, networkSchema, PARSE_ONCE as ONCE, poolSchema, type Profile } from './schema.js';

export type { RuleContext, RuleIssue, Section, Sections } from './rules/types.js';
export { sectionOf } from './rules/types.js';
export { AL2_END_OF_LIFE, AL2_FIRST_UNSUPPORTED_MINOR, AL2_MAINSTREAM_SUPPORT_ENDED } from './rules/versions.js';

const RULES: readonly Rule[] = [networkRules, poolRules, crossPoolRules, versionRules, cgroupV2Rules, kubeProxyRules, osParameterRules, adviceRules];

export function runRules(sections: Sections, ctx: RuleContext): RuleIssue[] {
  return RULES.flatMap((rule) => rule(sections, ctx));
}

/**
 * The sections of a (possibly invalid) plain profile, each field validated on its own.
 * `parsed`: the same profile as the whole schema parsed it, when it did; its fields are the
 * values a field-by-field parse gives, so they are taken from it instead of parsed again.
 */
export function sectionsOf(raw: unknown, parsed?: Profile): Sections {
  const root = record(raw);
  const cluster = record(root?.cluster);
  const network = record(cluster?.network);
  const pools = Array.isArray(root?.nodePools) ? (root.nodePools as unknown[]) : [];
  return {
    network: network ? section(networkSchema, network, parsed?.cluster.network) : undefined,
    kubernetesVersion: parsed ? parsed.cluster.kubernetesVersion : kubernetesVersion.safeParse(cluster?.kubernetesVersion, ONCE).data,
    pools: pools.flatMap((candidate, index) => {
      const pool = record(candidate);
      return pool ? [{ index, pool: section(poolSchema, pool, parsed?.nodePools[index]) }] : [];
    }),
  };
}

/** Every field of `schema` valid on its own: `parsed`'s value of it, or (without `parsed`) the field parsed alone. */
function section<T>(schema: z.ZodObject, raw: Record<string, unknown>, parsed: object | undefined): Section<T> {
  const value: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const data = parsed ? (parsed as Record<string, unknown>)[key] : field.safeParse(raw[key], ONCE).data;
    if (data !== undefined) value[key] = data;
  }
  const written = new Set(Object.keys(raw).filter((key) => raw[key] !== undefined));
  return { value: value as Partial<T>, written };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
