/**
 * Join at scale: a pool whose join.instanceIds names 2,000 spare instances (the emulator's
 * spareInstances option) is created with every instance attached, in calls of at most 100
 * instances (AttachInstancesToNodePool's limit), with one result per instance; a rerun attaches nothing.
 */

import { afterEach, expect, it } from 'vitest';
import { spareInstanceId } from '../../src/emulator/spare-instances.js';
import { jsonOf, mutating, startCloud, writeProfile, type TestCloud } from './harness.js';

const COUNT = 2000;
const ids = Array.from({ length: COUNT }, (_, i) => spareInstanceId(i + 1));
const PROFILE = `apiVersion: ackl2/v1
kind: ClusterProfile
extends: [builtin:base]
metadata: { name: big-join }
cluster: { deletionProtection: false }
nodePools:
  - name: default
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
    join:
      instanceIds: [${ids.join(', ')}]
`;

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

it('attaches 2,000 instances in batches of at most 100, reporting each; a rerun attaches nothing', async () => {
  cloud = await startCloud({ spareInstances: COUNT });
  const file = writeProfile(PROFILE, 'big-join.yaml');
  const run = await cloud.run(['create', '-f', file, '--yes', '--output', 'json'], { timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(0);
  const doc = jsonOf(run);
  expect(doc.joined).toHaveLength(COUNT);
  expect(doc.joined.every((j: { result: string }) => j.result === 'attached')).toBe(true);
  const attaches = (await cloud.calls()).filter((c) => c.action === 'AttachInstancesToNodePool' && c.status < 300);
  expect(attaches).toHaveLength(COUNT / 100);
  const state = cloud.emulator.state();
  const joined = Object.values(state.nodes).filter((n) => n.instanceId.startsWith('i-bp1fleet'));
  expect(new Set(joined.map((n) => n.instanceId)).size).toBe(COUNT);

  await cloud.clearCalls();
  const again = await cloud.run(['create', '-f', file, '--yes', '--output', 'json'], { timeoutMs: 120_000 });
  expect(again.code, again.stderr).toBe(0);
  expect(mutating(await cloud.calls())).toEqual([]);
}, 240_000);
