/**
 * The emulator's in-place changes through the official ACK client: transitions (updating,
 * upgrading, deleting), rollouts batch by batch on a stepped clock, and ACK's refusals (a busy
 * pool, a version that is not the next minor, an unknown image, a pool that still has nodes).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { apiError, clients, clusterRequest, cs, poolRequest, runningCluster, steppedEmulator, TODAY, waitTask, WORLD, type SteppedClock, type CsClient } from './helpers.js';

const AL2_OLD = 'aliyun_2_1903_x64_20G_alibase_20240326.vhd';

describe('ACK in-place changes', () => {
  let emulator: RunningEmulator;
  let ack: CsClient;
  let clock: SteppedClock;
  let clusterId: string;
  beforeAll(async () => {
    ({ emulator, clock } = await steppedEmulator());
    ({ cs: ack } = clients(emulator));
    clusterId = await runningCluster(ack, 'lifecycle', clock);
  });
  afterAll(() => emulator.close());

  async function pool(name: string, size: number, imageId: string = WORLD.al2Newest): Promise<string> {
    const created = await ack.createClusterNodePool(clusterId, poolRequest(name, size, { imageId }));
    await waitTask(ack, created.body!.taskId!, clock);
    return created.body!.nodepoolId!;
  }
  const images = async (poolId: string) =>
    (await ack.describeClusterNodes(clusterId, new cs.DescribeClusterNodesRequest({ nodepoolId: poolId, pageSize: '100' }))).body!.nodes!.map((n) => n.imageId);

  it('UpgradeClusterNodepool replaces nodes batch by batch (max_parallelism), refuses changes meanwhile, and sets the image at the end', async () => {
    const poolId = await pool('roll', 4, AL2_OLD);
    const started = await ack.upgradeClusterNodepool(
      clusterId,
      poolId,
      new cs.UpgradeClusterNodepoolRequest({ imageId: WORLD.al2Newest, useReplace: true, rollingPolicy: new cs.UpgradeClusterNodepoolRequestRollingPolicy({ maxParallelism: 2 }) }),
    );
    expect((await ack.describeClusterNodePoolDetail(clusterId, poolId)).body?.status?.state).toBe('upgrading');
    const busy = await apiError(ack.modifyNodePoolNodeConfig(clusterId, poolId, new cs.ModifyNodePoolNodeConfigRequest({ kubeletConfig: new cs.KubeletConfig({ maxPods: 64 }) })));
    expect(busy).toMatchObject({ code: 'ErrorNodePoolState', statusCode: 400 });
    expect(await images(poolId)).toEqual([AL2_OLD, AL2_OLD, AL2_OLD, AL2_OLD]);
    clock.advance(2000); // one batch
    expect((await images(poolId)).filter((i) => i === WORLD.al2Newest)).toHaveLength(2);
    const task = await waitTask(ack, started.body!.taskId!, clock);
    expect(task).toMatchObject({ state: 'success', taskType: 'nodepool_upgrade' });
    expect(await images(poolId)).toEqual(Array(4).fill(WORLD.al2Newest));
    const detail = (await ack.describeClusterNodePoolDetail(clusterId, poolId)).body!;
    expect(detail.status?.state).toBe('active');
    expect(detail.scalingGroup?.imageId).toBe(WORLD.al2Newest);
  });

  it('UpgradeClusterNodepool to another OS takes that OS as the pool image type; unknown images are refused', async () => {
    const poolId = await pool('os', 1);
    const bad = await apiError(ack.upgradeClusterNodepool(clusterId, poolId, new cs.UpgradeClusterNodepoolRequest({ imageId: 'aliyun_9_nope.vhd' })));
    expect(bad).toMatchObject({ code: 'ErrorImageNotFound' });
    const started = await ack.upgradeClusterNodepool(clusterId, poolId, new cs.UpgradeClusterNodepoolRequest({ imageId: WORLD.al3Newest, useReplace: true }));
    await waitTask(ack, started.body!.taskId!, clock);
    expect((await ack.describeClusterNodePoolDetail(clusterId, poolId)).body?.scalingGroup).toMatchObject({ imageId: WORLD.al3Newest, imageType: 'AliyunLinux3' });
  });

  it('ModifyNodePoolNodeConfig: updating, then the kubelet settings are in the pool detail', async () => {
    const poolId = await pool('kubelet', 1);
    const changed = await ack.modifyNodePoolNodeConfig(clusterId, poolId, new cs.ModifyNodePoolNodeConfigRequest({ kubeletConfig: new cs.KubeletConfig({ maxPods: 64 }) }));
    expect((await ack.describeClusterNodePoolDetail(clusterId, poolId)).body?.status?.state).toBe('updating');
    await waitTask(ack, changed.body!.taskId!, clock);
    const detail = (await ack.describeClusterNodePoolDetail(clusterId, poolId)).body!;
    expect(detail.status?.state).toBe('active');
    expect(detail.nodeConfig?.kubeletConfiguration?.maxPods).toBe(64);
  });

  it('DeleteClusterNodepool refuses a pool with nodes unless forced, then drains it away', async () => {
    const poolId = await pool('doomed', 2);
    const refused = await apiError(ack.deleteClusterNodepool(clusterId, poolId, new cs.DeleteClusterNodepoolRequest({})));
    expect(refused).toMatchObject({ code: 'ErrorNodePoolState' });
    const deleted = await ack.deleteClusterNodepool(clusterId, poolId, new cs.DeleteClusterNodepoolRequest({ force: true }));
    expect((await ack.describeClusterNodePoolDetail(clusterId, poolId)).body?.status?.state).toBe('deleting');
    await waitTask(ack, deleted.body!.taskId!, clock);
    expect(await apiError(ack.describeClusterNodePoolDetail(clusterId, poolId))).toMatchObject({ code: 'ErrorNodePoolNotFound' });
  });

  it('ModifyClusterTags replaces the whole tag list (a full update, as ACK documents it)', async () => {
    const before = (await ack.describeClusterDetail(clusterId)).body!.tags!;
    expect(before).toContainEqual(expect.objectContaining({ key: 'ackl2.io/profile' }));
    await ack.modifyClusterTags(clusterId, new cs.ModifyClusterTagsRequest({ body: [new cs.Tag({ key: 'team', value: 'shop' })] }));
    const tags = (await ack.describeClusterDetail(clusterId)).body!.tags!;
    expect(tags.map((t) => [t.key, t.value])).toEqual([['team', 'shop']]);
    const profileTag = before.find((t) => t.key === 'ackl2.io/profile')!;
    await ack.modifyClusterTags(clusterId, new cs.ModifyClusterTagsRequest({ body: [new cs.Tag({ key: profileTag.key, value: profileTag.value }), new cs.Tag({ key: 'team', value: 'data' })] }));
    expect((await ack.describeClusterDetail(clusterId)).body!.tags!.map((t) => [t.key, t.value])).toEqual([
      ['ackl2.io/profile', profileTag.value],
      ['team', 'data'],
    ]);
  });

  it('UpgradeCluster steps over minors ACK never offered: on 2024-03 (even minors only) 1.26 goes straight to 1.28', async () => {
    const created = await ack.createCluster(clusterRequest({ name: 'even-minors', kubernetesVersion: '1.26.3-aliyun.1' }));
    await waitTask(ack, created.body!.taskId!, clock);
    const started = await ack.upgradeCluster(created.body!.clusterId!, new cs.UpgradeClusterRequest({ nextVersion: '1.28.9-aliyun.1' }));
    await waitTask(ack, started.body!.taskId!, clock);
    expect((await ack.describeClusterDetail(created.body!.clusterId!)).body).toMatchObject({ state: 'running', currentVersion: '1.28.9-aliyun.1' });
  });

  it('UpgradeCluster goes one minor at a time to a version ACK offers, through upgrading', async () => {
    // Catalogue 2026-11 offers consecutive minors (1.34, 1.35, 1.36); 2024-03 (this file's world) has no newer one.
    const today = await steppedEmulator({ catalogue: TODAY.catalogue });
    try {
      const { cs: todayAck } = clients(today.emulator);
      const created = await todayAck.createCluster(clusterRequest({ name: 'upgrade', kubernetesVersion: TODAY.sandboxedVersion }));
      const id = created.body!.clusterId!;
      await waitTask(todayAck, created.body!.taskId!, today.clock);
      const unknown = await apiError(todayAck.upgradeCluster(id, new cs.UpgradeClusterRequest({ nextVersion: '1.99.1-aliyun.1' })));
      expect(unknown).toMatchObject({ code: 'ErrorKubernetesVersionNotSupported' });
      expect(unknown.message).toContain('is not a version ACK offers');
      const current = (await todayAck.describeClusterDetail(id)).body!.currentVersion!;
      expect(current).toBe('1.34.1-aliyun.1');
      const same = await apiError(todayAck.upgradeCluster(id, new cs.UpgradeClusterRequest({ nextVersion: current })));
      expect(same.message).toContain('not newer');
      const skipping = await apiError(todayAck.upgradeCluster(id, new cs.UpgradeClusterRequest({ nextVersion: '1.36.1-aliyun.1' })));
      expect(skipping.message).toContain('one minor version at a time');
      const started = await todayAck.upgradeCluster(id, new cs.UpgradeClusterRequest({ nextVersion: TODAY.version }));
      expect((await todayAck.describeClusterDetail(id)).body?.state).toBe('upgrading');
      await waitTask(todayAck, started.body!.taskId!, today.clock);
      const detail = (await todayAck.describeClusterDetail(id)).body!;
      expect(detail).toMatchObject({ state: 'running', currentVersion: TODAY.version });
    } finally {
      await today.emulator.close();
    }
  });
});
