import { describe, expect, it } from 'vitest';
import { preflight, resolveKubernetesVersion } from '../../src/apply/preflight.js';
import type { ProfilePath } from '../../src/profile/issues.js';
import { formatPath } from '../../src/profile/issues.js';
import type { ProfileInput } from '../../src/profile/schema.js';
import type { GuardedChange, PreflightScope } from '../../src/apply/preflight-scope.js';
import { FakeAck, FakeEcs, fakeCloudProfile as profile } from './fake-cloud.js';


/** Every path is "located" at a fake line so tests can check the location is filled in. */
const locate = (path: ProfilePath) => ({ file: 'p.yaml', line: path.length, col: 1 });

async function check(edit?: (p: ProfileInput) => void, options: { ecs?: FakeEcs; ack?: FakeAck; env?: NodeJS.ProcessEnv; existingClusterId?: string; scope?: PreflightScope } = {}) {
  const ecs = options.ecs ?? new FakeEcs();
  const ack = options.ack ?? new FakeAck();
  const existing = { clusterId: options.existingClusterId, pools: new Set<string>(), nodes: new Set<string>() };
  const result = await preflight({ profile: profile(edit), gateways: { ack, ecs, vpc: ecs }, env: options.env ?? {}, locate, existing, scope: options.scope });
  const errors = result.issues.filter((i) => i.severity === 'error').map((i) => `${formatPath(i.path)}: ${i.message}`);
  const warnings = result.issues.filter((i) => i.severity === 'warning').map((i) => `${formatPath(i.path)}: ${i.message}`);
  return { result, errors, warnings, ecs, ack };
}

