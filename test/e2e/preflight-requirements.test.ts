/**
 * Today's account requirements are checked before anything is sent: ACK activated and its
 * service roles authorised (the autoscaler's when a pool autoscales). Refused with exit 2, at
 * the profile line that needs the role, with how to grant it; no mutating call.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { defaultWorld } from '../../src/emulator/world.js';
import { mutating, startCloud, type TestCloud } from './harness.js';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

describe('preflight: account requirements', () => {
  it('an autoscaling pool without the autoscaler role authorised: exit 2 at its autoscaling line, nothing created', async () => {
    const world = defaultWorld('2024-03');
    world.account = { ackActivated: true, ungrantedServiceRoles: ['AliyunCSManagedAutoScalerRole'] };
    cloud = await startCloud({ world });
    const result = await cloud.run(['create', '-f', 'profiles/autoscaling.yaml', '--yes']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/profiles\/autoscaling\.yaml:32:\d+.*ACK service role AliyunCSManagedAutoScalerRole \(needed by the autoscaler of pool "[^"]+"\) is not authorised/);
    expect(result.stderr).toContain('Cloud resource access authorization');
    expect((await cloud.calls()).some((c) => c.action === 'CheckServiceRole')).toBe(true);
    expect(mutating(await cloud.calls())).toEqual([]);
  });

  it('ACK not activated: exit 2 saying how to activate it, nothing created', async () => {
    const world = defaultWorld();
    world.account = { ackActivated: false, ungrantedServiceRoles: [] };
    cloud = await startCloud({ world });
    const result = await cloud.run(['create', '-f', 'profiles/quickstart.yaml', '--yes']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('Container Service for Kubernetes is not activated for this account');
    expect(result.stderr).toContain('OpenAckService');
    expect(mutating(await cloud.calls())).toEqual([]);
  });
});
