/**
 * resourceQos memoryQos through the built CLI: create merges memory QoS into the cluster's
 * kube-system/ack-slo-config (the emulator plays the API server), with no manual-step warning;
 * a rerun finds it on and writes nothing.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { jsonOf, onePoolProfile, startCloud, writeProfile, type TestCloud } from './harness.js';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

const profileText = `${onePoolProfile('qos-e2e')}scenarios:\n  resourceQos: { memoryQos: true, psi: false }\n`;

function sloConfigOf(c: TestCloud): Record<string, any> | undefined {
  const cluster = Object.values(c.emulator.state().clusters).find((k) => k.name === 'qos-e2e');
  return cluster?.configMaps?.['kube-system/ack-slo-config'];
}

describe('slo-config: memory QoS applied through the cluster API server', () => {
  it('create sets ack-slo-config, warns no manual step, and a rerun changes nothing', async () => {
    cloud = await startCloud();
    const file = writeProfile(profileText);
    // the plan's rendering only (plan as a process: test/plan/cli.e2e.test.ts)
    const plan = await cloud.inProcess(['plan', '-f', file]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('slo-config');
    expect(`${plan.stdout}${plan.stderr}`).not.toMatch(/manual step|does not turn memory QoS on/);

    const first = await cloud.run(['create', '-f', file, '--yes', '--output', 'json']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).not.toMatch(/does not turn memory QoS on/);
    const created = sloConfigOf(cloud);
    expect(created?.metadata.resourceVersion).toBe('1');
    expect(JSON.parse(created?.data['resource-qos-config'])).toEqual({ clusterStrategy: { lsClass: { memoryQOS: { enable: true } }, beClass: { memoryQOS: { enable: true } } } });

    const rerun = await cloud.run(['create', '-f', file, '--yes', '--output', 'json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(jsonOf(rerun).changed).toBe(false);
    expect(sloConfigOf(cloud)?.metadata.resourceVersion).toBe('1');
  });
});
