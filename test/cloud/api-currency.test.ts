/**
 * No request ackl2 can send uses a decommissioned ACK API or a deprecated request parameter
 * (src/catalog/api-currency.ts): every body the planner makes for every ready-made and
 * fixture profile, and every gateway method, called once against the emulator and read back
 * from its call log.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decommissionedApi, decommissionedRoute, deprecatedParametersIn, DEPRECATED_PARAMETERS, DECOMMISSIONED_APIS } from '../../src/catalog/api-currency.js';
import type { CloudSession } from '../../src/cloud/session.js';
import { openCloudSession } from '../../src/commands/online.js';
import type { AckGateway, EcsGateway, VpcGateway } from '../../src/cloud/types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { planProfile } from '../../src/plan/index.js';
import { loadProfile } from '../../src/profile/load.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { memoryContext } from '../helpers/context.js';

/**
 * Deprecated parameters the planner still sends, each for a stated reason. `pod_vswitch_ids`
 * (Terway's pod vSwitches on CreateCluster): SDK 7.2.0 marks it deprecated without naming a
 * replacement, and none was found in ACK's documentation; reported, not silently dropped.
 * The test below fails once it is no longer sent, so this list cannot go stale.
 */
const KNOWN_GAPS = new Set(['CreateCluster pod_vswitch_ids']);

const profileFiles = [
  ...readdirSync(join(REPO_ROOT, 'profiles')).filter((f) => f.endsWith('.yaml')).map((f) => `profiles/${f}`),
  ...readdirSync(join(REPO_ROOT, 'test/fixtures/valid')).filter((f) => f.endsWith('.yaml')).map((f) => `test/fixtures/valid/${f}`),
  'test/fixtures/bench/eight-pools.yaml',
];

describe('api currency: the planner', () => {
  it('the module lists the six decommissioned actions and the deprecated parameters of four actions, each with a source', () => {
    expect(DECOMMISSIONED_APIS.map((a) => a.action).sort()).toEqual(
      ['CancelClusterUpgrade', 'DescribeClusters', 'DescribeClustersV1', 'GetUpgradeStatus', 'PauseClusterUpgrade', 'ResumeUpgradeCluster'].sort(),
    );
    expect(new Set(DEPRECATED_PARAMETERS.map((p) => p.action))).toEqual(new Set(['CreateCluster', 'ModifyCluster', 'UpgradeCluster']));
    expect(DEPRECATED_PARAMETERS.every((p) => p.source.title.length > 0 && p.source.updated.length > 0)).toBe(true);
    expect(deprecatedParametersIn('CreateCluster', { worker_instance_types: ['ecs.g7.xlarge'], name: 'x' }).map((p) => p.replacement)).toEqual([
      'nodepools[] / CreateClusterNodePool scaling_group.instance_types',
    ]);
    expect(deprecatedParametersIn('UpgradeCluster', { rolling_policy: { max_parallelism: 2 } }).map((p) => p.parameter)).toEqual(['rolling_policy', 'rolling_policy.max_parallelism']);
    expect(decommissionedRoute('GET', '/api/v2/clusters/c123/upgrade/status/')?.action).toBe('GetUpgradeStatus');
    expect(decommissionedRoute('GET', '/regions/cn-hangzhou/clusters')).toBeUndefined();
  });

  it.each(profileFiles)('%s: no decommissioned API and no deprecated parameter in any planned body', async (file) => {
    const loaded = await loadProfile(file, { cwd: REPO_ROOT });
    const plan = planProfile(loaded.profile);
    expect(plan.operations.length).toBeGreaterThan(0);
    const found: string[] = [];
    for (const op of plan.operations) {
      if (decommissionedApi(op.api)) found.push(`${op.id}: ${op.api} is decommissioned`);
      for (const row of deprecatedParametersIn(op.api, op.body)) {
        if (!KNOWN_GAPS.has(`${op.api} ${row.parameter}`)) found.push(`${op.id}: ${op.api} ${row.parameter} is deprecated (use ${row.replacement ?? 'nothing'})`);
      }
    }
    expect(found).toEqual([]);
  });

  it('every known gap is still real (remove it from KNOWN_GAPS once the planner stops sending it)', async () => {
    const sent = new Set<string>();
    for (const file of profileFiles) {
      const plan = planProfile((await loadProfile(file, { cwd: REPO_ROOT })).profile);
      for (const op of plan.operations) for (const row of deprecatedParametersIn(op.api, op.body)) sent.add(`${op.api} ${row.parameter}`);
    }
    for (const gap of KNOWN_GAPS) expect(sent).toContain(gap);
  });
});

