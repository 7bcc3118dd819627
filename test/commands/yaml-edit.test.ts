/**
 * The pin editor changes exactly the values it sets: every other byte of the file (comments
 * and their alignment, quoting, flow maps, blank lines, CRLF) stays as it was.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyEdits, type Edit, type ScalarEdit } from '../../src/pin/yaml-edit.js';
import { REPO_ROOT } from '../helpers/cli.js';

const NEW_IMAGE = 'aliyun_2_1903_x64_20G_alibase_20240628.vhd';
const imageOf = (name: string, value = NEW_IMAGE): ScalarEdit => ({ path: ['nodePools', { name }, 'image', 'id'], value });
const version = (value: string): ScalarEdit => ({ path: ['cluster', 'kubernetesVersion'], value });
const edit = (text: string, edits: Edit[]) => applyEdits(text, edits, 'profile.yaml').text;

/** A line diff (longest common subsequence): the lines only in `before`, and only in `after`. */
function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) added.push(b[j++]!);
    else removed.push(a[i++]!);
  }
  return { removed, added };
}

const PROFILE = `# A profile with every layout pin must survive.
cluster:
  spec: ack.pro.small             # aligned trailing comment
  kubernetesVersion: "1.30"       # quoted minor
  network: { vpcId: vpc-bp1ackl2demo0001, plugin: terway }

nodePools:
  - name: web                     # the web tier
    image:
      os: AliyunLinux2
      id: aliyun_2_1903_x64_20G_alibase_20231220.vhd   # pinned last year
    labels: { tier: web }
  - name: flow
    image: { os: AliyunLinux2 }
  - name: quoted
    image:
      os: AliyunLinux2
      id: 'aliyun_2_1903_x64_20G_alibase_20230704.vhd'
  - name: bare
    instanceTypes: [ecs.g7.xlarge]
    # trailing comment of the pool
`;

