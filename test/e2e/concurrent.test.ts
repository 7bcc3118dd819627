/**
 * Runs of the same profile at the same time (a CI retry while the first still runs, two
 * people at once) converge: whoever loses a race to create the cluster, a pool or an attach
 * adopts what the winner made; every run succeeds and nothing exists twice.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, startCloud, writeProfile, type TestCloud } from './harness.js';

const PROFILE = `apiVersion: ackl2/v1
kind: ClusterProfile
extends: [builtin:base]
metadata: { name: together }
cluster: { deletionProtection: false }
nodePools:
  - name: web
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
    join: { instanceIds: [i-bp1spare000001, i-bp1spare000002] }
  - name: batch
    instanceTypes: [ecs.c7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
    join: { instanceIds: [i-bp1spare000003] }
    # A pre-join script keeps batch out of CreateCluster's nodepools[]: its own creation races too.
    sysctls: { 'net.ipv4.tcp_slow_start_after_idle': 0 }
`;

describe('concurrent creates of one profile', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startCloud();
  });
  afterAll(() => cloud.close());

  it('three runs at once all succeed with one cluster, each pool once and every instance joined', async () => {
    const file = writeProfile(PROFILE);
    // The first two CreateCluster calls wait 4 s in the emulator before they are handled, so the
    // runs that looked for the cluster in that window all ask to create it: the race is certain,
    // not left to how the three processes happen to be scheduled.
    await cloud.faults('slow@CreateCluster*2,slowMs=4000');
    const runs = await Promise.all([1, 2, 3].map(() => cloud.run(['create', '-f', file, '--yes', '--output', 'json'])));
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(jsonOf(run).ok).toBe(true);
    }
    const state = cloud.emulator.state();
    const clusters = Object.values(state.clusters).filter((c) => c.name === 'together');
    expect(clusters.map((c) => c.state)).toEqual(['running']);
    const pools = Object.values(state.nodePools).filter((p) => p.clusterId === clusters[0]!.id);
    expect(pools.map((p) => `${p.name}:${p.state}`).sort()).toEqual(['batch:active', 'web:active']);
    const poolOf = (instance: string) => pools.find((p) => p.id === state.nodes[instance]?.nodepoolId)?.name;
    expect(['i-bp1spare000001', 'i-bp1spare000002', 'i-bp1spare000003'].map(poolOf)).toEqual(['web', 'web', 'batch']);
    // the race did happen: someone was told "already exists" and adopted instead of failing
    const conflicts = (await cloud.calls()).filter((c) => /AlreadyExist|AlreadyInCluster/.test(c.errorCode ?? ''));
    expect(conflicts.length).toBeGreaterThan(0);
    const accepted = (action: string) => (cloud.emulator.calls().filter((c) => c.action === action && c.status < 300)).length;
    expect(accepted('CreateCluster')).toBe(1);
    // web came inside the one accepted CreateCluster; batch was created once, on its own.
    expect(accepted('CreateClusterNodePool')).toBe(1);
  });
});
