import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeProfile, listReadyMadeProfiles } from '../../src/commands/profiles.js';
import { builtinProfilesDir } from '../../src/paths.js';
import { planProfileDetailed } from '../../src/plan/index.js';
import { loadProfile } from '../../src/profile/load.js';
import { getCatalogue, listCatalogues } from '../../src/catalog/index.js';
import { imageTypeFor } from '../../src/plan/bodies.js';
import { compareVersions } from '../../src/versions.js';
import { loadForMigration } from '../../src/migrate/load.js';
import type { OsFamily, Profile } from '../../src/profile/schema.js';
import { scenarioSuccessors } from '../../src/migrate/target.js';
import { CATALOGUE, poolAcceptsPinnedImage, scenarioRequirements } from '../../src/scenarios/index.js';

const REPO = new URL('../../', import.meta.url).pathname;

/** The emulator's world topology (the same in every catalogue). */
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
  spareInstances: ['i-bp1spare000001', 'i-bp1spare000002', 'i-bp1spare000003', 'i-bp1spare000004', 'i-bp1spare000005', 'i-bp1spare000006'],
};

/** The Alibaba Cloud Linux 2 profiles (catalogue 2024-03); each has a sibling NAME-alinux3 for today's ACK (2026-11). */
const AL2 = ['ai-training', 'autoscaling', 'colocated-qos', 'quickstart', 'sandboxed', 'web'];
const AL3 = AL2.map((name) => `${name}-alinux3`);
const COMPLETE = [...AL2, ...AL3];
const CATALOGUE_OF: Record<string, string> = Object.fromEntries([...AL2.map((n) => [n, '2024-03']), ...AL3.map((n) => [n, '2026-11'])]);
const load = async (file: string) => loadProfile(file, { cwd: REPO });

async function loadAll(names = COMPLETE): Promise<Array<[string, Profile]>> {
  return Promise.all(names.map(async (name) => [name, (await load(`profiles/${name}.yaml`)).profile] as [string, Profile]));
}

/** The newest x86_64 image of an image type in a catalogue, straight from its data. */
function newestImage(catalogue: string, imageType: string): string {
  const images = getCatalogue(catalogue).images.filter((i) => i.ackImageType === imageType && (i.architecture ?? 'x86_64') === 'x86_64');
  return [...images].sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0]!.id;
}

