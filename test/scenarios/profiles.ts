/** Profiles for unit tests, built with the real schema so defaults are filled as in production. */

import { profileSchema, type Profile, type ProfileInput } from '../../src/profile/schema.js';

type PoolInput = ProfileInput['nodePools'][number];

/** A valid terway profile in the emulator's world with one fixed-size pool; override what a test needs. */
export function makeProfile(
  overrides: {
    cluster?: Partial<ProfileInput['cluster']>;
    network?: Partial<ProfileInput['cluster']['network']>;
    scenarios?: ProfileInput['scenarios'];
    pools?: PoolInput[];
    tags?: Record<string, string>;
  } = {},
): Profile {
  return profileSchema.parse({
    apiVersion: 'ackl2/v1',
    kind: 'ClusterProfile',
    metadata: { name: 'unit', region: 'cn-hangzhou', tags: overrides.tags ?? {} },
    cluster: {
      kubernetesVersion: '1.30.7-aliyun.1',
      ...overrides.cluster,
      network: {
        vpcId: 'vpc-bp1ackl2demo0001',
        vswitchIds: ['vsw-bp1nodeh00001', 'vsw-bp1nodei00002'],
        plugin: 'terway',
        podVswitchIds: ['vsw-bp1podh000004', 'vsw-bp1podi000005'],
        ...overrides.network,
      },
    },
    scenarios: overrides.scenarios ?? {},
    nodePools: overrides.pools ?? [pool()],
  });
}

export function pool(overrides: Partial<PoolInput> = {}): PoolInput {
  return {
    name: 'web',
    instanceTypes: ['ecs.g7.xlarge'],
    desiredSize: 2,
    image: { os: 'AliyunLinux2', id: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd' },
    login: { keyPair: 'ackl2-demo' },
    ...overrides,
  };
}

/** The profile with one pool's OS forced to a family the schema does not offer (kernel checks). */
export function withOldKernelPool(profile: Profile, index = 0): Profile {
  const copy = structuredClone(profile);
  const target = copy.nodePools[index];
  if (!target) throw new Error(`no pool ${index}`);
  (target.image as { os: string }).os = 'CentOS7';
  return copy;
}
