import { describe, expect, it } from 'vitest';
import type { ClusterDetail, NodePoolSummary } from '../../src/cloud/types.js';
import { diffProfile, versionMatches, type DiffReport } from '../../src/lifecycle/differ.js';
import { SCRIPT_HASH_TAG_KEY, scriptHash } from '../../src/lifecycle/script-hash.js';
import { planProfile } from '../../src/plan/index.js';
import { onlyPruneSettles } from '../../src/lifecycle/render.js';
import type { JsonObject, Plan } from '../../src/plan/types.js';
import { makeProfile, pool } from '../scenarios/profiles.js';

/** What ACK answers for a cluster created from this plan. */
function liveCluster(plan: Plan): ClusterDetail {
  const body = plan.operations.find((o) => o.id === 'cluster')!.body;
  return {
    clusterId: 'c1',
    name: plan.profile,
    state: 'running',
    currentVersion: String(body.kubernetes_version),
    vswitchIds: [],
    deletionProtection: body.deletion_protection === true,
    tags: (body.tags as JsonObject[]).map((t) => ({ key: String(t.key), value: String(t.value) })),
    masterUrl: JSON.stringify(body.endpoint_public_access ? { api_server_endpoint: 'https://1.2.3.4:6443' } : { intranet_api_server_endpoint: 'https://10.0.0.1:6443' }),
    metaData: { Addons: (body.addons as JsonObject[]).map((a) => ({ name: a.name })) },
  };
}

/** What ACK answers for a pool created from this plan (the SDK's view of it). */
function livePool(plan: Plan, name: string): NodePoolSummary {
  const body = plan.operations.find((o) => o.id === `nodepool/${name}`)!.body;
  const sg = body.scaling_group as JsonObject;
  const k8s = body.kubernetes_config as JsonObject;
  const auto = body.auto_scaling as JsonObject | undefined;
  const tags = (sg.tags as JsonObject[]).map((t) => ({ key: String(t.key), value: String(t.value) }));
  return {
    nodepoolId: `np-${name}`,
    name,
    state: 'active',
    desiredSize: auto ? undefined : (sg.desired_size as number),
    autoScaling: auto ? { enabled: true, min: auto.min_instances as number, max: auto.max_instances as number } : { enabled: false },
    nodes: { total: 2, healthy: 2, serving: 2, initial: 0, failed: 0, removing: 0 },
    instanceTypes: sg.instance_types as string[],
    vswitchIds: sg.vswitch_ids as string[],
    imageId: sg.image_id as string,
    imageType: sg.image_type as string,
    tags,
    spec: {
      systemDisk: { category: sg.system_disk_category as string, sizeGiB: sg.system_disk_size as number },
      dataDisks: [],
      keyPair: sg.key_pair as string,
      labels: ((k8s.labels ?? []) as JsonObject[]).map((t) => ({ key: String(t.key), value: String(t.value) })),
      taints: ((k8s.taints ?? []) as JsonObject[]).map((t) => ({ key: String(t.key), value: t.value as string | undefined, effect: t.effect as string })),
      runtime: k8s.runtime as string,
      kubeletVersion: String(plan.operations.find((o) => o.id === 'cluster')!.body.kubernetes_version),
      kubelet: (body.node_config as JsonObject | undefined)?.kubelet_configuration as Record<string, unknown> | undefined,
    },
  };
}

const differing = (report: DiffReport) => report.resources.flatMap((r) => r.fields.filter((f) => f.status === 'differs').map((f) => `${r.id} ${f.field}`));
const unverifiable = (report: DiffReport) => report.resources.flatMap((r) => r.fields.filter((f) => f.status === 'unverifiable').map((f) => `${r.id} ${f.field}`));

