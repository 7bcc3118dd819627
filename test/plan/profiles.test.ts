import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeProfile, listReadyMadeProfiles } from '../../src/commands/profiles.js';
import { builtinProfilesDir } from '../../src/paths.js';
import { planProfileDetailed } from '../../src/plan/index.js';
import { loadProfile } from '../../src/profile/load.js';
import type { Profile } from '../../src/profile/schema.js';
import { poolAcceptsPinnedImage, scenarioRequirements } from '../../src/scenarios/index.js';

const REPO = new URL('../../', import.meta.url).pathname;

/** The emulator's default world (shared facts of the project). */
const WORLD = {
  region: 'cn-hangzhou',
  vpc: 'vpc-bp1ackl2demo0001',
  nodeVswitchZone: { 'vsw-bp1nodeh00001': 'h', 'vsw-bp1nodei00002': 'i', 'vsw-bp1nodej00003': 'j' } as Record<string, string>,
  podVswitchZone: { 'vsw-bp1podh000004': 'h', 'vsw-bp1podi000005': 'i' } as Record<string, string>,
  keyPair: 'ackl2-demo',
  typeZones: {
    'ecs.g7.xlarge': 'hij',
    'ecs.g7.2xlarge': 'hij',
    'ecs.c7.xlarge': 'hij',
    'ecs.r7.xlarge': 'hij',
    'ecs.g6.xlarge': 'hi',
    'ecs.ebmg7.32xlarge': 'hi',
    'ecs.ebmc7.48xlarge': 'hi',
    'ecs.gn7i-c8g1.2xlarge': 'hi',
    'ecs.gn6v-c8g1.2xlarge': 'h',
  } as Record<string, string>,
  newestAliyunLinux2: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd',
  versions: { '1.28.15-aliyun.1': ['AliyunLinux2', 'AliyunLinux3'], '1.30.7-aliyun.1': ['AliyunLinux2', 'AliyunLinux3'], '1.31.9-aliyun.1': ['AliyunLinux3'] } as Record<string, string[]>,
  spareInstances: ['i-bp1spare000001', 'i-bp1spare000002', 'i-bp1spare000003', 'i-bp1spare000004', 'i-bp1spare000005', 'i-bp1spare000006'],
};

const COMPLETE = ['ai-training', 'autoscaling', 'colocated-qos', 'quickstart', 'sandboxed', 'web'];
const load = async (file: string) => loadProfile(file, { cwd: REPO });

async function loadAll(): Promise<Array<[string, Profile]>> {
  return Promise.all(COMPLETE.map(async (name) => [name, (await load(`profiles/${name}.yaml`)).profile] as [string, Profile]));
}

