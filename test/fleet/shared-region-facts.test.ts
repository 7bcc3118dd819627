import { describe, expect, it } from 'vitest';
import { FactsCache } from '../../src/apply/facts-cache.js';
import { preflight } from '../../src/apply/preflight.js';
import { FakeAck, FakeEcs, cloudFailure, fakeCloudProfile } from '../apply/fake-cloud.js';
import type { CommandContext } from '../../src/commands/context.js';
import { SharedSessions } from '../../src/fleet/shared-sessions.js';

const profile = (name: string) => fakeCloudProfile((p) => {
  p.metadata.name = name;
});

const locate = () => ({ file: 'p.yaml', line: 1, col: 1 });

/** Preflight of `count` profiles of one region against one fake account; the actions it sent. */
async function preflightMany(count: number, shared: FactsCache | undefined) {
  const ecs = new FakeEcs();
  const ack = new FakeAck();
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => preflight({ profile: profile(`shop-${i}`), gateways: { ack, ecs, vpc: ecs }, env: {}, locate, sharedFacts: shared })),
  );
  const sent = new Map<string, number>();
  for (const call of [...ack.calls, ...ecs.calls]) sent.set(call.action, (sent.get(call.action) ?? 0) + 1);
  return { results, sent, ecs };
}

const REGION_READS = ['DescribeAvailableResource', 'DescribeVpcs', 'DescribeVSwitches', 'DescribeImages', 'DescribeKeyPairs', 'DescribeKubernetesVersionMetadata', 'CheckServiceRole', 'DescribeInstanceTypes'];

describe('preflight answers shared by the profiles of a fleet run', () => {
  it('reads each region fact once for three profiles, and judges each profile as alone', async () => {
    const alone = await preflightMany(3, undefined);
    const shared = new FactsCache();
    const fleet = await preflightMany(3, shared);
    for (const action of REGION_READS) {
      expect(alone.sent.get(action), action).toBeGreaterThanOrEqual(3);
      expect(fleet.sent.get(action), action).toBe(alone.sent.get(action)! / 3);
    }
    // The instances to join change during a run (other profiles join theirs): read per profile.
    expect(fleet.sent.get('DescribeInstances')).toBe(alone.sent.get('DescribeInstances'));
    expect(fleet.sent.get('DescribeInstances')).toBe(3);
    expect(shared.hits).toBeGreaterThan(0);
    expect(fleet.results).toEqual(alone.results);
  });

  it('forgets a failed read, so the next profile asks again', async () => {
    const shared = new FactsCache();
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(cloudFailure('unavailable', 'ServiceUnavailable'));
    };
    await expect(shared.remember('zones', failing)).rejects.toThrow('ServiceUnavailable');
    await expect(shared.remember('zones', () => Promise.resolve(['cn-hangzhou-h']))).resolves.toEqual(['cn-hangzhou-h']);
    await expect(shared.remember('zones', failing)).resolves.toEqual(['cn-hangzhou-h']);
    expect(calls).toBe(1);
    expect(shared.hits).toBe(1);
  });
});

describe('SharedSessions.factsOf', () => {
  it('gives every profile of a region the same store, and each region its own', () => {
    const sessions = new SharedSessions({} as CommandContext, new AbortController().signal);
    expect(sessions.factsOf('cn-hangzhou')).toBe(sessions.factsOf('cn-hangzhou'));
    expect(sessions.factsOf('cn-shanghai')).not.toBe(sessions.factsOf('cn-hangzhou'));
  });
});