describe('api currency: the gateways', () => {
  let emulator: RunningEmulator;
  let session: CloudSession;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    emulator = await startEmulator({ speed: 50, seed: 11 });
    for (const key of ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_ECS_METADATA_DISABLED']) saved[key] = process.env[key];
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = emulator.accessKeyId;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = emulator.accessKeySecret;
    process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
    session = await openCloudSession(memoryContext({ endpoint: emulator.endpoint }).ctx, { region: 'cn-hangzhou' });
  });

  afterAll(async () => {
    await session?.close();
    await emulator?.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('every method of every gateway, called once, reaches only current actions', async () => {
    const plan = planProfile((await loadProfile('profiles/quickstart.yaml', { cwd: REPO_ROOT })).profile);
    const body = (api: string) => plan.operations.find((o) => o.api === api)?.body ?? {};
    const cid = 'c0123456789abcdef0123456789abcdef';
    const np = 'np0123456789abcdef0123456789abcd';
    type Calls<G> = { [K in Exclude<keyof G, 'region'>]: (g: G) => Promise<unknown> };
    const ack: Calls<AckGateway> = {
      createCluster: (g) => g.createCluster(body('CreateCluster')),
      createClusterNodePool: (g) => g.createClusterNodePool(cid, body('CreateClusterNodePool')),
      attachInstancesToNodePool: (g) => g.attachInstancesToNodePool(cid, np, { instances: ['i-none'] }),
      createAutoscalingConfig: (g) => g.createAutoscalingConfig(cid, {}),
      modifyClusterNodePool: (g) => g.modifyClusterNodePool(cid, np, { scaling_group: { desired_size: 1 } }),
      deleteCluster: (g) => g.deleteCluster(cid),
      describeTaskInfo: (g) => g.describeTaskInfo('T-000000000000000000000000'),
      describeClusterTasks: (g) => g.describeClusterTasks(cid),
      describeClustersForRegion: (g) => g.describeClustersForRegion({ name: 'x' }),
      describeClusterDetail: (g) => g.describeClusterDetail(cid),
      describeClusterNodePools: (g) => g.describeClusterNodePools(cid),
      describeClusterNodePoolDetail: (g) => g.describeClusterNodePoolDetail(cid, np),
      describeNodePoolSysctls: (g) => g.describeNodePoolSysctls(cid, np),
      describeClusterNodes: (g) => g.describeClusterNodes(cid),
      describeClusterUserKubeconfig: (g) => g.describeClusterUserKubeconfig(cid),
      describeKubernetesVersionMetadata: (g) => g.describeKubernetesVersionMetadata({ clusterType: 'ManagedKubernetes' }),
      checkServiceRoles: (g) => g.checkServiceRoles(['AliyunCSDefaultRole']),
      repairClusterNodePool: (g) => g.repairClusterNodePool(cid, np, ['node-1']),
      modifyCluster: (g) => g.modifyCluster(cid, { deletion_protection: false }),
      modifyClusterTags: (g) => g.modifyClusterTags(cid, [{ key: 'team', value: 'x' }]),
      modifyNodePoolNodeConfig: (g) => g.modifyNodePoolNodeConfig(cid, np, { kubelet_config: { maxPods: 64 } }),
      deleteClusterNodepool: (g) => g.deleteClusterNodepool(cid, np, { force: true }),
      upgradeCluster: (g) => g.upgradeCluster(cid, { next_version: '1.31.9-aliyun.1' }),
      upgradeClusterNodepool: (g) => g.upgradeClusterNodepool(cid, np, { image_id: 'aliyun_3_x64_20G_alibase_20240819.vhd' }),
    };
    const ecs: Calls<EcsGateway> = {
      describeRegions: (g) => g.describeRegions(),
      describeAvailableInstanceTypes: (g) => g.describeAvailableInstanceTypes(),
      describeImages: (g) => g.describeImages({ imageOwnerAlias: 'system' }),
      describeKeyPairs: (g) => g.describeKeyPairs(),
      describeInstances: (g) => g.describeInstances({ instanceIds: ['i-none'] }),
      describeInstanceTypes: (g) => g.describeInstanceTypes(['ecs.g7.xlarge']),
    };
    const vpc: Calls<VpcGateway> = {
      describeVpcs: (g) => g.describeVpcs(),
      describeVSwitches: (g) => g.describeVSwitches(),
    };
    const tables: [string, Record<string, unknown>, Record<string, (g: never) => Promise<unknown>>][] = [
      ['ack', session.ack as unknown as Record<string, unknown>, ack],
      ['ecs', session.ecs as unknown as Record<string, unknown>, ecs],
      ['vpc', session.vpc as unknown as Record<string, unknown>, vpc],
    ];
    for (const [name, gateway, table] of tables) {
      const methods = Object.keys(gateway).filter((k) => typeof gateway[k] === 'function').sort();
      expect(methods, `every ${name} gateway method is in this test's table`).toEqual(Object.keys(table).sort());
      for (const call of Object.values(table)) await (call as (g: unknown) => Promise<unknown>)(gateway).catch(() => undefined);
    }
    const calls = emulator.calls();
    const actions = new Set(calls.map((c) => c.action));
    expect(actions.size).toBeGreaterThanOrEqual(Object.keys(ack).length + Object.keys(ecs).length + Object.keys(vpc).length - 1);
    const stale = calls.filter((c) => decommissionedApi(c.action) || decommissionedRoute(c.method, c.path)).map((c) => `${c.method} ${c.path} (${c.action})`);
    expect(stale).toEqual([]);
    expect(calls.filter((c) => c.action === 'DescribeVpcs' || c.action === 'DescribeVSwitches').every((c) => c.service === 'vpc')).toBe(true);
  });
});
