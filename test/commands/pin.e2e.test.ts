/**
 * `ackl2 pin` through the built CLI: writes the newest image ids and Kubernetes patch in
 * place (only those values change, byte for byte), a rerun is a no-op, `--check` writes
 * nothing and exits 2, inherited values land in the -f file (bases untouched), sandboxed
 * pools stay unpinned, and a bad profile costs no API call.
 */

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWorld } from '../../src/emulator/index.js';
import { runCliInProcess } from '../helpers/cli.js';
import { json, startHarness, type Harness } from './helpers.js';

const AL2_NEWEST = 'aliyun_2_1903_x64_20G_alibase_20240628.vhd';
const AL3_NEWEST = 'aliyun_3_x64_20G_alibase_20240819.vhd';

/**
 * Catalogue 2024-03, where 1.28 gets a newer patch (1.28.15) that no longer offers AliyunLinux
 * (Alibaba Cloud Linux 2), and 1.24 offers only AliyunLinux3: what pin must see through.
 */
function worldWithPatches() {
  const world = defaultWorld('2024-03');
  const like = world.kubernetesVersions.find((v) => v.version === '1.28.9-aliyun.1')!;
  world.kubernetesVersions.push({ ...like, version: '1.28.15-aliyun.1', creatableImageTypes: ['AliyunLinux3', 'ContainerOS'], releaseDate: '2025-03-01T00:00:00Z' });
  world.kubernetesVersions.find((v) => v.version === '1.24.6-aliyun.1')!.creatableImageTypes = ['AliyunLinux3'];
  return world;
}

const NETWORK = `  network:
    vpcId: vpc-bp1ackl2demo0001
    vswitchIds: [vsw-bp1nodeh00001, vsw-bp1nodei00002]      # two zones
    plugin: terway
    podVswitchIds: [vsw-bp1podh000004, vsw-bp1podi000005]
    serviceCidr: 172.21.0.0/20
`;

const SHOP = `# Shop cluster: pinned by \`ackl2 pin\` (comments, quoting and layout must survive).
apiVersion: ackl2/v1
kind: ClusterProfile
metadata:
  name: shop-pin                  # the cluster name
  region: cn-hangzhou
cluster:
  spec: ack.pro.small             # aligned comment
  kubernetesVersion: "1.28"       # a minor: pin writes the newest patch
  deletionProtection: false
${NETWORK}
nodePools:
  # The web tier.
  - name: web
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 2
    image:
      os: AliyunLinux2
      id: aliyun_2_1903_x64_20G_alibase_20231220.vhd   # pinned last year
    login: { keyPair: ackl2-demo }
  - name: batch
    instanceTypes: [ecs.c7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux3 }     # not pinned yet
    login: { keyPair: ackl2-demo }
  - name: tenants                   # sandboxed: ACK picks the image
    instanceTypes: [ecs.ebmg7.32xlarge]
    desiredSize: 1
    image: { os: AliyunLinux3 }
    dataDisks: [{ category: cloud_essd, sizeGiB: 200 }]
    login: { keyPair: ackl2-demo }
    scenarios: { sandboxed: {} }
`;

/** What pin must make of SHOP: exactly three values, nothing else. */
const SHOP_PINNED = SHOP.replace('kubernetesVersion: "1.28"       #', 'kubernetesVersion: "1.28.9-aliyun.1"       #')
  .replace('id: aliyun_2_1903_x64_20G_alibase_20231220.vhd   # pinned last year', `id: ${AL2_NEWEST}   # pinned last year`)
  .replace('image: { os: AliyunLinux3 }     # not pinned yet', `image: { os: AliyunLinux3, id: ${AL3_NEWEST} }     # not pinned yet`);

