/**
 * `ackl2 migrate` through the built CLI, offline: without --write the change is a diff on
 * stdout and the file is untouched; --write changes only the migrated values (comments and
 * layout kept) and validates the result; a rerun is a no-op; values inherited from a base land
 * in the -f file (the base untouched); a former scenario name is renamed to its successor;
 * bad flags are exit 2 before anything is read.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliInProcess } from '../helpers/cli.js';

const CO_IMAGE = 'aliyun_3_x64_20G_container_optimized_alibase_20260715.vhd';

const SHOP = `# Shop cluster on Alibaba Cloud Linux 2 (comments and layout must survive).
apiVersion: ackl2/v1
kind: ClusterProfile
metadata:
  name: shop-migrate              # the cluster name
  region: cn-hangzhou
cluster:
  kubernetesVersion: "1.28"       # a minor stays a minor
  network:
    vpcId: vpc-bp1ackl2demo0001
    vswitchIds: [vsw-bp1nodeh00001, vsw-bp1nodei00002]
    plugin: terway
    podVswitchIds: [vsw-bp1podh000004, vsw-bp1podi000005]
scenarios:
  terwayIpvlan: {}                # the seed article's IPVlan
  bbr: {}
nodePools:
  # The web tier.
  - name: web
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 2
    image:
      os: AliyunLinux2            # pinned on purpose
      id: aliyun_2_1903_x64_20G_alibase_20240628.vhd
    login: { keyPair: ackl2-demo }
  - name: batch
    instanceTypes: [ecs.c7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2 }   # not pinned
    login: { keyPair: ackl2-demo }
`;

const SHOP_MIGRATED = SHOP.replace('kubernetesVersion: "1.28"       #', 'kubernetesVersion: "1.36"       #')
  .replace('  terwayIpvlan: {}                #', '  terwayDataPathV2: {}                #')
  .replace('os: AliyunLinux2            # pinned on purpose\n      id: aliyun_2_1903_x64_20G_alibase_20240628.vhd', `os: AliyunLinux3            # pinned on purpose\n      id: ${CO_IMAGE}`)
  .replace('image: { os: AliyunLinux2 }   # not pinned', 'image: { os: AliyunLinux3 }   # not pinned');

const BASE = `# Shared base.
apiVersion: ackl2/v1
kind: ClusterProfileBase
metadata:
  region: cn-hangzhou
cluster:
  kubernetesVersion: 1.28.9-aliyun.1
  network:
    vpcId: vpc-bp1ackl2demo0001
    vswitchIds: [vsw-bp1nodeh00001]
    plugin: terway
    podVswitchIds: [vsw-bp1podh000004]
`;

const TEAM = `# Team profile on the shared base.
apiVersion: ackl2/v1
kind: ClusterProfile
extends: [./base.yaml]
metadata:
  name: team-a
nodePools:
  - name: web
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2 }
    login: { keyPair: ackl2-demo }
`;

describe('ackl2 migrate', () => {
  let dir: string;
  const path = (name: string) => join(dir, name);
  const write = (name: string, text: string) => writeFileSync(path(name), text);
  const read = (name: string) => readFileSync(path(name), 'utf8');
  const migrate = (args: string[]) => runCli(['migrate', ...args], { cwd: dir });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ackl2-migrate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the change as a unified diff and writes nothing without --write', async () => {
    write('shop.yaml', SHOP);
    const r = await migrate(['-f', 'shop.yaml', '--to', 'AliyunLinux3']);
    expect(r.code, r.stderr).toBe(0);
    expect(read('shop.yaml')).toBe(SHOP);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual(['--- a/shop.yaml', '+++ b/shop.yaml']);
    expect(lines.filter((l) => l.startsWith('-') && !l.startsWith('---'))).toEqual([
      '-  kubernetesVersion: "1.28"       # a minor stays a minor',
      '-  terwayIpvlan: {}                # the seed article\'s IPVlan',
      '-      os: AliyunLinux2            # pinned on purpose',
      '-      id: aliyun_2_1903_x64_20G_alibase_20240628.vhd',
      '-    image: { os: AliyunLinux2 }   # not pinned',
    ]);
    expect(lines.filter((l) => l.startsWith('+') && !l.startsWith('+++'))).toEqual([
      '+  kubernetesVersion: "1.36"       # a minor stays a minor',
      '+  terwayDataPathV2: {}                # the seed article\'s IPVlan',
      '+      os: AliyunLinux3            # pinned on purpose',
      `+      id: ${CO_IMAGE}`,
      '+    image: { os: AliyunLinux3 }   # not pinned',
    ]);
    expect(r.stderr).toContain('shop.yaml:8 cluster.kubernetesVersion: 1.28 -> 1.36');
    expect(r.stderr).toContain('catalogue 2026-11 offers no AliyunLinux2 node pools');
    expect(r.stderr).toContain('ackl2 migrate -f shop.yaml --to AliyunLinux3 --write');
  });

  it('--write changes only those values, validates the result, and a rerun is a no-op', async () => {
    write('shop.yaml', SHOP);
    const r = await migrate(['-f', 'shop.yaml', '--to', 'AliyunLinux3', '--write', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(read('shop.yaml')).toBe(SHOP_MIGRATED);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ file: 'shop.yaml', to: 'AliyunLinux3', catalogue: '2026-11', changed: true, written: true, notes: [] });
    expect(doc.changes.map((c: { what: string; kind: string; placement: string }) => `${c.kind} ${c.what} ${c.placement}`)).toEqual([
      'set nodePools[web].image.os in-place',
      'set nodePools[web].image.id in-place',
      'set nodePools[batch].image.os in-place',
      'set cluster.kubernetesVersion in-place',
      'rename scenarios.terwayIpvlan in-place',
    ]);
    // a read-back, in-process: migrate is the subject
    const validate = await runCliInProcess(['validate', '-f', 'shop.yaml'], { cwd: dir });
    expect(validate.code, validate.stderr + validate.stdout).toBe(0);

    const again = await migrate(['-f', 'shop.yaml', '--to', 'AliyunLinux3', '--write']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('shop.yaml: already migrated to AliyunLinux3 for catalogue 2026-11; nothing to change');
    expect(read('shop.yaml')).toBe(SHOP_MIGRATED);
  });

  it('writes a value inherited from a base into the -f file and leaves the base alone', async () => {
    write('base.yaml', BASE);
    write('team.yaml', TEAM);
    const r = await migrate(['-f', 'team.yaml', '--to', 'AliyunLinux3', '--write']);
    expect(r.code, r.stderr).toBe(0);
    expect(read('base.yaml')).toBe(BASE);
    expect(read('team.yaml')).toBe(`${TEAM.replace('image: { os: AliyunLinux2 }', 'image: { os: AliyunLinux3 }')}cluster:\n  kubernetesVersion: 1.36.1-aliyun.1\n`);
    expect(r.stderr).toMatch(/cluster\.kubernetesVersion: 1\.28\.9-aliyun\.1 -> 1\.36\.1-aliyun\.1 \(.*inherited from base\.yaml:7:22, overridden here\)/);
  });

  it('refuses a bad target or a missing file with exit 2, writing nothing', async () => {
    write('shop.yaml', SHOP);
    const to = await migrate(['-f', 'shop.yaml', '--to', 'CentOS7', '--write']);
    expect(to.code).toBe(2);
    expect(to.stderr).toContain('cannot migrate to "CentOS7"');
    const missing = await migrate(['-f', 'nope.yaml', '--to', 'AliyunLinux3']);
    expect(missing.code).toBe(2);
    const none = await migrate(['-f', 'shop.yaml']);
    expect(none.code).toBe(2);
    expect(read('shop.yaml')).toBe(SHOP);
  });
});
