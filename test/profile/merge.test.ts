import { describe, expect, it } from 'vitest';
import { mergeTrees } from '../../src/profile/merge.js';
import { parseProfileYaml } from '../../src/profile/parse.js';
import { locateIn, toPlain, type MapNode } from '../../src/profile/tree.js';

const tree = (text: string, file: string): MapNode => {
  const parsed = parseProfileYaml(text, file);
  expect(parsed.issues).toEqual([]);
  return parsed.tree!;
};

const base = tree(
  [
    'metadata: { region: cn-hangzhou, tags: { team: shop } }',
    'cluster:',
    '  network: { plugin: flannel, podCidr: 172.20.0.0/16, vswitchIds: [vsw-a, vsw-b] }',
    'nodePools:',
    '  - name: web',
    '    instanceTypes: [ecs.g7.xlarge]',
    '    desiredSize: 2',
    '    labels: { tier: web }',
    '  - name: batch',
    '    desiredSize: 1',
    '',
  ].join('\n'),
  'base.yaml',
);

describe('mergeTrees (extends)', () => {
  it('merges maps, replaces lists, merges nodePools by name and appends new ones', () => {
    const child = tree(
      [
        'metadata: { name: shop, tags: { env: prod } }',
        'cluster:',
        '  network: { vswitchIds: [vsw-c] }',
        'nodePools:',
        '  - name: web',
        '    desiredSize: 4',
        '    labels: { zone: h }',
        '  - name: gpu',
        '    desiredSize: 0',
        '',
      ].join('\n'),
      'child.yaml',
    );
    const merged = mergeTrees(base, child);
    expect(toPlain(merged)).toEqual({
      metadata: { region: 'cn-hangzhou', name: 'shop', tags: { team: 'shop', env: 'prod' } },
      cluster: { network: { plugin: 'flannel', podCidr: '172.20.0.0/16', vswitchIds: ['vsw-c'] } },
      nodePools: [
        { name: 'web', instanceTypes: ['ecs.g7.xlarge'], desiredSize: 4, labels: { tier: 'web', zone: 'h' } },
        { name: 'batch', desiredSize: 1 },
        { name: 'gpu', desiredSize: 0 },
      ],
    });
  });

  it('keeps each value located in the file that wrote it', () => {
    const child = tree('nodePools:\n  - name: web\n    desiredSize: 4\n', 'child.yaml');
    const merged = mergeTrees(base, child);
    expect(locateIn(merged, ['nodePools', 0, 'desiredSize'])).toEqual({ file: 'child.yaml', line: 3, col: 18 });
    expect(locateIn(merged, ['nodePools', 0, 'instanceTypes', 0])).toEqual({ file: 'base.yaml', line: 6, col: 21 });
    expect(locateIn(merged, ['metadata', 'region'])).toEqual({ file: 'base.yaml', line: 1, col: 21 });
  });

  it('lets null remove an inherited key (switching flannel to terway)', () => {
    const child = tree('cluster:\n  network: { plugin: terway, podCidr: null, podVswitchIds: [vsw-p] }\nnodePools:\n  - name: web\n    labels: null\n', 'child.yaml');
    const merged = toPlain(mergeTrees(base, child)) as { cluster: { network: Record<string, unknown> }; nodePools: Record<string, unknown>[] };
    expect(merged.cluster.network).toEqual({ plugin: 'terway', vswitchIds: ['vsw-a', 'vsw-b'], podVswitchIds: ['vsw-p'] });
    expect(merged.nodePools[0]).not.toHaveProperty('labels');
  });

  it('replaces lists other than nodePools whole, even lists of mappings', () => {
    const a = tree('cluster:\n  addons: [{ name: a }, { name: b }]\n', 'a.yaml');
    const b = tree('cluster:\n  addons: [{ name: c }]\n', 'b.yaml');
    expect(toPlain(mergeTrees(a, b))).toEqual({ cluster: { addons: [{ name: 'c' }] } });
  });
});