describe('preflight', () => {
  it('passes a good profile and resolves the minor version to its newest patch', async () => {
    const { errors, result, ack, ecs } = await check();
    expect(errors).toEqual([]);
    expect(result.kubernetesVersion).toBe('1.30.7-aliyun.1');
    // reads only
    expect([...ack.calls, ...ecs.calls].map((c) => c.action).every((a) => /^(Describe|Check)/.test(a))).toBe(true);
    expect(result.issues.every((i) => i.location !== undefined)).toBe(true);
  });

  it('reports every problem at once, each at its path', async () => {
    const { errors } = await check(
      (p) => {
        p.cluster.network.vswitchIds = ['vsw-h0001', 'vsw-other0004', 'vsw-missing9'];
        const pool = p.nodePools[0]!;
        pool.instanceTypes = ['ecs.g7.xlarge', 'ecs.c9.huge'];
        pool.image = { os: 'AliyunLinux2', id: 'aliyun_3_x64_20G_alibase_20240819.vhd' };
        pool.login = { keyPair: 'nobody-key' };
        pool.join = { instanceIds: ['i-stopped0001', 'i-taken0001', 'i-othervpc01', 'i-ghost0001'] };
        p.nodePools.push({ name: 'db', instanceTypes: ['ecs.g7.xlarge'], desiredSize: 1, image: { os: 'AliyunLinux2', id: 'aliyun_2_1903_x64_20G_alibase_19990101.vhd' }, login: { passwordFromEnv: 'DB_PW' } });
      },
      { env: {} },
    );
    expect(errors).toEqual([
      'cluster.network.vswitchIds[1]: vSwitch vsw-other0004 belongs to VPC vpc-other0002, not vpc-main0001',
      'cluster.network.vswitchIds[2]: vSwitch vsw-missing9 does not exist in cn-hangzhou',
      "nodePools[0].instanceTypes[1]: instance type ecs.c9.huge is not offered in cn-hangzhou-h (the zones of pool \"web\"'s vSwitches)",
      'nodePools[0].image.id: image aliyun_3_x64_20G_alibase_20240819.vhd is AliyunLinux3, but image.os is AliyunLinux2',
      'nodePools[1].image.id: image aliyun_2_1903_x64_20G_alibase_19990101.vhd does not exist in cn-hangzhou',
      'nodePools[0].login.keyPair: key pair nobody-key does not exist in cn-hangzhou',
      'nodePools[1].login.passwordFromEnv: environment variable DB_PW is not set',
      'nodePools[0].join.instanceIds[0]: ECS instance i-stopped0001 is Stopped, not Running',
      'nodePools[0].join.instanceIds[1]: ECS instance i-taken0001 already belongs to cluster c-other',
      'nodePools[0].join.instanceIds[2]: ECS instance i-othervpc01 is in VPC vpc-other0002, not the cluster\'s VPC vpc-main0001',
      'nodePools[0].join.instanceIds[3]: ECS instance i-ghost0001 does not exist in cn-hangzhou',
    ]);
  });

  it('says an instance type is sold out, and where it is offered', async () => {
    const { result } = await check((p) => {
      p.nodePools[0]!.vswitchIds = ['vsw-i0002'];
      p.nodePools[0]!.instanceTypes = ['ecs.gn6v-c8g1.2xlarge'];
    });
    const issue = result.issues.find((i) => i.severity === 'error')!;
    expect(issue.message).toContain('is not offered in cn-hangzhou-i');
    expect(issue.hint).toContain('offered in cn-hangzhou-h');
  });

  it('warns when a type is missing in some of the pool zones', async () => {
    const { errors, warnings } = await check((p) => {
      p.nodePools[0]!.instanceTypes = ['ecs.gn6v-c8g1.2xlarge'];
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual(['nodePools[0].instanceTypes[0]: instance type ecs.gn6v-c8g1.2xlarge is not offered in cn-hangzhou-i; pool "web" gets it only in cn-hangzhou-h']);
  });

  it('refuses Alibaba Cloud Linux 2 where the version no longer creates it, naming the way out', async () => {
    const { result } = await check((p) => {
      p.cluster.kubernetesVersion = '1.31';
    });
    expect(result.kubernetesVersion).toBe('1.31.9-aliyun.1');
    const issue = result.issues.find((i) => i.severity === 'error')!;
    expect(formatPath(issue.path)).toBe('nodePools[0].image.os');
    expect(issue.message).toBe('AliyunLinux2 (image type AliyunLinux) cannot be used with Kubernetes 1.31.9-aliyun.1');
    expect(issue.hint).toContain('AliyunLinux3');
    expect(issue.hint).toContain('1.30.7-aliyun.1');
  });

  it('refuses an unknown Kubernetes version, listing the offered ones', async () => {
    const { result } = await check((p) => {
      p.cluster.kubernetesVersion = '1.26';
    });
    const issue = result.issues.find((i) => i.severity === 'error')!;
    expect(formatPath(issue.path)).toBe('cluster.kubernetesVersion');
    expect(issue.hint).toContain('1.31.9-aliyun.1');
  });

  it('refuses a service or pod CIDR inside the VPC, at its line', async () => {
    const terway = await check((p) => {
      p.cluster.network.serviceCidr = '192.168.240.0/20';
    });
    expect(terway.errors).toEqual(['cluster.network.serviceCidr: serviceCidr 192.168.240.0/20 overlaps the CIDR 192.168.0.0/16 of VPC vpc-main0001']);
    const flannel = await check((p) => {
      p.cluster.network = { vpcId: 'vpc-main0001', vswitchIds: ['vsw-h0001'], plugin: 'flannel', podCidr: '192.168.128.0/17', serviceCidr: '172.21.0.0/20' };
    });
    expect(flannel.errors).toEqual(['cluster.network.podCidr: podCidr 192.168.128.0/17 overlaps the CIDR 192.168.0.0/16 of VPC vpc-main0001']);
  });

  it('an unknown region stops there with one issue: the other reads, failing with it, are noise', async () => {
    const ecs = new FakeEcs();
    ecs.regionKnown = false;
    const { errors, result } = await check(undefined, { ecs });
    expect(errors).toEqual(['metadata.region: region cn-hangzhou is not available to this account (no zones offer instances)']);
    expect(result.checked).toEqual(['region']);
    // They went out beside the zones, and every one of them failed with the unknown region.
    expect(ecs.calls.map((c) => c.action)).toEqual(expect.arrayContaining(['DescribeAvailableResource', 'DescribeVpcs', 'DescribeImages']));
  });

  it('reads the zones beside the other reads, in one round trip', async () => {
    const ecs = new FakeEcs();
    const zones = ecs.describeAvailableInstanceTypes.bind(ecs);
    let answerZones!: () => void;
    const zonesAnswered = new Promise<void>((resolve) => (answerZones = resolve));
    ecs.describeAvailableInstanceTypes = async () => {
      await zonesAnswered;
      return zones();
    };
    const ack = new FakeAck();
    const checking = check(undefined, { ecs, ack });
    await new Promise((resolve) => setImmediate(resolve));
    // While the zones are still unanswered, every other read is already out.
    const sent = [...ecs.calls, ...ack.calls].map((c) => c.action);
    expect(sent).toEqual(expect.arrayContaining(['DescribeVpcs', 'DescribeVSwitches', 'DescribeImages', 'DescribeKeyPairs', 'DescribeKubernetesVersionMetadata', 'CheckServiceRole', 'DescribeInstanceTypes']));
    answerZones();
    expect((await checking).errors).toEqual([]);
  });

  it('a failed read other than the region is still reported when the region is fine', async () => {
    const ecs = new FakeEcs();
    ecs.describeVpcs = async () => {
      throw new Error('DescribeVpcs: ServiceUnavailable');
    };
    await expect(check(undefined, { ecs })).rejects.toThrow('DescribeVpcs: ServiceUnavailable');
  });

  it('instances already in this very cluster are fine on a rerun', async () => {
    const ecs = new FakeEcs();
    ecs.instances.push({ instanceId: 'i-mine0001', status: 'Running', vpcId: 'vpc-main0001', clusterId: 'c-1', tags: [] });
    const { errors } = await check((p) => void (p.nodePools[0]!.join = { instanceIds: ['i-mine0001'] }), { ecs, existingClusterId: 'c-1' });
    expect(errors).toEqual([]);
  });
});

describe('Kubernetes versions', () => {
  it('resolves exact versions only to themselves', () => {
    const versions = new FakeAck().versions;
    expect(resolveKubernetesVersion('1.30.1-aliyun.1', versions)?.version).toBe('1.30.1-aliyun.1');
    expect(resolveKubernetesVersion('1.30.2-aliyun.1', versions)).toBeUndefined();
    expect(resolveKubernetesVersion('1.3', versions)).toBeUndefined();
  });
});

describe('preflight of the changes a run makes', () => {
  const scope = (pools: Record<string, GuardedChange[]>, cluster: GuardedChange[] = []): PreflightScope => ({
    cluster: new Set(cluster),
    pools: new Map(Object.entries(pools).map(([name, changes]) => [name, new Set(changes)])),
  });
  const actions = (ack: FakeAck, ecs: FakeEcs) => [...ack.calls, ...ecs.calls].map((c) => c.action);
  // Every check would refuse this profile if it ran: a missing key pair and image, a type no zone offers, an unset password.
  const broken = (p: ProfileInput) => {
    const web = p.nodePools[0]!;
    web.login = { keyPair: 'nobody-key' };
    web.image = { os: 'AliyunLinux3', id: 'aliyun_3_x64_20G_alibase_19990101.vhd' };
    web.instanceTypes = ['ecs.c9.huge'];
    delete web.join;
    p.nodePools.push({ name: 'db', instanceTypes: ['ecs.g7.xlarge'], desiredSize: 1, image: { os: 'AliyunLinux3' }, login: { passwordFromEnv: 'DB_PW' } });
  };

  it('asks the account nothing when only sizes and labels of existing pools change', async () => {
    const { result, ack, ecs } = await check(broken, { existingClusterId: 'c-1', scope: scope({ web: ['scale', 'settings'], db: ['settings'] }) });
    expect(actions(ack, ecs)).toEqual([]);
    expect(result.issues).toEqual([]);
    expect(result.checked).toEqual([]);
  });

  it('checks new instance types of an existing pool, and only that', async () => {
    const { errors, ack, ecs, result } = await check(broken, { existingClusterId: 'c-1', scope: scope({ web: ['instance-types', 'scale'], db: ['scale'] }) });
    expect(errors).toEqual(["nodePools[0].instanceTypes[0]: instance type ecs.c9.huge is not offered in cn-hangzhou-h, cn-hangzhou-i (the zones of pool \"web\"'s vSwitches)"]);
    expect(new Set(actions(ack, ecs))).toEqual(new Set(['DescribeAvailableResource', 'DescribeVSwitches', 'DescribeInstanceTypes']));
    expect(result.checked).toEqual(['instance types in the zones', 'Terway pod addresses']);
  });

  it('judges a pool created in an existing cluster as create does, and leaves the others alone', async () => {
    const { errors, ack, ecs } = await check(broken, { existingClusterId: 'c-1', scope: scope({ web: ['scale'], db: ['create-pool'] }) });
    expect(errors).toEqual(['nodePools[1].login.passwordFromEnv: environment variable DB_PW is not set']);
    expect(actions(ack, ecs)).toEqual(expect.arrayContaining(['DescribeAvailableResource', 'DescribeVpcs', 'DescribeVSwitches', 'CheckServiceRole', 'DescribeKubernetesVersionMetadata']));
    // web's key pair and image are not its change: not read.
    expect(actions(ack, ecs)).not.toContain('DescribeKeyPairs');
    expect(actions(ack, ecs)).not.toContain('DescribeImages');
  });

  it('checks a new pinned image and key pair of an existing pool', async () => {
    const { errors } = await check(broken, { existingClusterId: 'c-1', scope: scope({ web: ['image', 'login'] }) });
    expect(errors).toEqual([
      'nodePools[0].image.id: image aliyun_3_x64_20G_alibase_19990101.vhd does not exist in cn-hangzhou',
      'nodePools[0].login.keyPair: key pair nobody-key does not exist in cn-hangzhou',
    ]);
  });
});