describe('the ready-made profiles', () => {
  it('are the quickstart, one per scenario family, each with its AliyunLinux3 sibling, and a partial base; listed with OS and catalogue', async () => {
    const listed = await listReadyMadeProfiles(builtinProfilesDir());
    expect(listed.map((p) => p.name)).toEqual([...COMPLETE, 'base'].sort());
    for (const profile of listed) {
      expect(profile.description, profile.name).toMatch(/^[A-Z][^:]+: .{20,}$/);
      if (profile.kind === 'base') continue;
      expect(profile.kind, profile.name).toBe('profile');
      expect([profile.name, profile.os, profile.catalogue]).toEqual([profile.name, [AL2.includes(profile.name) ? 'AliyunLinux2' : 'AliyunLinux3'], CATALOGUE_OF[profile.name]]);
    }
    expect(listed.find((p) => p.name === 'base')).toMatchObject({ kind: 'base', os: [] });
    expect(listed.filter((p) => p.extends.includes('builtin:base')).map((p) => p.name)).toEqual(['ai-training', 'autoscaling', 'colocated-qos', 'sandboxed', 'web']);
    for (const name of AL2) expect(listed.find((p) => p.name === `${name}-alinux3`)!.extends, name).toEqual([`${name}.yaml`]);
  });

  it.each(COMPLETE)('%s validates with nothing but the expected warnings, and plans', async (name) => {
    const loaded = await load(`profiles/${name}.yaml`);
    for (const warning of loaded.warnings) {
      expect(warning.severity).toBe('warning');
      expect(`${warning.message} (${warning.hint})`).toMatch(/reached its end of life|not in today's ACK offer|no pinned image\.id|manual step/);
    }
    expect(scenarioRequirements(loaded.profile).filter((i) => i.severity === 'error')).toEqual([]);
    const { plan } = planProfileDetailed(loaded.profile);
    expect(plan.operations[0]?.id).toBe('cluster');
  });

  it('each fit one catalogue: its exact version offers every pool\'s OS, its pinned ids are that catalogue\'s newest', async () => {
    for (const [name, profile] of await loadAll()) {
      const catalogue = getCatalogue(CATALOGUE_OF[name]!);
      const typeOf = (os: OsFamily) => imageTypeFor(os, profile.cluster.kubernetesVersion);
      const imageTypes = [...new Set(profile.nodePools.map((p) => typeOf(p.image.os)))];
      const version = catalogue.versions.find((v) => v.version === profile.cluster.kubernetesVersion);
      expect(version, `${name}: ${profile.cluster.kubernetesVersion} in ${catalogue.name}`).toBeDefined();
      for (const type of imageTypes) expect(version!.imageTypes, name).toContain(type);
      const other = listCatalogues().filter((c) => c.name !== catalogue.name);
      for (const c of other) expect(c.versions.some((v) => v.version === profile.cluster.kubernetesVersion && imageTypes.every((t) => v.imageTypes.includes(t))), `${name} fits ${c.name} too`).toBe(false);
      if (profile.nodePools.some((p) => !poolAcceptsPinnedImage(p))) expect(version!.runtimes.map((r) => r.name), name).toContain('Sandboxed-Container.runv');
      profile.nodePools.forEach((pool) => {
        const expected = name.startsWith('quickstart') || !poolAcceptsPinnedImage(pool) ? undefined : newestImage(catalogue.name, typeOf(pool.image.os));
        expect(pool.image.id, `${name}/${pool.name}`).toBe(expected);
      });
    }
    const quickstart = readFileSync(join(REPO, 'profiles/quickstart.yaml'), 'utf8');
    expect(quickstart).toContain('ackl2 pin -f profiles/quickstart.yaml');
    expect(quickstart).toContain(`# id: ${newestImage('2024-03', 'AliyunLinux')}`);
  });

  it('AliyunLinux3 siblings are the AliyunLinux2 profiles with only the OS, image, version, kube-proxy mode (and successors) changed', async () => {
    for (const name of AL2) {
      const old = (await load(`profiles/${name}.yaml`)).profile;
      const sibling = (await load(`profiles/${name}-alinux3.yaml`)).profile;
      // successors of former scenario names are compared by the scenario test above
      const successors = new Set(Object.values(scenarioSuccessors()));
      const scenarios = (p: Profile) => Object.fromEntries(Object.entries(p.scenarios).filter(([id]) => !successors.has(id)));
      const cluster = (p: Profile) => ({ ...p.cluster, kubernetesVersion: undefined, network: { ...p.cluster.network, proxyMode: undefined } });
      const strip = (p: Profile) => ({ ...p, scenarios: scenarios(p), cluster: cluster(p), nodePools: p.nodePools.map((pool) => ({ ...pool, image: undefined })) });
      expect(strip(sibling), name).toEqual(strip(old));
      for (const pool of sibling.nodePools) expect(pool.image.os, `${name}/${pool.name}`).toBe('AliyunLinux3');
      for (const pool of sibling.nodePools) expect(pool.image.acknowledgeEndOfLife, `${name}/${pool.name}`).toBeUndefined();
      for (const pool of old.nodePools) expect(pool.image.acknowledgeEndOfLife, `${name}/${pool.name}`).toBe(true);
      // kube-proxy's IPVS mode is deprecated from 1.35: a profile that writes it moves to iptables there, the rest keeps its mode
      const written = (await loadForMigration(`profiles/${name}.yaml`, REPO)).input.written as { cluster?: { network?: { proxyMode?: string } } };
      const deprecated = written.cluster?.network?.proxyMode === 'ipvs' && compareVersions(sibling.cluster.kubernetesVersion, '1.35') >= 0;
      expect(sibling.cluster.network.proxyMode, name).toBe(deprecated ? 'iptables' : old.cluster.network.proxyMode);
    }
  });

  it('switch on every scenario of the catalogue between them, each family its own; siblings carry every one over or map it', async () => {
    const all = await loadAll();
    const used = (name: string) => {
      const profile = all.find(([n]) => n === name)![1];
      return new Set([...Object.keys(profile.scenarios), ...profile.nodePools.flatMap((p) => Object.keys(p.scenarios))]);
    };
    // AliyunLinux2 (4.19) cannot run DataPath V2, the successor of the article's IPVlan: only the sibling has it
    expect([...used('web')].sort()).toEqual(['bbr', 'dnsConntrack']);
    expect([...used('web-alinux3')].sort()).toEqual(['bbr', 'dnsConntrack', 'terwayDataPathV2']);
    expect(used('sandboxed').has('sandboxed')).toBe(true);
    expect(used('autoscaling').has('fastScale')).toBe(true);
    expect([...used('ai-training')].sort()).toEqual(['bfqIo', 'dataAcceleration']);
    expect([...used('colocated-qos')].sort()).toEqual(['podSysctls', 'resourceQos']);
    expect([...used('quickstart')]).toEqual(['bbr']);
    const successors = scenarioSuccessors();
    for (const name of AL2) {
      const mapped = [...used(name)].map((id) => successors[id] ?? id);
      for (const id of mapped) expect(used(`${name}-alinux3`).has(id), `${name}-alinux3 has ${id}`).toBe(true);
    }
    expect(new Set(all.flatMap(([n]) => [...used(n)]))).toEqual(new Set(CATALOGUE.map((s) => s.id)));
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

  it('have distinct cluster names and join distinct spare instances', async () => {
    // one world (catalogue) each: a sibling keeps its profile's cluster name
    const all = await loadAll(AL2);
    const names = all.map(([, p]) => p.metadata.name);
    expect(new Set(names).size).toBe(names.length);
    expect((await loadAll(AL3)).map(([, p]) => p.metadata.name)).toEqual(names);
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
