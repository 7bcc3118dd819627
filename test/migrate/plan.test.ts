/**
 * What migrate decides, offline: AliyunLinux2 pools move to AliyunLinux3 with the target's
 * newest image (unpinned pools stay unpinned), the version moves to the newest the target
 * creates with every pool (sandboxed pools cap it), former scenario names are renamed, and
 * values inherited from a base are overridden in the -f file or named as notes.
 */

import { describe, expect, it } from 'vitest';
import { loadForMigration } from '../../src/migrate/load.js';
import { planMigration, type MigrationTarget } from '../../src/migrate/plan.js';
import { applyEdits } from '../../src/pin/yaml-edit.js';
import { tempTrees } from '../helpers/files.js';

const TARGET: MigrationTarget = {
  catalogue: 'test-cat',
  versions: [
    { version: '1.34.3-aliyun.1', creatable: true, imageTypes: ['AliyunLinux3', 'AliyunLinux3ContainerOptimized'], sandboxed: true },
    { version: '1.35.2-aliyun.1', creatable: true, imageTypes: ['AliyunLinux3', 'AliyunLinux3ContainerOptimized'], sandboxed: false },
    { version: '1.36.1-aliyun.1', creatable: true, imageTypes: ['AliyunLinux3', 'AliyunLinux3ContainerOptimized'], sandboxed: false },
    { version: '1.37.0-aliyun.1', creatable: false, imageTypes: ['AliyunLinux3', 'AliyunLinux3ContainerOptimized'], sandboxed: false },
  ],
  newestImage: { AliyunLinux3: 'aliyun_3_x64_20G_alibase_20261001.vhd', AliyunLinux3ContainerOptimized: 'aliyun_3_x64_20G_container_optimized_alibase_20261001.vhd' },
  images: { AliyunLinux3: ['aliyun_3_x64_20G_alibase_20261001.vhd'], AliyunLinux3ContainerOptimized: ['aliyun_3_x64_20G_container_optimized_alibase_20261001.vhd'] },
  successors: { bbr: 'bbrNext' },
};

const files = tempTrees('ackl2-migrate-plan-');

const NETWORK = `  network:
    vpcId: vpc-bp1ackl2demo0001
    vswitchIds: [vsw-bp1nodeh00001]
    plugin: terway
    podVswitchIds: [vsw-bp1podh000004]
`;

function profile(version: string, pools: string, extra = ''): string {
  return `apiVersion: ackl2/v1
kind: ClusterProfile
metadata: { name: shop, region: cn-hangzhou }
cluster:
  kubernetesVersion: ${version}   # pinned
${NETWORK}${extra}nodePools:
${pools}`;
}

const WEB = `  - name: web
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 2
    image:
      os: AliyunLinux2      # the old OS
      id: aliyun_2_1903_x64_20G_alibase_20240628.vhd
    login: { keyPair: ackl2-demo }
`;
const UNPINNED = `  - name: batch
    instanceTypes: [ecs.c7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2 }
    login: { keyPair: ackl2-demo }
`;
const SANDBOXED = `  - name: tenants
    instanceTypes: [ecs.ebmg7.32xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2 }
    login: { keyPair: ackl2-demo }
    scenarios: { sandboxed: {} }
`;

async function migrate(dir: string, file = 'cluster.yaml') {
  const { input } = await loadForMigration(file, dir);
  return planMigration(input, 'AliyunLinux3', TARGET);
}

