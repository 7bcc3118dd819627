/** Instances to join: one in another cluster is refused, one in the profile's own cluster is not. */

import { describe, expect, it } from 'vitest';
import { instanceProblems } from '../../src/apply/preflight-checks/join.js';
import type { Instance } from '../../src/cloud/types.js';

const running = (instanceId: string, clusterId?: string): Instance => ({ instanceId, status: 'Running', vpcId: 'vpc-main0001', clusterId, tags: [] });

describe('instanceProblems', () => {
  const found = new Map([
    ['i-ours0001', running('i-ours0001', 'c-same-name')],
    ['i-taken0001', running('i-taken0001', 'c-other')],
  ]);

  it('accepts an instance in a cluster named like the profile (a concurrent run made it) and refuses one in any other cluster', () => {
    const problems = instanceProblems(['i-ours0001', 'i-taken0001'], found, { region: 'cn-hangzhou', vpcId: 'vpc-main0001', clusterId: undefined, ownClusterIds: new Set(['c-same-name']) });
    expect([...problems.keys()]).toEqual(['i-taken0001']);
    expect(problems.get('i-taken0001')?.message).toBe('ECS instance i-taken0001 already belongs to cluster c-other');
  });

  it('without that knowledge both are refused', () => {
    const problems = instanceProblems(['i-ours0001', 'i-taken0001'], found, { region: 'cn-hangzhou', vpcId: 'vpc-main0001', clusterId: undefined });
    expect([...problems.keys()].sort()).toEqual(['i-ours0001', 'i-taken0001']);
  });
});
