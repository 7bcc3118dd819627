/** `ackl2 images` through the built CLI: every page of the family, newest first, x86_64 builds of the family only. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { defaultWorld } from '../../src/emulator/index.js';
import { callsOf, json, startHarness, type Harness } from './helpers.js';

/** 130 extra Alibaba Cloud Linux 2 builds, listed in scrambled date order: more than one page of 100. */
function worldWithManyImages() {
  const world = defaultWorld('2024-03');
  const hangzhou = world.regions.find((r) => r.id === 'cn-hangzhou')!;
  const template = hangzhou.images.find((i) => i.id.startsWith('aliyun_2_1903_x64_'))!;
  for (let n = 0; n < 130; n++) {
    const day = new Date(Date.UTC(2020, 0, 1) + ((n * 37) % 130) * 86_400_000);
    const stamp = day.toISOString().slice(0, 10).replace(/-/g, '');
    hangzhou.images.push({ ...template, id: `aliyun_2_1903_x64_20G_alibase_${stamp}.vhd`, name: undefined, creationTime: day.toISOString() });
  }
  return world;
}

describe('ackl2 images', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ world: worldWithManyImages() });
  });
  afterAll(() => h.close());

  it('lists every AliyunLinux2 image across pages, newest first, as a table', async () => {
    const pagesBefore = callsOf(h.emulator, 'DescribeImages');
    const r = await h.cli(['images']);
    expect(r.code, r.stderr).toBe(0);
    expect(callsOf(h.emulator, 'DescribeImages') - pagesBefore).toBe(2);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^IMAGE ID\s+NAME\s+CREATED\s+SIZE\s+ARCH$/);
    expect(lines).toHaveLength(1 + 4 + 130);
    expect(lines[1]!.split(/\s{2,}/)).toEqual(['aliyun_2_1903_x64_20G_alibase_20240628.vhd', 'aliyun_2_1903_x64_20G_alibase_20240628.vhd', '2024-06-28T08:00:00Z', '20 GiB', 'x86_64']);
    const dates = lines.slice(1).map((l) => Date.parse(l.split(/\s{2,}/)[2]!));
    expect(dates.every((d, i) => i === 0 || d <= dates[i - 1]!)).toBe(true);
    expect(lines.at(-1)).toMatch(/^aliyun_2_1903_x64_20G_alibase_20200101\.vhd\s/);
  });

  it('--os AliyunLinux3 as one JSON document (no ARM build), and the same as YAML', async () => {
    const [asJson, asYaml] = await Promise.all([h.cli(['images', '--os', 'AliyunLinux3', '--output', 'json']), h.cli(['images', '--os', 'AliyunLinux3', '-o', 'yaml'])]);
    expect(asJson.code, asJson.stderr).toBe(0);
    const doc = json(asJson);
    expect(doc).toMatchObject({ region: 'cn-hangzhou', os: 'AliyunLinux3', imageFamily: 'acs:alibaba_cloud_linux_3_2104_lts_x64', imageType: 'AliyunLinux3' });
    expect(doc.images.map((i: any) => [i.imageId, i.created, i.sizeGiB, i.architecture])).toEqual([
      ['aliyun_3_x64_20G_alibase_20240819.vhd', '2024-08-19T08:00:00Z', 20, 'x86_64'],
      ['aliyun_3_x64_20G_alibase_20240528.vhd', '2024-05-28T08:00:00Z', 20, 'x86_64'],
    ]);
    expect(parseYaml(asYaml.stdout)).toEqual(doc);
  });

  it('an unknown --os is refused by the CLI before any call', async () => {
    const before = h.emulator.calls().length;
    const r = await h.cli(['images', '--os', 'CentOS7']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--os <family>.*CentOS7.*invalid/s);
    expect(h.emulator.calls().length).toBe(before);
  });
});
