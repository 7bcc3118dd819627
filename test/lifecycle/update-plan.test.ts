import { describe, expect, it } from 'vitest';
import type { ClusterDetail, NodePoolSummary } from '../../src/cloud/types.js';
import type { DiffReport, FieldDiff, ResourceDiff } from '../../src/lifecycle/differ.js';
import { hasUpdates, planUpdates } from '../../src/lifecycle/update-plan.js';
import { planProfile } from '../../src/plan/index.js';
import { makeProfile, pool } from '../scenarios/profiles.js';

const differs = (field: string, change: FieldDiff['change']): FieldDiff => ({ field, want: 'w', have: 'h', status: 'differs', change });
const livePool = (overrides: Partial<NodePoolSummary> = {}): NodePoolSummary => ({
  nodepoolId: 'np-web',
  name: 'web',
  state: 'active',
  desiredSize: 1,
  nodes: { total: 1, healthy: 1, serving: 1, initial: 0, failed: 0, removing: 0 },
  instanceTypes: [],
  vswitchIds: [],
  tags: [{ key: 'other-tool', value: 'keep' }],
  ...overrides,
});
const report = (resources: ResourceDiff[]): DiffReport => ({ profile: 'unit', region: 'cn-hangzhou', resources, differs: true, unverifiable: 0 });
const poolResource = (fields: FieldDiff[]): ResourceDiff => ({ id: 'nodepool/web', kind: 'nodepool', name: 'web', liveId: 'np-web', action: 'update', fields });

