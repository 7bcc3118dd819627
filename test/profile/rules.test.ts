import { describe, expect, it } from 'vitest';
import { contains, formatCidr, overlaps, parseCidr } from '../../src/profile/cidr.js';
import { formatIssue } from '../../src/profile/issues.js';
import { validateFile } from '../../src/profile/load.js';
import { runRules, sectionOf, sectionsOf } from '../../src/profile/rules.js';
import { EXTENSION_KEY_PREFIX, PARSE_ONCE, poolSchema, profileSchema, type NodePool } from '../../src/profile/schema.js';
import { composeProfile } from '../../src/profile/compose.js';
import { toPlain } from '../../src/profile/tree.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const cidr = (text: string) => {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.cidr;
};

describe('parseCidr', () => {
  it.each([
    ['172.21.0.0/20', '172.21.0.0/20'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['192.168.1.7/32', '192.168.1.7/32'],
  ])('accepts %s', (text, formatted) => expect(formatCidr(cidr(text))).toBe(formatted));

  it.each([
    ['172.21.0/20', 'is not an IPv4 CIDR block'],
    ['172.21.0.0', 'is not an IPv4 CIDR block'],
    ['256.0.0.0/8', 'has an octet above 255'],
    ['010.0.0.0/8', 'has an octet with a leading zero'],
    ['10.0.0.0/33', 'has a mask above /32'],
    ['fd00::/8', 'is not an IPv4 CIDR block'],
  ])('refuses %s: %s', (text, reason) => {
    const parsed = parseCidr(text);
    expect(!parsed.ok && parsed.reason).toBe(reason);
  });

  it('refuses host bits and suggests the network address', () => {
    const parsed = parseCidr('172.20.1.0/16');
    expect(!parsed.ok && [parsed.reason, parsed.hint]).toEqual(['has host bits set', 'did you mean 172.20.0.0/16?']);
  });

  it('knows containment and overlap', () => {
    expect(overlaps(cidr('172.20.0.0/16'), cidr('172.20.16.0/20'))).toBe(true);
    expect(overlaps(cidr('172.20.0.0/16'), cidr('172.21.0.0/20'))).toBe(false);
    expect(overlaps(cidr('0.0.0.0/0'), cidr('255.255.255.255/32'))).toBe(true);
    expect(contains(cidr('172.16.0.0/12'), cidr('172.31.255.0/24'))).toBe(true);
    expect(contains(cidr('172.16.0.0/12'), cidr('172.32.0.0/16'))).toBe(false);
  });
});

const pool = (fields: Record<string, unknown>) =>
  sectionOf<NodePool>(poolSchema.parse({ name: 'web', instanceTypes: ['ecs.g7.xlarge'], desiredSize: 1, login: { keyPair: 'ackl2-demo' }, ...fields }));

describe('warnings', () => {
  it('says Alibaba Cloud Linux 2 reached its end of life, in the past tense, on each pool that does not acknowledge it', () => {
    const issues = runRules(
      {
        pools: [
          { index: 0, pool: pool({}) },
          { index: 1, pool: pool({ name: 'gpu', image: { os: 'AliyunLinux3' } }) },
          { index: 2, pool: pool({ name: 'db', image: { os: 'AliyunLinux2', acknowledgeEndOfLife: true } }) },
        ],
      },
      { file: 'c.yaml' },
    ).filter((i) => i.message.includes('Alibaba Cloud Linux 2'));
    expect(issues.map((i) => [i.severity, i.path])).toEqual([['warning', ['nodePools', 0, 'image', 'os']]]);
    expect(issues[0]!.message).toBe(
      'pool "web": Alibaba Cloud Linux 2 reached its end of life on 2026-03-31 (standard support ended 2024-03-31), and today\'s ACK no longer creates it for node pools',
    );
    expect(issues[0]!.hint).toMatch(/ackl2 migrate -f c\.yaml --to AliyunLinux3.*image\.acknowledgeEndOfLife: true/);
  });

  it('warns about each unpinned pool, with the pin command for the file', () => {
    const issues = runRules({ pools: [{ index: 0, pool: pool({ image: { os: 'AliyunLinux3' } }) }, { index: 1, pool: pool({ name: 'db', image: { os: 'AliyunLinux3', id: 'aliyun_3_x64_20G_alibase_20240819.vhd' } }) }] }, { file: 'dir/c.yaml' });
    expect(issues.map((i) => [i.severity, i.path, i.hint])).toEqual([['warning', ['nodePools', 0, 'image'], 'run `ackl2 pin -f dir/c.yaml`']]);
  });

  it('does not ask to pin sandboxed pools: they run the image ACK prepares', () => {
    const sandboxed = [pool({ name: 'kata', runtime: 'sandboxed', image: { os: 'AliyunLinux3' } }), pool({ name: 'tenants', scenarios: { sandboxed: {} }, image: { os: 'AliyunLinux3' } })];
    const issues = runRules({ pools: sandboxed.map((p, index) => ({ index, pool: p })) }, { file: 'c.yaml' });
    expect(issues.filter((i) => i.message.includes('no pinned image.id'))).toEqual([]);
  });

  it('refuses a GPU autoscaler on a pool with no GPU type; warns when only some types are GPU types', () => {
    const scaling = (instanceTypes: string[], type: string) =>
      runRules({ pools: [{ index: 0, pool: pool({ image: { os: 'AliyunLinux3' }, desiredSize: undefined, autoscaling: { min: 0, max: 2, type }, instanceTypes }) }] }, { file: 'c.yaml' }).filter((i) => i.path.at(-1) === 'type');
    expect(scaling(['ecs.g7.xlarge', 'ecs.gn7i-c8g1.2xlarge'], 'gpu').map((i) => [i.severity, i.message])).toEqual([['warning', 'autoscaling.type is gpu, but ecs.g7.xlarge is not a GPU type']]);
    expect(scaling(['ecs.gn7i-c8g1.2xlarge'], 'gpushare')).toEqual([]);
    expect(scaling(['ecs.g7.xlarge', 'ecs.c7.2xlarge'], 'gpu').map((i) => [i.severity, i.message])).toEqual([['error', 'autoscaling.type is gpu, but the pool has no GPU instance type']]);
    expect(scaling(['ecs.g7.xlarge'], 'gpushare').map((i) => i.severity)).toEqual(['error']);
    expect(scaling(['ecs.g7.xlarge'], 'cpu')).toEqual([]);
  });

});

describe('offline truth about Kubernetes versions and node OS (the dated catalogues)', () => {
  const run = (version: string, pools: Record<string, unknown>[] = []) =>
    runRules({ pools: pools.map((fields, index) => ({ index, pool: pool(fields) })), kubernetesVersion: version }, { file: 'c.yaml' }).filter(
      (i) => i.path.join('.') === 'cluster.kubernetesVersion' || i.path.at(-1) === 'os',
    );
  const al2 = { image: { os: 'AliyunLinux2' } };
  const al2Acknowledged = { image: { os: 'AliyunLinux2', acknowledgeEndOfLife: true } };
  const al3 = { image: { os: 'AliyunLinux3' } };

  it('AliyunLinux2 pools only below 1.30: an error at each such pool\'s image.os, acknowledged or not', () => {
    const errors = run('1.30.7-aliyun.1', [al2, al3, al2Acknowledged]).filter((i) => i.severity === 'error');
    expect(errors.map((i) => i.path)).toEqual([
      ['nodePools', 0, 'image', 'os'],
      ['nodePools', 2, 'image', 'os'],
    ]);
    expect(errors[0]!.message).toBe('pool "web": ACK creates Alibaba Cloud Linux 2 node pools only below Kubernetes 1.30 ("ACK Kubernetes 1.30 release notes"), and the cluster asks for 1.30.7-aliyun.1');
    expect(errors[0]!.hint).toContain('catalogue 2024-03 offers 1.24, 1.26, 1.28');
    expect(run('1.35', [al2]).filter((i) => i.severity === 'error')).toHaveLength(1);
    expect(run('1.28.9-aliyun.1', [al2Acknowledged]).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('a version older than every catalogue offer is an error', () => {
    const issues = run('1.18', [al3]);
    expect(issues.map((i) => [i.severity, i.message])).toEqual([['error', 'Kubernetes 1.18 is older than anything ACK offered in any known catalogue (the oldest is 1.24)']]);
    expect(issues[0]!.hint).toContain("1.34, 1.35, 1.36 (catalogue 2026-11, ACK's offer as of 2026-11-30)");
    expect(run('1.22.3-aliyun.1', [al3]).map((i) => i.severity)).toEqual(['error']);
  });

  it('a version outside today\'s offer is a warning naming the offer and its date', () => {
    const issues = run('1.30', [al3]);
    expect(issues.map((i) => [i.severity, i.message])).toEqual([
      ['warning', "Kubernetes 1.30 is not in today's ACK offer: 1.34, 1.35, 1.36 (catalogue 2026-11, ACK's offer as of 2026-11-30)"],
    ]);
    expect(run('1.28', [al3])[0]!.message).toMatch(/; catalogue 2024-03 offered it$/);
    expect(run('1.33', [al3]).map((i) => i.severity)).toEqual(['warning']);
    for (const today of ['1.34', '1.35', '1.36', '1.35.7-aliyun.1']) expect(run(today, [al3])).toEqual([]);
  });

  it('a profile pinned on purpose to the AliyunLinux2 offer (every such pool acknowledged) gets no warning at all', () => {
    expect(run('1.28.9-aliyun.1', [al2Acknowledged, al2Acknowledged])).toEqual([]);
    // One pool not acknowledged: its end-of-life warning, and the version warning.
    expect(run('1.28.9-aliyun.1', [al2Acknowledged, al2]).map((i) => [i.severity, i.path.join('.')])).toEqual([
      ['warning', 'nodePools.1.image.os'],
      ['warning', 'cluster.kubernetesVersion'],
    ]);
  });
});

describe('rules on a profile that fails the schema elsewhere', () => {
  it('still checks every field that is valid on its own, even beside a bad one', () => {
    const sections = sectionsOf({
      metadata: { name: 'BAD NAME', region: 'cn-hangzhou' },
      cluster: { network: { vpcId: 'not-a-vpc', plugin: 'flannel', podCidr: '172.20.0.0/16', serviceCidr: '172.20.0.0/20' } },
      nodePools: [{ name: 'ok', instanceTypes: ['ecs.g7.xlarge'], login: {} }, { name: 42, desiredSize: 'two', autoscaling: { min: 1 } }, 'not a pool'],
    });
    expect(sections.network?.value.vpcId).toBeUndefined();
    expect(sections.network?.written.has('vpcId')).toBe(true);
    expect(sections.pools.map((p) => p.index)).toEqual([0, 1]);
    const messages = runRules(sections, { file: 'c.yaml' }).filter((i) => i.severity === 'error').map((i) => i.message);
    expect(messages).toEqual([
      'podCidr 172.20.0.0/16 overlaps serviceCidr 172.20.0.0/20',
      'pool "ok" needs desiredSize or autoscaling',
      // Written but invalid still counts as written: both are set, whatever the schema says of them.
      'desiredSize and autoscaling are both set; a pool has one or the other',
    ]);
  });

  it('does not ask for a field that is written but invalid (the schema reports that one)', () => {
    const sections = sectionsOf({ cluster: { network: { plugin: 'terway', podVswitchIds: ['bad-id'] } }, nodePools: [{ name: 'a', desiredSize: -1 }] });
    expect(runRules(sections, { file: 'c.yaml' }).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('asks a base profile only for what it writes wrong, not for what it leaves to the profiles that extend it', () => {
    const base = { cluster: { network: { podCidr: '172.20.0.0/16' } }, nodePools: [{ name: 'web' }, { name: 'web' }] };
    const partial = runRules(sectionsOf(base), { file: 'b.yaml', partial: true }).map((i) => i.message);
    // No plugin written: podCidr may be right for the child's flannel. No size: the child adds it.
    expect(partial).toEqual(['pool name "web" is used twice']);
    const complete = runRules(sectionsOf(base), { file: 'b.yaml' }).map((i) => i.message);
    expect(complete).toContain('podCidr is for flannel; terway takes pod IPs from podVswitchIds');
    expect(complete).toContain('pool "web" needs desiredSize or autoscaling');
  });

  it('reports every issue of a file at once, sorted by line', async () => {
    const { issues } = await validateFile('multi-issue.yaml', { cwd: new URL('../fixtures/invalid/', import.meta.url).pathname });
    const lines = issues.map((i) => i.location!.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(issues.filter((i) => i.severity === 'error')).toHaveLength(7);
    expect(issues.map(formatIssue).every((line) => /^multi-issue\.yaml:\d+:\d+ /.test(line))).toBe(true);
  });
});

describe('sections of a profile the whole schema parsed', () => {
  // Every complete profile the package ships and the valid fixtures: a wide spread of fields.
  const files = [
    ...readdirSync('profiles').filter((f) => f.endsWith('.yaml')).map((f) => join('profiles', f)),
    ...readdirSync('test/fixtures/valid').filter((f) => f.endsWith('.yaml')).map((f) => join('test/fixtures/valid', f)),
  ];

  it.each(files)('%s: taken from the parse, they equal the field-by-field parse', async (file) => {
    const composed = await composeProfile(file, { cwd: process.cwd() });
    const plain = toPlain(composed.tree!) as Record<string, unknown>;
    for (const key of Object.keys(plain)) if (key.startsWith(EXTENSION_KEY_PREFIX)) delete plain[key];
    const parsed = profileSchema.safeParse(plain, PARSE_ONCE);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const fromParse = sectionsOf(plain, parsed.data);
    expect(fromParse.pools.length).toBeGreaterThan(0);
    expect(fromParse).toEqual(sectionsOf(plain));
  });
});