describe('diffProfile', () => {
  const profile = makeProfile({ tags: { team: 'shop' }, scenarios: { bbr: {} }, pools: [pool({ labels: { tier: 'web' }, kubelet: { maxPods: 64 } })] });
  const plan = planProfile(profile);

  it('finds nothing to change when the cloud is what the plan made, and checks every field it names', () => {
    const report = diffProfile(plan, { cluster: liveCluster(plan), pools: [livePool(plan, 'web')] });
    expect(differing(report)).toEqual([]);
    expect(unverifiable(report)).toEqual([]);
    expect(report.differs).toBe(false);
    const fields = report.resources.flatMap((r) => r.fields.map((f) => `${r.id} ${f.field}`));
    expect(fields).toEqual(expect.arrayContaining([
      'cluster kubernetesVersion', 'cluster deletionProtection', 'cluster tags', 'cluster apiServer.publicAccess', 'cluster addons.terway-eniip',
      'nodepool/web desiredSize', 'nodepool/web instanceTypes', 'nodepool/web image.id', 'nodepool/web image.os', 'nodepool/web systemDisk',
      'nodepool/web dataDisks', 'nodepool/web labels', 'nodepool/web taints', 'nodepool/web kubelet.maxPods', 'nodepool/web login.keyPair', 'nodepool/web preJoinScript',
    ]));
  });

  it('names each field that differs, and the change that applies it', () => {
    const cluster = { ...liveCluster(plan), deletionProtection: false, currentVersion: '1.28.9-aliyun.1' };
    const live = livePool(plan, 'web');
    live.desiredSize = 4;
    live.spec!.labels = [{ key: 'tier', value: 'batch' }];
    live.spec!.kubelet = { ...live.spec!.kubelet, maxPods: 110 };
    live.spec!.kubeletVersion = '1.28.9-aliyun.1';
    live.tags = live.tags.map((t) => (t.key === SCRIPT_HASH_TAG_KEY ? { ...t, value: scriptHash(Buffer.from('old').toString('base64')) } : t));
    const report = diffProfile(plan, { cluster, pools: [live] });
    expect(differing(report).sort()).toEqual(['cluster deletionProtection', 'cluster kubernetesVersion', 'nodepool/web desiredSize', 'nodepool/web kubelet.maxPods', 'nodepool/web kubernetesVersion', 'nodepool/web labels', 'nodepool/web preJoinScript']);
    const change = (id: string, name: string) => report.resources.find((r) => r.id === id)!.fields.find((f) => f.field === name)!.change;
    expect(change('cluster', 'kubernetesVersion')).toBe('upgrade-cluster');
    expect(change('cluster', 'deletionProtection')).toBe('modify-cluster');
    expect(change('nodepool/web', 'kubelet.maxPods')).toBe('kubelet');
    expect(change('nodepool/web', 'labels')).toBe('modify-pool');
    expect(change('nodepool/web', 'kubernetesVersion')).toBe('upgrade-pool');
  });

  it('reports a field ACK did not return as unverifiable, never as equal', () => {
    const live = livePool(plan, 'web');
    live.spec = undefined;
    live.tags = live.tags.filter((t) => t.key !== SCRIPT_HASH_TAG_KEY);
    const cluster = { ...liveCluster(plan), masterUrl: undefined, metaData: {} };
    const report = diffProfile(plan, { cluster, pools: [live] });
    expect(unverifiable(report)).toEqual(expect.arrayContaining(['cluster apiServer.publicAccess', 'cluster addons.terway-eniip', 'nodepool/web labels', 'nodepool/web kubelet.maxPods', 'nodepool/web preJoinScript', 'nodepool/web systemDisk']));
    expect(report.unverifiable).toBe(unverifiable(report).length);
  });

  it('sees drift in the node-pool OS parameters, however spaced, and cannot check them when they were not read', () => {
    const tuned = planProfile(makeProfile({ pools: [pool({ sysctls: { 'net.core.somaxconn': 32768, 'net.ipv4.ip_local_port_range': '1024 65000' } })] }));
    const live = livePool(tuned, 'web');
    live.spec = { ...live.spec, osSysctls: { 'net.core.somaxconn': '32768', 'net.ipv4.ip_local_port_range': '1024\t65000' } };
    expect(differing(diffProfile(tuned, { cluster: liveCluster(tuned), pools: [live] }))).toEqual([]);
    live.spec = { ...live.spec, osSysctls: { 'net.core.somaxconn': '4096' } };
    const drifted = diffProfile(tuned, { cluster: liveCluster(tuned), pools: [live] });
    expect(differing(drifted).sort()).toEqual(['nodepool/web osParameters.net.core.somaxconn', 'nodepool/web osParameters.net.ipv4.ip_local_port_range']);
    expect(drifted.resources[1]!.fields.find((f) => f.field === 'osParameters.net.ipv4.ip_local_port_range')).toMatchObject({ have: 'unset', change: 'os-parameters' });
    live.spec = { ...live.spec, osSysctls: undefined };
    expect(unverifiable(diffProfile(tuned, { cluster: liveCluster(tuned), pools: [live] }))).toContain('nodepool/web osParameters.net.core.somaxconn');
  });

  it('plans a missing cluster and missing pools as creations, and reports live pools the profile does not name', () => {
    expect(diffProfile(plan, { cluster: undefined, pools: [] }).resources.map((r) => `${r.id}:${r.action}`)).toEqual(['cluster:create', 'nodepool/web:create']);
    const extra = { ...livePool(plan, 'web'), name: 'old', nodepoolId: 'np-old' };
    const report = diffProfile(plan, { cluster: liveCluster(plan), pools: [livePool(plan, 'web'), extra] });
    expect(report.resources.find((r) => r.id === 'nodepool/old')).toMatchObject({ action: 'unmanaged', liveId: 'np-old' });
    expect(report.differs).toBe(true);
  });

  it('reports live tags the profile does not name as drift (liveOnlyTags), Alibaba Cloud\'s own and the script hash aside', () => {
    const cluster = liveCluster(plan);
    cluster.tags = [...cluster.tags, { key: 'cost-center', value: 'finance' }, { key: 'acs:system', value: 'x' }];
    const live = livePool(plan, 'web');
    expect(live.tags.map((t) => t.key)).toContain(SCRIPT_HASH_TAG_KEY);
    live.tags = [...live.tags, { key: 'aliyun-managed', value: 'y' }];
    const clean = diffProfile(plan, { cluster: liveCluster(plan), pools: [live] });
    expect(differing(clean)).toEqual([]);
    live.tags = [...live.tags, { key: 'owner', value: 'ops' }];
    const report = diffProfile(plan, { cluster, pools: [live] });
    expect(differing(report)).toEqual(['cluster liveOnlyTags', 'nodepool/web liveOnlyTags']);
    const field = (id: string) => report.resources.find((r) => r.id === id)!.fields.find((f) => f.field === 'liveOnlyTags')!;
    expect(field('cluster')).toMatchObject({ want: '{}', have: '{"cost-center":"finance"}', change: 'cluster-tags' });
    expect(field('nodepool/web')).toMatchObject({ have: '{"owner":"ops"}', change: 'modify-pool' });
    expect(report.differs).toBe(true);
    expect(onlyPruneSettles(report)).toBe(true);
    const resized = livePool(plan, 'web');
    resized.desiredSize = 9;
    resized.tags = live.tags;
    expect(onlyPruneSettles(diffProfile(plan, { cluster, pools: [resized] }))).toBe(false);
    expect(onlyPruneSettles(clean)).toBe(false);
  });

  it('compares autoscaling bounds instead of a size for autoscaling pools', () => {
    const auto = planProfile(makeProfile({ pools: [pool({ desiredSize: undefined, autoscaling: { min: 1, max: 5 } })] }));
    const live = livePool(auto, 'web');
    live.autoScaling = { enabled: true, min: 1, max: 3 };
    const report = diffProfile(auto, { cluster: liveCluster(auto), pools: [live] });
    expect(differing(report)).toEqual(['nodepool/web autoscaling']);
  });
});

describe('versionMatches', () => {
  it('matches a minor to its patches and an exact version to itself only', () => {
    expect(versionMatches('1.30', '1.30.7-aliyun.1')).toBe(true);
    expect(versionMatches('1.3', '1.30.7-aliyun.1')).toBe(false);
    expect(versionMatches('1.30.7-aliyun.1', '1.30.7-aliyun.1')).toBe(true);
    expect(versionMatches('1.30.7-aliyun.1', '1.30.8-aliyun.1')).toBe(false);
  });
});