describe('planMigration', () => {
  it('moves pools to AliyunLinux3 (pinned ids to the newest image of the type sent at the new version), the exact version to the newest creatable one', async () => {
    const dir = files('basic', { 'cluster.yaml': profile('1.28.15-aliyun.1', WEB + UNPINNED, 'scenarios: { bbr: {} }\n') });
    const migration = await migrate(dir);
    expect(migration.catalogue).toBe('test-cat');
    expect(migration.changes.map((c) => [c.what, c.kind, c.old, c.new])).toEqual([
      ['nodePools[web].image.os', 'set', 'AliyunLinux2', 'AliyunLinux3'],
      ['nodePools[web].image.id', 'set', 'aliyun_2_1903_x64_20G_alibase_20240628.vhd', 'aliyun_3_x64_20G_container_optimized_alibase_20261001.vhd'],
      ['nodePools[batch].image.os', 'set', 'AliyunLinux2', 'AliyunLinux3'],
      ['cluster.kubernetesVersion', 'set', '1.28.15-aliyun.1', '1.36.1-aliyun.1'],
      ['scenarios.bbr', 'rename', 'bbr', 'bbrNext'],
    ]);
    expect(migration.notes).toEqual([]);
  });

  it('keeps a minor a minor, and caps the version where sandboxed pools are still offered (plain AliyunLinux3 image there)', async () => {
    const dir = files('sandboxed', { 'cluster.yaml': profile('"1.28"', WEB + SANDBOXED) });
    const migration = await migrate(dir);
    expect(migration.changes.find((c) => c.what === 'cluster.kubernetesVersion')).toMatchObject({ old: '1.28', new: '1.34' });
    expect(migration.changes.find((c) => c.what === 'nodePools[web].image.id')).toMatchObject({ new: 'aliyun_3_x64_20G_alibase_20261001.vhd' });
    expect(migration.changes.some((c) => c.what === 'nodePools[tenants].image.id')).toBe(false);
  });

  it('repins an AliyunLinux3 pool whose image no longer fits the new version (cgroup v2 from 1.35)', async () => {
    const pinned = WEB.replace('AliyunLinux2', 'AliyunLinux3').replace('aliyun_2_1903_x64_20G_alibase_20240628.vhd', 'aliyun_3_x64_20G_alibase_20261001.vhd');
    const migration = await migrate(files('repin', { 'cluster.yaml': profile('1.34.3-aliyun.1', pinned) }));
    expect(migration.changes.map((c) => [c.what, c.new])).toEqual([
      ['nodePools[web].image.id', 'aliyun_3_x64_20G_container_optimized_alibase_20261001.vhd'],
      ['cluster.kubernetesVersion', '1.36.1-aliyun.1'],
    ]);
  });

  it('is empty on a profile already migrated', async () => {
    const migrated = profile('1.36.1-aliyun.1', WEB.replace('AliyunLinux2', 'AliyunLinux3').replace('aliyun_2_1903_x64_20G_alibase_20240628.vhd', 'aliyun_3_x64_20G_container_optimized_alibase_20261001.vhd'));
    const migration = await migrate(files('done', { 'cluster.yaml': migrated }));
    expect(migration.changes).toEqual([]);
  });

  it('overrides values inherited from a base in the -f file, and names keys it cannot rename there', async () => {
    const base = profile('1.28.15-aliyun.1', WEB, 'scenarios: { bbr: {} }\n');
    const dir = files('inherited', { 'base.yaml': base, 'cluster.yaml': 'extends: [base.yaml]\nmetadata: { name: child }\n' });
    const migration = await migrate(dir);
    expect(migration.changes.map((c) => [c.what, c.inheritedFrom])).toEqual([
      ['nodePools[web].image.os', 'base.yaml:17:11'],
      ['nodePools[web].image.id', 'base.yaml:18:11'],
      ['cluster.kubernetesVersion', 'base.yaml:5:22'],
    ]);
    expect(migration.notes).toEqual([{ what: 'scenarios.bbr', message: expect.stringMatching(/^scenarios\.bbr comes from base\.yaml:\d+:\d+, a base this file extends: rename it to bbrNext there/) }]);
    const { text } = applyEdits('extends: [base.yaml]\nmetadata: { name: child }\n', migration.changes.map((c) => c.edit), 'cluster.yaml');
    expect(text).toBe(
      'extends: [base.yaml]\nmetadata: { name: child }\nnodePools:\n  - name: web\n    image:\n      os: AliyunLinux3\n      id: aliyun_3_x64_20G_container_optimized_alibase_20261001.vhd\ncluster:\n  kubernetesVersion: 1.36.1-aliyun.1\n',
    );
  });
});
