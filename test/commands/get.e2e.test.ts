/**
 * `ackl2 get clusters|nodepools|nodes` through the built CLI against the emulator. Each form is
 * run once as a process (exit code, the stdout/stderr split); its other renderings (the YAML
 * of a JSON document, the same listing by id, a second refusal) run the same bundle in-process.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { callsOf, cs, json, makeCluster, startHarness, WORLD, type Harness, type MadeCluster } from './helpers.js';
import { getClustersResult, getNodepoolsResult, getNodesResult } from '../../src/results/schemas.js';

describe('ackl2 get', () => {
  let h: Harness;
  let shop: MadeCluster;
  let batch: MadeCluster;
  let webPoolId: string;

  beforeAll(async () => {
    h = await startHarness();
    shop = await makeCluster(h.sdk, 'shop-dev', {
      pools: [
        { name: 'web', size: 2, imageId: WORLD.al2Newest },
        // More nodes than one DescribeClusterNodes page (100) holds.
        { name: 'bulk', size: 105 },
      ],
    });
    batch = await makeCluster(h.sdk, 'batch', { deletionProtection: true });
    const pools = (await h.sdk.describeClusterNodePools(shop.clusterId, new cs.DescribeClusterNodePoolsRequest({}))).body!.nodepools!;
    webPoolId = pools.find((p) => p.nodepoolInfo?.name === 'web')!.nodepoolInfo!.nodepoolId!;
  });
  afterAll(() => h.close());

  it('get clusters prints an aligned table with pool and node counts', async () => {
    const r = await h.cli(['get', 'clusters']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ID\s+STATE\s+VERSION\s+REGION\s+POOLS\s+NODES\s+PROTECTED\s+CREATED$/);
    expect(lines).toHaveLength(3);
    const columnStarts = (line: string) => [...line.matchAll(/(?<=^|\s{2})\S/g)].map((m) => m.index);
    // Every row starts its columns where the header does.
    for (const line of lines.slice(1)) expect(columnStarts(line)).toEqual(columnStarts(lines[0]!));
    expect(lines[1]).toMatch(new RegExp(`^batch\\s+${batch.clusterId}\\s+running\\s+${WORLD.version.replace(/\./g, '\\.')}\\s+cn-hangzhou\\s+0\\s+0\\s+yes\\s+\\d{4}-`));
    expect(lines[2]).toMatch(new RegExp(`^shop-dev\\s+${shop.clusterId}\\s+running\\s+${WORLD.version.replace(/\./g, '\\.')}\\s+cn-hangzhou\\s+2\\s+107\\s+no\\s+\\d{4}-`));
  });

  it('get clusters --output json is one document; yaml is the same document', async () => {
    const [asJson, asYaml] = await Promise.all([h.cli(['get', 'clusters', '--output', 'json']), h.inProcess(['get', 'clusters', '-o', 'yaml'])]);
    expect(asJson.code, asJson.stderr).toBe(0);
    const doc = json(asJson);
    expect(doc.region).toBe('cn-hangzhou');
    expect(getClustersResult.safeParse(doc).success).toBe(true);
    expect(doc.clusters.map((c: any) => [c.name, c.id, c.nodePools, c.nodes.total, c.deletionProtection, c.profile])).toEqual([
      ['batch', batch.clusterId, 0, 0, true, 'batch'],
      ['shop-dev', shop.clusterId, 2, 107, false, 'shop-dev'],
    ]);
    expect(Date.parse(doc.clusters[0].created)).not.toBeNaN();
    expect(parseYaml(asYaml.stdout)).toEqual(doc);
  });

  it('get nodepools --cluster NAME lists the pools; by id too', async () => {
    const byName = await h.cli(['get', 'nodepools', '--cluster', 'shop-dev']);
    expect(byName.code, byName.stderr).toBe(0);
    const lines = byName.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ID\s+STATE\s+SIZE\s+NODES\s+INSTANCE TYPES\s+IMAGE$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
      ['web', webPoolId, 'active', '2', '2/2', 'ecs.g7.xlarge', WORLD.al2Newest],
      ['bulk', expect.stringMatching(/^np/), 'active', '105', '105/105', 'ecs.g7.xlarge', expect.stringMatching(/^aliyun_2_1903_x64_/)],
    ]);
    const byId = json(await h.inProcess(['get', 'nodepools', '--cluster', shop.clusterId, '-o', 'json']));
    expect(getNodepoolsResult.safeParse(byId).success).toBe(true);
    expect(byId.cluster).toEqual({ name: 'shop-dev', id: shop.clusterId, state: 'running' });
    expect(byId.nodePools.map((p: any) => [p.name, p.nodes.desired, p.nodes.total])).toEqual([
      ['web', 2, 2],
      ['bulk', 105, 105],
    ]);
  });

  it('get nodes walks every page; --pool narrows by name or id', async () => {
    const all = json(await h.cli(['get', 'nodes', '--cluster', 'shop-dev', '-o', 'json']));
    expect(all.nodes).toHaveLength(107);
    expect(new Set(all.nodes.map((n: any) => n.instanceId)).size).toBe(107);
    expect(getNodesResult.safeParse(all).success).toBe(true);
    const web = all.nodes.filter((n: any) => n.nodePool?.name === 'web');
    expect(web).toHaveLength(2);
    for (const node of web) {
      expect(node).toMatchObject({ nodePool: { name: 'web', id: webPoolId }, state: 'running', instanceType: 'ecs.g7.xlarge', imageId: WORLD.al2Newest });
      expect(node.ipAddresses[0]).toMatch(/^192\.168\./);
    }

    const [byName, byId] = await Promise.all([h.cli(['get', 'nodes', '--cluster', 'shop-dev', '--pool', 'web']), h.inProcess(['get', 'nodes', '--cluster', shop.clusterId, '--pool', webPoolId])]);
    expect(byName.code, byName.stderr).toBe(0);
    expect(byId.stdout).toBe(byName.stdout);
    const lines = byName.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+INSTANCE ID\s+POOL\s+STATE\s+IP\s+TYPE\s+IMAGE$/);
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(1)) expect(line.split(/\s{2,}/)).toEqual([expect.stringMatching(/^cn-hangzhou\./), expect.stringMatching(/^i-/), 'web', 'running', expect.stringMatching(/^192\.168\./), 'ecs.g7.xlarge', WORLD.al2Newest]);
  });

  it('an unknown cluster is a user error naming the clusters that exist, with no call about pools', async () => {
    const poolCalls = callsOf(h.emulator, 'DescribeClusterNodePools');
    const r = await h.cli(['get', 'nodepools', '--cluster', 'shop-de']);
    expect(callsOf(h.emulator, 'DescribeClusterNodePools')).toBe(poolCalls);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: no cluster named "shop-de" in cn-hangzhou');
    expect(r.stderr).toContain('did you mean "shop-dev"?');
    expect(r.stderr).toContain(`batch (${batch.clusterId})`);
    expect(r.stderr).toContain(`shop-dev (${shop.clusterId})`);

    const asJson = await h.inProcess(['get', 'nodes', '--cluster', 'nothing-like-it', '-o', 'json']);
    expect(asJson.code).toBe(2);
    expect(json(asJson)).toMatchObject({ ok: false, error: { type: 'UserError', exitCode: 2, message: 'no cluster named "nothing-like-it" in cn-hangzhou' } });
  });

  it('an unknown pool names the pools; a region without clusters says so', async () => {
    const r = await h.cli(['get', 'nodes', '--cluster', 'shop-dev', '--pool', 'wbe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cluster shop-dev has no node pool "wbe"');
    expect(r.stderr).toContain(`did you mean "web"? node pools: web (${webPoolId})`);

    const empty = await h.inProcess(['get', 'clusters', '--region', 'cn-beijing']);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toBe('no clusters in cn-beijing\n');
  });

  it('a name two clusters share asks for the id', async () => {
    const twin = await makeCluster(h.sdk, 'twin-a');
    const other = await makeCluster(h.sdk, 'twin-b');
    // ModifyCluster renames without a uniqueness check: the way two clusters end up sharing a name.
    await h.sdk.modifyCluster(other.clusterId, new cs.ModifyClusterRequest({ clusterName: 'twin-a' }));
    const r = await h.cli(['get', 'nodepools', '--cluster', 'twin-a']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 clusters in cn-hangzhou are named "twin-a"');
    expect(r.stderr).toContain(twin.clusterId);
    expect(r.stderr).toContain(other.clusterId);
    expect(r.stderr).toContain('pass the cluster id instead of the name');
    const byId = await h.inProcess(['get', 'nodepools', '--cluster', other.clusterId, '-o', 'json']);
    expect(byId.code, byId.stderr).toBe(0);
    expect(json(byId).cluster.id).toBe(other.clusterId);
  });
});
