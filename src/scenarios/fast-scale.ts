import * as z from 'zod';
import type { Issue, ProfilePath } from '../profile/issues.js';
import type { Profile } from '../profile/schema.js';
import { kubernetesMinor, poolsOf, poolsOfDraft, samePath, violation } from './support.js';
import { fastScaleKey } from './options.js';
import type { Scenario } from './types.js';

export { SCAN_INTERVALS } from './options.js';
/** goatscaler (instant node scaling) needs Kubernetes 1.24 or newer. */
export const GOATSCALER_MIN_MINOR = 24;

/**
 * scan_interval on the wire: bare seconds as a string ("30"), as the CreateAutoscalingConfig
 * reference and the SDK model document it ("Valid values: 15, 30, 60, 120, 180, and 300.
 * Unit: seconds."). The Terraform provider's example "30s" predates that list. One place to change.
 */
export const scanIntervalWire = (seconds: number): string => String(seconds);


type Options = z.output<typeof fastScaleKey.options>;

export const fastScale: Scenario<Options> = {
  ...fastScaleKey,
  title: 'Fast node autoscaling',
  seedSection: '3.3',
  summary: 'Node pools scale out automatically under load; AliyunLinux2 nodes boot 29% faster than CentOS 7.',
  today: 'unchanged: the cluster autoscaler (goatscaler needs 1.24+)',
  sets: [
    'the cluster autoscaler (CreateAutoscalingConfig: scaler_type, scan_interval, expander, scale_down_enabled), after the cluster exists',
    'pools with autoscaling get auto_scaling {enable, min_instances, max_instances, type}',
  ],
  requires: [
    'the pool (pool level) or at least one pool (cluster level) has autoscaling: { min, max }',
    `scalerType goatscaler: Kubernetes 1.${GOATSCALER_MIN_MINOR} or newer`,
    'one set of options: the autoscaler is cluster-wide',
    'the RAM role AliyunCSManagedAutoScalerRole in the account (checked online)',
  ],
  requirements(use, profile) {
    const issues: Issue[] = [];
    if (use.scope === 'pool') {
      for (const [index, pool] of poolsOf(use, profile)) {
        if (pool.autoscaling) continue;
        const at: ProfilePath = pool.desiredSize !== undefined ? ['nodePools', index, 'desiredSize'] : ['nodePools', index, 'autoscaling'];
        issues.push(
          ...violation(use, 'fastScale', at, 'needs an autoscaling pool, but this pool has a fixed size',
            'replace desiredSize with autoscaling: { min: 1, max: 10 }'),
        );
      }
      const first = firstPoolUse(profile);
      if (!profile.scenarios.fastScale && first && !samePath(first.path, use.path) && !sameOptions(first.options, use.options)) {
        issues.push(
          ...violation(use, 'fastScale', use.path, `options differ from nodePools[${first.index}].scenarios.fastScale, but the autoscaler is one per cluster`,
            'set the options once under the top-level scenarios.fastScale, and use {} in pools'),
        );
      }
    } else if (!profile.nodePools.some((pool) => pool.autoscaling)) {
      issues.push(
        ...violation(use, 'fastScale', use.path, 'no node pool has autoscaling, so there is nothing to scale',
          'give at least one pool autoscaling: { min: 1, max: 10 } instead of desiredSize'),
      );
    }
    const minor = kubernetesMinor(profile.cluster.kubernetesVersion);
    if (use.options.scalerType === 'goatscaler' && minor !== undefined && minor < GOATSCALER_MIN_MINOR) {
      issues.push(
        ...violation(use, 'fastScale', ['cluster', 'kubernetesVersion'], `scalerType goatscaler needs Kubernetes 1.${GOATSCALER_MIN_MINOR} or newer`,
          'use scalerType: cluster-autoscaler, or a newer kubernetesVersion'),
      );
    }
    return issues;
  },
  transform(use, draft) {
    // Cluster-level uses are applied first, so their options win; pool-level uses agree (see requirements).
    if (!draft.autoscaler) {
      draft.autoscaler = {
        body: {
          scaler_type: use.options.scalerType,
          scan_interval: scanIntervalWire(use.options.scanIntervalSeconds),
          expander: use.options.expander,
          scale_down_enabled: use.options.scaleDownEnabled,
        },
        tunings: new Set(),
      };
    }
    draft.autoscaler.tunings.add('fastScale');
    for (const pool of poolsOfDraft(use, draft)) if (pool.body.auto_scaling) pool.tunings.add('fastScale');
  },
};

function firstPoolUse(profile: Profile): { index: number; path: ProfilePath; options: unknown } | undefined {
  for (const [index, pool] of profile.nodePools.entries()) {
    const options = pool.scenarios.fastScale;
    if (options) return { index, path: ['nodePools', index, 'scenarios', 'fastScale'], options };
  }
  return undefined;
}

function sameOptions(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
