import { describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
import { fastScale } from '../../src/scenarios/fast-scale.js';
import { scenarioRequirements } from '../../src/scenarios/index.js';
import { field, op } from '../plan/helpers.js';
import { makeProfile, pool } from './profiles.js';

const scaling = (overrides: Parameters<typeof pool>[0] = {}) => pool({ name: 'burst', desiredSize: undefined, autoscaling: { min: 0, max: 50 }, ...overrides });

describe('fastScale', () => {
  it('plans the cluster autoscaler after the cluster, in parallel with the pools', () => {
    const plan = planProfile(makeProfile({ scenarios: { fastScale: {} }, pools: [pool(), scaling()] }));
    expect(op(plan, 'autoscaler')).toEqual({
      id: 'autoscaler',
      api: 'CreateAutoscalingConfig',
      method: 'POST',
      path: '/cluster/{cluster_id}/autoscale/config/',
      body: { expander: 'least-waste', scale_down_enabled: true, scaler_type: 'goatscaler', scan_interval: '15' },
      dependsOn: ['cluster'],
    });
    expect(op(plan, 'nodepool/burst').dependsOn).toEqual(['cluster']);
  });

  it('passes its options through', () => {
    const plan = planProfile(
      makeProfile({
        scenarios: { fastScale: { scalerType: 'cluster-autoscaler', scanIntervalSeconds: 60, expander: 'priority', scaleDownEnabled: false } },
        pools: [scaling()],
      }),
    );
    expect(op(plan, 'autoscaler').body).toEqual({ expander: 'priority', scale_down_enabled: false, scaler_type: 'cluster-autoscaler', scan_interval: '60' });
  });

  it('gives autoscaling pools auto_scaling and no desired size', () => {
    const body = op(planProfile(makeProfile({ scenarios: { fastScale: {} }, pools: [scaling({ autoscaling: { min: 1, max: 20, type: 'spot' } })] })), 'nodepool/burst').body;
    expect(field(body, 'auto_scaling')).toEqual({ enable: true, min_instances: 1, max_instances: 20, type: 'spot' });
    expect(field(body, 'scaling_group.desired_size')).toBeUndefined();
  });

  it('adds no autoscaler when off, even with autoscaling pools', () => {
    expect(planProfile(makeProfile({ pools: [scaling()] })).operations.map((o) => o.id)).toEqual(['cluster', 'nodepool/burst']);
  });

  it('takes the cluster-level options over pool-level ones', () => {
    const plan = planProfile(makeProfile({ scenarios: { fastScale: { scanIntervalSeconds: 30 } }, pools: [scaling({ scenarios: { fastScale: { scanIntervalSeconds: 120 } } })] }));
    expect(field(op(plan, 'autoscaler').body, 'scan_interval')).toBe('30');
  });

  it('only accepts the scan intervals the API does', () => {
    expect(fastScale.options.safeParse({ scanIntervalSeconds: 20 }).success).toBe(false);
    expect(fastScale.options.safeParse({ scanIntervalSeconds: 300 }).success).toBe(true);
  });

  it('needs an autoscaling pool somewhere when cluster-wide', () => {
    expect(scenarioRequirements(makeProfile({ scenarios: { fastScale: {} } }))).toEqual([
      {
        severity: 'error',
        path: ['scenarios', 'fastScale'],
        message: 'fastScale: no node pool has autoscaling, so there is nothing to scale',
        hint: 'give at least one pool autoscaling: { min: 1, max: 10 } instead of desiredSize',
      },
    ]);
    expect(scenarioRequirements(makeProfile({ scenarios: { fastScale: {} }, pools: [pool(), scaling()] }))).toEqual([]);
  });

  it('needs its own pool to autoscale when pool-level, located at desiredSize', () => {
    const hint = 'replace desiredSize with autoscaling: { min: 1, max: 10 }';
    expect(scenarioRequirements(makeProfile({ pools: [pool({ scenarios: { fastScale: {} } })] }))).toEqual([
      { severity: 'error', path: ['nodePools', 0, 'desiredSize'], message: 'fastScale: needs an autoscaling pool, but this pool has a fixed size', hint },
      {
        severity: 'error',
        path: ['nodePools', 0, 'scenarios', 'fastScale'],
        message: 'fastScale: needs an autoscaling pool, but this pool has a fixed size (at nodePools[0].desiredSize)',
        hint,
      },
    ]);
  });

  it('refuses pool-level uses that disagree, since the autoscaler is cluster-wide', () => {
    const profile = makeProfile({
      pools: [scaling({ scenarios: { fastScale: {} } }), scaling({ name: 'more', scenarios: { fastScale: { expander: 'random' } } })],
    });
    expect(scenarioRequirements(profile)).toEqual([
      {
        severity: 'error',
        path: ['nodePools', 1, 'scenarios', 'fastScale'],
        message: 'fastScale: options differ from nodePools[0].scenarios.fastScale, but the autoscaler is one per cluster',
        hint: 'set the options once under the top-level scenarios.fastScale, and use {} in pools',
      },
    ]);
  });

  it('needs Kubernetes 1.24+ for goatscaler', () => {
    const [issue] = scenarioRequirements(makeProfile({ cluster: { kubernetesVersion: '1.22' }, scenarios: { fastScale: {} }, pools: [scaling()] }));
    expect(issue).toEqual({
      severity: 'error',
      path: ['cluster', 'kubernetesVersion'],
      message: 'fastScale: scalerType goatscaler needs Kubernetes 1.24 or newer',
      hint: 'use scalerType: cluster-autoscaler, or a newer kubernetesVersion',
    });
    expect(scenarioRequirements(makeProfile({ cluster: { kubernetesVersion: '1.22' }, scenarios: { fastScale: { scalerType: 'cluster-autoscaler' } }, pools: [scaling()] }))).toEqual([]);
  });
});