describe('planUpdates', () => {
  const profile = makeProfile({ pools: [pool({ desiredSize: 3, labels: { tier: 'web' }, kubelet: { maxPods: 64 }, rollingPolicy: { maxUnavailable: 3 } })] });
  const plan = planProfile(profile);

  it('puts every field ModifyClusterNodePool changes into one body, the kubelet into ModifyNodePoolNodeConfig, and keeps tags other tools set', () => {
    const fields = [differs('desiredSize', 'modify-pool'), differs('labels', 'modify-pool'), differs('tags', 'modify-pool'), differs('kubelet.maxPods', 'kubelet')];
    const updates = planUpdates(report([poolResource(fields)]), plan, profile, { cluster: undefined, pools: [livePool()] });
    const web = updates.pools[0]!;
    expect(web.modify).toMatchObject({ scaling_group: { desired_size: 3 }, kubernetes_config: { labels: [{ key: 'tier', value: 'web' }] }, update_nodes: true });
    expect((web.modify!.scaling_group as any).tags).toContainEqual({ key: 'other-tool', value: 'keep' });
    expect(web.nodeConfig).toEqual({ kubelet_config: { maxPods: 64 }, rolling_policy: { max_parallelism: 3 } });
    expect(web.upgrade).toBeUndefined();
  });

  it('sends drifted OS parameters with the kubelet in one ModifyNodePoolNodeConfig, at most 10 nodes a batch', () => {
    const tuned = makeProfile({ pools: [pool({ kubelet: { maxPods: 64 }, sysctls: { 'net.core.somaxconn': 32768 }, rollingPolicy: { maxUnavailable: 20 } })] });
    const fields = [differs('kubelet.maxPods', 'kubelet'), differs('osParameters.net.core.somaxconn', 'os-parameters')];
    const web = planUpdates(report([poolResource(fields)]), planProfile(tuned), tuned, { cluster: undefined, pools: [livePool()] }).pools[0]!;
    expect(web.nodeConfig).toEqual({ kubelet_config: { maxPods: 64 }, os_config: { sysctl: { 'net.core.somaxconn': '32768' } }, rolling_policy: { max_parallelism: 10 } });
    expect(web.changes).toContain('osParameters.net.core.somaxconn: h -> w');
    const onlyOs = planUpdates(report([poolResource([fields[1]!])]), planProfile(tuned), tuned, { cluster: undefined, pools: [livePool()] }).pools[0]!;
    expect(onlyOs.nodeConfig).toEqual({ os_config: { sysctl: { 'net.core.somaxconn': '32768' } }, rolling_policy: { max_parallelism: 10 } });
  });

  it('rolls a new image or OS with UpgradeClusterNodepool by system-disk replacement, maxUnavailable at a time', () => {
    const updates = planUpdates(report([poolResource([differs('image.os', 'replace-os'), differs('image.id', 'upgrade-pool')])]), plan, profile, { cluster: undefined, pools: [livePool()] });
    expect(updates.pools[0]!.upgrade).toEqual({ image_id: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd', use_replace: true, rolling_policy: { max_parallelism: 3 } });
    expect(updates.pools[0]!.modify).toBeUndefined();
  });

  it('an OS change without a pinned image is left to the user with the way forward, not guessed', () => {
    const unpinned = makeProfile({ pools: [pool({ image: { os: 'AliyunLinux3' } })] });
    const updates = planUpdates(report([poolResource([differs('image.os', 'replace-os')])]), planProfile(unpinned), unpinned, { cluster: undefined, pools: [livePool()] });
    expect(updates.pools).toEqual([]);
    expect(updates.manual.join('\n')).toContain('ackl2 pin');
  });

  it('lists what no API changes in place, and live pools the profile does not name', () => {
    const extra: ResourceDiff = { id: 'nodepool/old', kind: 'nodepool', name: 'old', liveId: 'np-old', action: 'unmanaged', fields: [] };
    const updates = planUpdates(report([poolResource([differs('runtime', 'none')]), extra]), plan, profile, { cluster: undefined, pools: [livePool()] });
    expect(hasUpdates(updates)).toBe(false);
    expect(updates.manual).toEqual([expect.stringContaining('nodepool/web runtime')]);
    expect(updates.unmanaged).toEqual([{ pool: 'old', nodepoolId: 'np-old' }]);
  });

  it('cluster: ModifyCluster for protection and the public endpoint, ModifyClusterTags, UpgradeCluster for the version', () => {
    const cluster: ResourceDiff = {
      id: 'cluster', kind: 'cluster', name: 'unit', liveId: 'c1', action: 'update',
      fields: [differs('deletionProtection', 'modify-cluster'), differs('apiServer.publicAccess', 'modify-cluster'), differs('tags', 'cluster-tags'), differs('kubernetesVersion', 'upgrade-cluster')],
    };
    const updates = planUpdates(report([cluster]), plan, profile, { cluster: undefined, pools: [] });
    expect(updates.cluster).toEqual({
      clusterId: 'c1',
      modify: { deletion_protection: true, api_server_eip: false },
      tags: [{ key: 'ackl2.io/profile', value: 'unit' }],
      upgradeTo: '1.30.7-aliyun.1',
    });
  });
  describe('live tags the profile does not name (liveOnlyTags)', () => {
    const liveCluster: ClusterDetail = {
      clusterId: 'c1',
      name: 'unit',
      state: 'running',
      vswitchIds: [],
      metaData: {},
      tags: [
        { key: 'ackl2.io/profile', value: 'unit' },
        { key: 'cost-center', value: 'finance' },
        { key: 'acs:system', value: 'ack' },
      ],
    };
    const clusterWith = (fields: FieldDiff[]): ResourceDiff => ({ id: 'cluster', kind: 'cluster', name: 'unit', liveId: 'c1', action: 'update', fields });
    const liveOnly = (change: FieldDiff['change']): FieldDiff => ({ field: 'liveOnlyTags', want: '{}', have: '{"cost-center":"finance"}', status: 'differs', change });

    it('a tag change sends the whole list (ModifyClusterTags replaces it) and keeps the tags other tools set; Alibaba Cloud\'s own are not sent', () => {
      const updates = planUpdates(report([clusterWith([differs('tags', 'cluster-tags')])]), plan, profile, { cluster: liveCluster, pools: [] });
      expect(updates.cluster?.tags).toEqual([
        { key: 'ackl2.io/profile', value: 'unit' },
        { key: 'cost-center', value: 'finance' },
      ]);
    });

    it('without --prune they stay: no call, a sentence that says so and how to remove them', () => {
      const updates = planUpdates(report([clusterWith([liveOnly('cluster-tags')]), poolResource([liveOnly('modify-pool')])]), plan, profile, { cluster: liveCluster, pools: [livePool()] });
      expect(hasUpdates(updates)).toBe(false);
      expect(updates.kept).toEqual([
        'cluster tags {"cost-center":"finance"}: live, not in the profile; kept (apply --prune removes them)',
        'nodepool/web tags {"cost-center":"finance"}: live, not in the profile; kept (apply --prune removes them)',
      ]);
    });

    it('with --prune they are removed, Alibaba Cloud\'s own tags (acs:, aliyun) aside', () => {
      const pool = livePool({ tags: [{ key: 'other-tool', value: 'x' }, { key: 'aliyun-managed', value: 'y' }] });
      const updates = planUpdates(report([clusterWith([liveOnly('cluster-tags')]), poolResource([liveOnly('modify-pool')])]), plan, profile, { cluster: liveCluster, pools: [pool] }, { prune: true });
      expect(updates.kept).toEqual([]);
      expect(updates.cluster?.tags).toEqual([{ key: 'ackl2.io/profile', value: 'unit' }]);
      const tags = (updates.pools[0]!.modify!.scaling_group as any).tags as { key: string }[];
      expect(tags.map((t) => t.key)).toContain('aliyun-managed');
      expect(tags.map((t) => t.key)).not.toContain('other-tool');
      expect(updates.pools[0]!.changes).toEqual([expect.stringContaining('liveOnlyTags')]);
    });
  });
});