const BASE = `# Shared base: other profiles build on it.
apiVersion: ackl2/v1
kind: ClusterProfile
metadata:
  region: cn-hangzhou
cluster:
  kubernetesVersion: 1.28.9-aliyun.1
  deletionProtection: false
${NETWORK}nodePools:
  - name: web
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 2
    image:
      os: AliyunLinux2
      id: aliyun_2_1903_x64_20G_alibase_20230704.vhd   # an old pin in the base
    login: { keyPair: ackl2-demo }
  - name: batch
    instanceTypes: [ecs.c7.xlarge]
    desiredSize: 1
    login: { keyPair: ackl2-demo }
`;

const TEAM = `# Team profile on the shared base.
apiVersion: ackl2/v1
kind: ClusterProfile
extends: [./base.yaml]
metadata:
  name: team-a
nodePools:
  - name: batch
    desiredSize: 3                # more batch nodes than the base
`;

describe('ackl2 pin', () => {
  let h: Harness;
  let dir: string;
  const file = (name: string) => join(dir, name);
  const write = (name: string, text: string) => {
    writeFileSync(file(name), text);
    return file(name);
  };
  const read = (name: string) => readFileSync(file(name), 'utf8');
  const pin = (args: string[]) => h.cli(['pin', ...args], { cwd: dir });

  beforeAll(async () => {
    h = await startHarness({ world: worldWithPatches() });
    dir = mkdtempSync(join(tmpdir(), 'ackl2-pin-'));
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the newest images and the newest patch offering AliyunLinux, changing only those values', async () => {
    write('shop.yaml', SHOP);
    const r = await pin(['-f', 'shop.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(read('shop.yaml')).toBe(SHOP_PINNED);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^POOL\s+OLD IMAGE\s+NEW IMAGE\s+CHANGE$/);
    expect(lines.slice(1, 4).map((l) => l.split(/\s{2,}/))).toEqual([
      ['web', 'aliyun_2_1903_x64_20G_alibase_20231220.vhd', AL2_NEWEST, 'pinned'],
      ['batch', '(not pinned)', AL3_NEWEST, 'pinned'],
      ['tenants', '(not pinned)', '-', 'not pinned (sandboxed: ACK installs its sandbox-ready image)'],
    ]);
    expect(r.stdout).toContain('kubernetesVersion: 1.28 -> 1.28.9-aliyun.1');
    expect(r.stdout).toContain('shop.yaml: wrote 3 values, comments and layout kept');
    // read-backs (validate, plan) run in-process: pin is the subject
    const validate = await runCliInProcess(['validate', '-f', 'shop.yaml'], { cwd: dir });
    expect(validate.code, validate.stderr).toBe(0);
  });

  it('a rerun is a no-op: "already pinned", the file not even rewritten', async () => {
    const before = statSync(file('shop.yaml')).mtimeMs;
    const r = await pin(['-f', 'shop.yaml', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = json(r);
    expect(doc).toMatchObject({ file: 'shop.yaml', changed: false, written: false, kubernetesVersion: { old: '1.28.9-aliyun.1', new: '1.28.9-aliyun.1', changed: false } });
    expect(doc.nodePools.map((p: any) => [p.name, p.new, p.changed])).toEqual([
      ['web', AL2_NEWEST, false],
      ['batch', AL3_NEWEST, false],
      ['tenants', null, false],
    ]);
    expect(read('shop.yaml')).toBe(SHOP_PINNED);
    expect(statSync(file('shop.yaml')).mtimeMs).toBe(before);
    const human = await pin(['-f', 'shop.yaml', '--check']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('shop.yaml: already pinned to the newest; nothing to change');
  });

  it('--check lists what would change with line numbers, exits 2 and writes nothing', async () => {
    write('check.yaml', SHOP);
    const r = await pin(['-f', 'check.yaml', '--check', '-o', 'json']);
    expect(r.code).toBe(2);
    expect(read('check.yaml')).toBe(SHOP);
    const doc = json(r);
    expect(doc).toMatchObject({ check: true, changed: true, written: false, kubernetesVersion: { old: '1.28', new: '1.28.9-aliyun.1', changed: true, placement: 'in-place', line: 9 } });
    expect(doc.nodePools[0]).toMatchObject({ name: 'web', old: 'aliyun_2_1903_x64_20G_alibase_20231220.vhd', new: AL2_NEWEST, changed: true, placement: 'in-place', line: 25 });
    expect(doc.nodePools[1]).toMatchObject({ name: 'batch', old: null, new: AL3_NEWEST, changed: true, placement: 'added', line: 30 });
    expect(r.stderr).toContain(`check.yaml:9 cluster.kubernetesVersion: 1.28 -> 1.28.9-aliyun.1`);
    expect(r.stderr).toContain(`check.yaml:30 nodePools[batch].image.id: (not set) -> ${AL3_NEWEST}`);
    expect(r.stderr).toContain('error: check.yaml is not pinned to the newest: 3 values would change');
    expect(r.stderr).toContain('ackl2 pin -f check.yaml');
  });

  it('inherited values are pinned in the -f file; the base is left alone', async () => {
    write('base.yaml', BASE);
    write('team.yaml', TEAM);
    const r = await pin(['-f', 'team.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(read('base.yaml')).toBe(BASE);
    expect(read('team.yaml')).toBe(`${TEAM}    image:\n      id: ${AL2_NEWEST}\n  - name: web\n    image:\n      id: ${AL2_NEWEST}\n`);
    expect(r.stderr).toMatch(/nodePools\[web\]\.image\.id comes from base\.yaml:21:11; pinned in team\.yaml instead/);
    // The exact version in the base is the user's pin: kept.
    expect(r.stdout).toContain('kubernetesVersion: 1.28.9-aliyun.1 (unchanged)');

    const again = await pin(['-f', 'team.yaml', '--check']);
    expect(again.code, again.stderr).toBe(0);
    const plan = JSON.parse((await runCliInProcess(['plan', '-f', 'team.yaml', '-o', 'json'], { cwd: dir })).stdout);
    const images = plan.operations.filter((op: any) => op.api === 'CreateClusterNodePool').map((op: any) => [op.body.nodepool_info.name, op.body.scaling_group.image_id]);
    expect(images).toEqual([
      ['web', AL2_NEWEST],
      ['batch', AL2_NEWEST],
    ]);
  });

  it('AliyunLinux3-only pools get the newest 1.28 patch; 1.24 with AliyunLinux2 is a located error', async () => {
    write('al3.yaml', SHOP.replace('os: AliyunLinux2\n      id: aliyun_2_1903_x64_20G_alibase_20231220.vhd', 'os: AliyunLinux3\n      id: aliyun_3_x64_20G_alibase_20240528.vhd'));
    const al3 = await pin(['-f', 'al3.yaml', '-o', 'json']);
    expect(al3.code, al3.stderr).toBe(0);
    expect(json(al3).kubernetesVersion).toMatchObject({ old: '1.28', new: '1.28.15-aliyun.1' });

    const calls = h.emulator.calls().length;
    write('old-os.yaml', SHOP.replace('kubernetesVersion: "1.28"', 'kubernetesVersion: "1.24"').replace(/  - name: tenants[\s\S]*$/, ''));
    const r = await pin(['-f', 'old-os.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('old-os.yaml:9:22 cluster.kubernetesVersion: no Kubernetes 1.24 patch that ACK still creates offers node image type AliyunLinux and AliyunLinux3');
    expect(r.stderr).toContain('ACK offers: 1.24.6-aliyun.1 (AliyunLinux3); pick another version, or move the pools to image.os: AliyunLinux3');
    expect(read('old-os.yaml')).toContain('"1.24"');
    expect(h.emulator.calls().length).toBeGreaterThan(calls);
  });

  it('a profile that does not validate is refused before any API call', async () => {
    write('bad.yaml', SHOP.replace('desiredSize: 2', 'desiredSize: -2'));
    const calls = h.emulator.calls().length;
    const r = await pin(['-f', 'bad.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+ nodePools\[0\]\.desiredSize: /);
    expect(h.emulator.calls().length).toBe(calls);
    expect(read('bad.yaml')).toBe(SHOP.replace('desiredSize: 2', 'desiredSize: -2'));
  });
});