describe('the ready-made profiles', () => {
  it('are the quickstart, one per scenario family, and a partial base', async () => {
    const listed = await listReadyMadeProfiles(builtinProfilesDir());
    expect(listed.map((p) => [p.name, p.kind])).toEqual([
      ['ai-training', 'profile'],
      ['autoscaling', 'profile'],
      ['base', 'base'],
      ['colocated-qos', 'profile'],
      ['quickstart', 'profile'],
      ['sandboxed', 'profile'],
      ['web', 'profile'],
    ]);
    for (const profile of listed) expect(profile.description, profile.name).toMatch(/^[A-Z][^:]+: .{20,}$/);
    expect(listed.filter((p) => p.extends.includes('builtin:base')).map((p) => p.name)).toEqual(['ai-training', 'autoscaling', 'colocated-qos', 'sandboxed', 'web']);
  });

  it.each(COMPLETE)('%s validates with nothing but the expected warnings, and plans', async (name) => {
    const loaded = await load(`profiles/${name}.yaml`);
    for (const warning of loaded.warnings) {
      expect(warning.severity).toBe('warning');
      expect(warning.message).toMatch(/past standard support|no pinned image\.id|manual step|does not turn memory QoS on|installs ack-node-local-dns only/);
    }
    expect(scenarioRequirements(loaded.profile).filter((issue) => issue.severity === 'error')).toEqual([]);
    const { plan } = planProfileDetailed(loaded.profile);
    expect(plan.operations[0]?.id).toBe('cluster');
  });

  it('switch on every scenario of the catalogue between them, each family its own', async () => {
    const all = await loadAll();
    const used = (name: string) => {
      const profile = all.find(([n]) => n === name)![1];
      return new Set([...Object.keys(profile.scenarios), ...profile.nodePools.flatMap((p) => Object.keys(p.scenarios))]);
    };
    expect([...used('web')].sort()).toEqual(['bbr', 'dnsConntrack']);
    expect(used('sandboxed').has('sandboxed')).toBe(true);
    expect(used('autoscaling').has('fastScale')).toBe(true);
    expect([...used('ai-training')].sort()).toEqual(['bfqIo', 'dataAcceleration']);
    expect([...used('colocated-qos')].sort()).toEqual(['podSysctls', 'resourceQos']);
    expect([...used('quickstart')]).toEqual(['bbr']);
  });

  it('use only ids of the emulator world, in zones that offer their instance types', async () => {
    for (const [name, profile] of await loadAll()) {
      const network = profile.cluster.network;
      expect(profile.metadata.region, name).toBe(WORLD.region);
      expect(network.vpcId, name).toBe(WORLD.vpc);
      const nodeZones = network.vswitchIds.map((id) => WORLD.nodeVswitchZone[id]);
      expect(nodeZones, name).not.toContain(undefined);
      if (network.plugin === 'terway') {
        const podZones = (network.podVswitchIds ?? []).map((id) => WORLD.podVswitchZone[id]);
        expect(podZones, name).not.toContain(undefined);
        for (const zone of nodeZones) expect(podZones, `${name}: a pod vSwitch in zone ${zone}`).toContain(zone);
      }
      const os = new Set(profile.nodePools.map((p) => p.image.os));
      for (const family of os) expect(WORLD.versions[profile.cluster.kubernetesVersion], name).toContain(family);
      for (const pool of profile.nodePools) {
        expect(pool.login.keyPair, `${name}/${pool.name}`).toBe(WORLD.keyPair);
        for (const vswitch of pool.vswitchIds ?? network.vswitchIds) {
          const zone = WORLD.nodeVswitchZone[vswitch];
          expect(zone, `${name}/${pool.name} ${vswitch}`).toBeDefined();
          for (const type of pool.instanceTypes) expect(WORLD.typeZones[type] ?? '', `${name}/${pool.name}: ${type} in zone ${zone}`).toContain(zone);
        }
      }
    }
  });

  it('pin the newest AliyunLinux2 image, except the quickstart (which shows how) and sandboxed pools', async () => {
    for (const [name, profile] of await loadAll()) {
      profile.nodePools.forEach((pool, index) => {
        const expected = name === 'quickstart' || !poolAcceptsPinnedImage(profile.nodePools[index]!) ? undefined : WORLD.newestAliyunLinux2;
        expect(pool.image.id, `${name}/${pool.name}`).toBe(expected);
      });
    }
    const quickstart = readFileSync(join(REPO, 'profiles/quickstart.yaml'), 'utf8');
    expect(quickstart).toContain('ackl2 pin -f profiles/quickstart.yaml');
    expect(quickstart).toContain(`# id: ${WORLD.newestAliyunLinux2}`);
  });

  it('have distinct cluster names and join distinct spare instances', async () => {
    const all = await loadAll();
    const names = all.map(([, p]) => p.metadata.name);
    expect(new Set(names).size).toBe(names.length);
    const joined = all.flatMap(([, p]) => p.nodePools.flatMap((pool) => pool.join?.instanceIds ?? []));
    expect(new Set(joined).size).toBe(joined.length);
    for (const id of joined) expect(WORLD.spareInstances).toContain(id);
    expect(joined.length).toBeGreaterThan(0);
  });

  it('generate pre-join scripts that pass sh -n', async () => {
    let scripts = 0;
    for (const [name, profile] of await loadAll()) {
      for (const [id, detail] of planProfileDetailed(profile).details) {
        if (detail.script === undefined) continue;
        scripts++;
        const result = spawnSync('dash', ['-n'], { input: detail.script, encoding: 'utf8' });
        expect(result.stderr, `${name} ${id}`).toBe('');
        expect(result.status).toBe(0);
      }
    }
    expect(scripts).toBeGreaterThanOrEqual(8);
  });

  it('include an eight-pool fixture for the create benchmark', async () => {
    const { profile } = await load('test/fixtures/bench/eight-pools.yaml');
    const { plan } = planProfileDetailed(profile);
    expect(plan.operations.filter((o) => o.api === 'CreateClusterNodePool')).toHaveLength(8);
    expect(plan.operations.filter((o) => o.dependsOn.includes('cluster'))).toHaveLength(8);
  });
});

describe('describeProfile', () => {
  it('takes the first comment line that is not an editor modeline, and tells bases from profiles', () => {
    const text = '# yaml-language-server: $schema=x.json\n#\n# Small: a tiny one.\n# more words\napiVersion: ackl2/v1\nmetadata: { name: x }\nnodePools: [{ name: a, scenarios: { bbr: {} } }]\nscenarios: { bfqIo: {} }\n';
    expect(describeProfile('/p/small.yaml', text)).toEqual({
      name: 'small',
      path: '/p/small.yaml',
      description: 'Small: a tiny one.',
      kind: 'profile',
      scenarios: ['bfqIo', 'bbr'],
      extends: [],
    });
    expect(describeProfile('/p/b.yaml', 'apiVersion: ackl2/v1\nkind: ClusterProfileBase\nextends: [builtin:base]\n')).toMatchObject({ description: '', kind: 'base', extends: ['builtin:base'] });
    // The kind says it, not the look of the file: a short profile that extends a base is a profile.
    expect(describeProfile('/p/c.yaml', 'apiVersion: ackl2/v1\nkind: ClusterProfile\nextends: [builtin:base]\n').kind).toBe('profile');
  });
});