describe('pin editor', () => {
  it('replaces scalars in their own quoting style and keeps trailing comments in place', () => {
    const out = edit(PROFILE, [version('1.30.7-aliyun.1'), imageOf('web'), imageOf('quoted')]);
    expect(out).toBe(
      PROFILE.replace('"1.30"', '"1.30.7-aliyun.1"')
        .replace('id: aliyun_2_1903_x64_20G_alibase_20231220.vhd   # pinned', `id: ${NEW_IMAGE}   # pinned`)
        .replace("'aliyun_2_1903_x64_20G_alibase_20230704.vhd'", `'${NEW_IMAGE}'`),
    );
  });

  it('adds a missing key to a flow map inside the braces and to a block map after its last entry', () => {
    const out = edit(PROFILE, [imageOf('flow'), imageOf('bare')]);
    const diff = lineDiff(PROFILE, out);
    expect(out).toBe(
      PROFILE.replace('image: { os: AliyunLinux2 }', `image: { os: AliyunLinux2, id: ${NEW_IMAGE} }`).replace(
        '    instanceTypes: [ecs.g7.xlarge]\n',
        `    instanceTypes: [ecs.g7.xlarge]\n    image:\n      id: ${NEW_IMAGE}\n`,
      ),
    );
    expect(diff.added.filter((l) => !diff.removed.includes(l))).toContain(`      id: ${NEW_IMAGE}`);
  });

  it('appends a node pool the file does not list (an inherited one) as a new list item', () => {
    const out = edit(PROFILE, [imageOf('from-base')]);
    expect(lineDiff(PROFILE, out)).toEqual({ removed: [], added: ['  - name: from-base', '    image:', `      id: ${NEW_IMAGE}`] });
    expect(out).toBe(PROFILE.replace('    instanceTypes: [ecs.g7.xlarge]\n', `    instanceTypes: [ecs.g7.xlarge]\n  - name: from-base\n    image:\n      id: ${NEW_IMAGE}\n`));
  });

  it('adds whole sections the file lacks, in its own indentation and sequence style', () => {
    const flush = 'metadata:\n  name: x   # sequences flush with their key\nextends:\n- ./base.yaml\n';
    const out = edit(flush, [version('1.30.7-aliyun.1'), imageOf('web')]);
    expect(out).toBe(`${flush}cluster:\n  kubernetesVersion: 1.30.7-aliyun.1\nnodePools:\n- name: web\n  image:\n    id: ${NEW_IMAGE}\n`);
    expect(parse(out)).toEqual({ metadata: { name: 'x' }, extends: ['./base.yaml'], cluster: { kubernetesVersion: '1.30.7-aliyun.1' }, nodePools: [{ name: 'web', image: { id: NEW_IMAGE } }] });
    const wide = 'metadata:\n    name: x\n';
    expect(edit(wide, [version('1.30.7-aliyun.1')])).toBe(`${wide}cluster:\n    kubernetesVersion: 1.30.7-aliyun.1\n`);
  });

  it('keeps CRLF line breaks and a file without a final newline', () => {
    const crlf = 'cluster:\r\n  kubernetesVersion: "1.30"\r\nnodePools:\r\n  - name: web\r\n    desiredSize: 2';
    const out = edit(crlf, [version('1.30.7-aliyun.1'), imageOf('web')]);
    expect(out).toBe(`cluster:\r\n  kubernetesVersion: "1.30.7-aliyun.1"\r\nnodePools:\r\n  - name: web\r\n    desiredSize: 2\r\n    image:\r\n      id: ${NEW_IMAGE}`);
  });

  it('adds to flow lists and empty flow maps with the file\'s padding', () => {
    const flow = 'nodePools: [{name: a, image: {}}]\n';
    expect(edit(flow, [imageOf('a')])).toBe(`nodePools: [{name: a, image: {id: ${NEW_IMAGE}}}]\n`);
    expect(edit(flow, [imageOf('b')])).toBe(`nodePools: [{name: a, image: {}}, {name: b, image: {id: ${NEW_IMAGE}}}]\n`);
  });

  it('refuses values written through an alias or as null, naming file:line:col', () => {
    const aliased = 'x-image: &img\n  os: AliyunLinux2\nnodePools:\n  - name: a\n    image: *img\n';
    expect(() => edit(aliased, [imageOf('a')])).toThrow(/^profile\.yaml:5:12 nodePools\[name=a\]\.image: is written through a YAML alias/);
    const nulled = 'nodePools:\n  - name: a\n    image: null\n';
    expect(() => edit(nulled, [imageOf('a')])).toThrow(/^profile\.yaml:3:12 nodePools\[name=a\]\.image: is empty \(null\)/);
  });

  it('on every shipped profile: setting every pool image and the version changes only those lines', () => {
    const dir = join(REPO_ROOT, 'profiles');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const data = parse(text) as { nodePools?: { name: string; image?: { id?: string } }[]; cluster?: { kubernetesVersion?: string } };
      const pools = data.nodePools ?? [];
      const edits = [version('1.30.9-aliyun.7'), ...pools.map((p) => imageOf(p.name, `aliyun_2_1903_x64_20G_alibase_2099${p.name.length}.vhd`))];
      const out = edit(text, edits);
      const { removed, added } = lineDiff(text, out);
      // A removed line comes back with only its value changed; an added line is a pinned value or its parent key.
      const values = edits.map((e) => e.value);
      expect(removed.length, file).toBeLessThanOrEqual(edits.length);
      for (const line of removed) {
        const back = added.find((l) => values.some((v) => l.includes(v)) && l.replace(/:\s.*$/, '') === line.replace(/:\s.*$/, ''));
        expect(back, `${file}: ${line}`).toBeDefined();
        expect(back!.length - back!.trimStart().length).toBe(line.length - line.trimStart().length);
      }
      for (const line of added) expect(values.some((v) => line.includes(v)) || /^(- name: \S+|image:|cluster:|nodePools:)$/.test(line.trim()), `${file}: ${line}`).toBe(true);
      const result = parse(out) as typeof data;
      for (const pool of pools) expect(result.nodePools!.find((p) => p.name === pool.name)!.image!.id).toBe(edits.find((e) => (e.path[1] as { name: string }).name === pool.name)!.value);
    }
  });

  it('removes a key with its whole lines from a block map, and its entry from a flow map', () => {
    const text = 'nodePools:\n  - name: a\n    image:\n      os: AliyunLinux2\n      acknowledgeEndOfLife: true   # pinned on purpose\n      id: x.vhd\n  - name: b\n    image: { os: AliyunLinux2, acknowledgeEndOfLife: true }\n  - name: c\n    image: {acknowledgeEndOfLife: true, os: AliyunLinux2}\n';
    const ack = (name: string): Edit => ({ path: ['nodePools', { name }, 'image', 'acknowledgeEndOfLife'], remove: true });
    const out = applyEdits(text, [ack('a'), ack('b'), ack('c')], 'profile.yaml');
    expect(out.text).toBe('nodePools:\n  - name: a\n    image:\n      os: AliyunLinux2\n      id: x.vhd\n  - name: b\n    image: { os: AliyunLinux2 }\n  - name: c\n    image: {os: AliyunLinux2}\n');
    expect(out.outcomes.map((o) => o.how)).toEqual(['removed', 'removed', 'removed']);
  });

  it('renames a key in place, value and comment kept, and refuses a name already written', () => {
    const text = 'scenarios:\n  terwayIpvlan: {}      # IPVlan\n  bbr: {}\n';
    const out = applyEdits(text, [{ path: ['scenarios', 'terwayIpvlan'], renameTo: 'terwayDataPathV2' }], 'profile.yaml');
    expect(out.text).toBe('scenarios:\n  terwayDataPathV2: {}      # IPVlan\n  bbr: {}\n');
    expect(out.outcomes).toEqual([{ how: 'renamed', line: 2 }]);
    expect(() => applyEdits(text, [{ path: ['scenarios', 'terwayIpvlan'], renameTo: 'bbr' }], 'profile.yaml')).toThrow(/^profile\.yaml:2:3 scenarios\.terwayIpvlan: cannot be renamed to bbr/);
  });

  it('refuses to remove a key the file does not write, or the last key of a block map', () => {
    const text = 'cluster:\n  kubernetesVersion: "1.28"\n';
    expect(() => applyEdits(text, [{ path: ['cluster', 'spec'], remove: true }], 'profile.yaml')).toThrow(/cluster\.spec: is not written in this file/);
    expect(() => applyEdits(text, [{ path: ['cluster', 'kubernetesVersion'], remove: true }], 'profile.yaml')).toThrow(/is the only key of its map/);
  });
});
