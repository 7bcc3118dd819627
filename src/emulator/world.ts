/**
 * The emulator's world: what a region offers before anyone creates anything (zones, VPCs,
 * vSwitches, instance types, public images, key pairs, spare ECS instances) and the Kubernetes
 * versions ACK offers. `defaultWorld(catalogue)` is the seeded topology (the ids profiles and
 * tests rely on) playing one dated catalogue (src/catalog/): its versions, image types,
 * runtimes, public images and instance types. A YAML/JSON world file (`--world`) replaces it.
 */

import * as z from 'zod';
import { DEFAULT_CATALOGUE, getCatalogue, type Catalogue } from '../catalog/index.js';

const id = z.string().min(1);
const cidrBlock = z.string().refine(
  (s) => {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(s);
    return m !== null && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
  },
  { message: 'must be an IPv4 CIDR block such as 192.168.0.0/16' },
);
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO 8601 time such as 2024-06-28T00:00:00Z' });

export const vpcSchema = z.strictObject({
  id,
  cidr: cidrBlock,
  name: z.string().default(''),
  isDefault: z.boolean().default(false),
});

export const vswitchSchema = z.strictObject({
  id,
  vpcId: id,
  zoneId: id,
  cidr: cidrBlock,
  name: z.string().default(''),
  /** Free addresses the vSwitch reports; defaults to the block size minus the 4 reserved. */
  availableIpCount: z.number().int().nonnegative().optional(),
});

export const instanceTypeSchema = z.strictObject({
  id: z.string().regex(/^ecs\.[a-z0-9-]+\.[a-z0-9]+$/, { message: 'must be an instance type such as ecs.g7.xlarge' }),
  cpu: z.number().int().positive(),
  memoryGiB: z.number().positive(),
  zones: z.array(id).min(1),
  gpu: z.strictObject({ amount: z.number().int().positive(), spec: z.string().min(1), memoryGiB: z.number().positive().default(24) }).optional(),
  /** ECS Bare Metal (ecs.ebm*): the only family that runs sandboxed (runV) containers. */
  bareMetal: z.boolean().optional(),
  architecture: z.enum(['X86', 'ARM']).default('X86'),
  eniQuantity: z.number().int().positive().default(4),
  eniPrivateIpAddressQuantity: z.number().int().positive().default(15),
});

export const imageSchema = z.strictObject({
  id,
  name: z.string().optional(),
  family: z.string().default(''),
  osName: z.string(),
  osType: z.enum(['linux', 'windows']).default('linux'),
  platform: z.string().default('Aliyun'),
  architecture: z.enum(['x86_64', 'i386', 'arm64']).default('x86_64'),
  creationTime: isoTime,
  sizeGiB: z.number().int().positive().default(20),
  ownerAlias: z.enum(['system', 'self', 'others', 'marketplace']).default('system'),
  status: z.enum(['Available', 'Creating', 'UnAvailable', 'CreateFailed', 'Deprecated']).default('Available'),
  /** The ACK image_type this image serves (AliyunLinux, AliyunLinux3, ...), if any. */
  ackImageType: z.string().optional(),
});

export const instanceSchema = z.strictObject({
  id,
  name: z.string().optional(),
  zoneId: id,
  vswitchId: id,
  instanceType: id,
  status: z.enum(['Running', 'Stopped', 'Starting', 'Stopping', 'Pending']).default('Running'),
  imageId: z.string().optional(),
  privateIp: z.string().optional(),
  /** Set when the instance already belongs to an ACK cluster (outside this emulator). */
  clusterId: z.string().optional(),
  keyPairName: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
});

export const regionSchema = z.strictObject({
  id: z.string().regex(/^[a-z]{2,}-[a-z0-9-]+$/, { message: 'must be a region id such as cn-hangzhou' }),
  zones: z.array(id).min(1),
  vpcs: z.array(vpcSchema).default([]),
  vswitches: z.array(vswitchSchema).default([]),
  keyPairs: z.array(z.strictObject({ name: id, fingerprint: z.string().optional() })).default([]),
  instanceTypes: z.array(instanceTypeSchema).default([]),
  images: z.array(imageSchema).default([]),
  instances: z.array(instanceSchema).default([]),
});

export const kubernetesVersionSchema = z.strictObject({
  version: z.string().regex(/^\d+\.\d+\.\d+-aliyun\.\d+$/, { message: 'must be an ACK version such as 1.30.7-aliyun.1' }),
  /** ACK image_type values new node pools may use with this version. */
  creatableImageTypes: z.array(z.string()).min(1),
  releaseDate: isoTime,
  expirationDate: isoTime.optional(),
  creatable: z.boolean().default(true),
  runtimes: z.array(z.strictObject({ name: z.string(), version: z.string() })).default([
    { name: 'containerd', version: '1.6.36' },
    { name: 'Sandboxed-Container.runv', version: '2.4.1' },
  ]),
});

/** The account: ACK activated and which of its service roles are authorised (all, unless listed). */
const accountSchema = z.strictObject({
  ackActivated: z.boolean().default(true),
  ungrantedServiceRoles: z.array(z.string().min(1)).default([]),
});

export const worldSchema = z.strictObject({
  /** The dated catalogue the world plays (src/catalog/), absent for a hand-written world. */
  catalogue: z.string().optional(),
  regions: z.array(regionSchema).min(1),
  kubernetesVersions: z.array(kubernetesVersionSchema).min(1),
  account: accountSchema.default({ ackActivated: true, ungrantedServiceRoles: [] }),
});

export type World = z.infer<typeof worldSchema>;
export type WorldInput = z.input<typeof worldSchema>;
export type RegionWorld = z.infer<typeof regionSchema>;
export type VpcWorld = z.infer<typeof vpcSchema>;
export type VSwitchWorld = z.infer<typeof vswitchSchema>;
export type InstanceTypeWorld = z.infer<typeof instanceTypeSchema>;
export type ImageWorld = z.infer<typeof imageSchema>;
export type InstanceWorld = z.infer<typeof instanceSchema>;
export type KubernetesVersionWorld = z.infer<typeof kubernetesVersionSchema>;

export { AL2_FAMILY, AL3_FAMILY } from '../catalog/shared.js';

function publicImages(catalogue: Catalogue): WorldInput['regions'][number]['images'] {
  return catalogue.images.map(({ source: _source, ...image }) => image);
}

/** Only the instance types the catalogue offers. */
function offered<T extends { id: string }>(catalogue: Catalogue, types: T[]): T[] {
  return types.filter((t) => catalogue.instanceTypes.ids.includes(t.id));
}

function hangzhou(catalogue: Catalogue): WorldInput['regions'][number] {
  const hij = ['cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j'];
  const hi = ['cn-hangzhou-h', 'cn-hangzhou-i'];
  const spare = [1, 2, 3, 4, 5, 6].map((n) => ({
    id: `i-bp1spare00000${n}`,
    name: `spare-${n}`,
    zoneId: 'cn-hangzhou-h',
    vswitchId: 'vsw-bp1nodeh00001',
    instanceType: 'ecs.g7.xlarge',
    status: 'Running' as const,
    imageId: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd',
    privateIp: `192.168.1.${10 + n}`,
  }));
  return {
    id: 'cn-hangzhou',
    zones: hij,
    vpcs: [
      { id: 'vpc-bp1ackl2demo0001', cidr: '192.168.0.0/16', name: 'ackl2-demo' },
      { id: 'vpc-bp1other000002', cidr: '10.0.0.0/16', name: 'other' },
    ],
    vswitches: [
      { id: 'vsw-bp1nodeh00001', vpcId: 'vpc-bp1ackl2demo0001', zoneId: 'cn-hangzhou-h', cidr: '192.168.0.0/20', name: 'nodes-h' },
      { id: 'vsw-bp1nodei00002', vpcId: 'vpc-bp1ackl2demo0001', zoneId: 'cn-hangzhou-i', cidr: '192.168.16.0/20', name: 'nodes-i' },
      { id: 'vsw-bp1nodej00003', vpcId: 'vpc-bp1ackl2demo0001', zoneId: 'cn-hangzhou-j', cidr: '192.168.32.0/20', name: 'nodes-j' },
      { id: 'vsw-bp1podh000004', vpcId: 'vpc-bp1ackl2demo0001', zoneId: 'cn-hangzhou-h', cidr: '192.168.64.0/19', name: 'pods-h' },
      { id: 'vsw-bp1podi000005', vpcId: 'vpc-bp1ackl2demo0001', zoneId: 'cn-hangzhou-i', cidr: '192.168.96.0/19', name: 'pods-i' },
      { id: 'vsw-bp1other00006', vpcId: 'vpc-bp1other000002', zoneId: 'cn-hangzhou-h', cidr: '10.0.0.0/24', name: 'other-h' },
    ],
    keyPairs: [{ name: 'ackl2-demo' }],
    instanceTypes: offered(catalogue, [
      { id: 'ecs.g7.xlarge', cpu: 4, memoryGiB: 16, zones: hij },
      { id: 'ecs.g7.2xlarge', cpu: 8, memoryGiB: 32, zones: hij },
      { id: 'ecs.c7.xlarge', cpu: 4, memoryGiB: 8, zones: hij },
      { id: 'ecs.r7.xlarge', cpu: 4, memoryGiB: 32, zones: hij },
      { id: 'ecs.g6.xlarge', cpu: 4, memoryGiB: 16, zones: hi, eniQuantity: 3, eniPrivateIpAddressQuantity: 10 },
      { id: 'ecs.ebmg7.32xlarge', cpu: 128, memoryGiB: 512, zones: hi, bareMetal: true, eniQuantity: 15, eniPrivateIpAddressQuantity: 30 },
      { id: 'ecs.ebmc7.48xlarge', cpu: 192, memoryGiB: 384, zones: hi, bareMetal: true, eniQuantity: 15, eniPrivateIpAddressQuantity: 30 },
      { id: 'ecs.gn7i-c8g1.2xlarge', cpu: 8, memoryGiB: 30, zones: hi, gpu: { amount: 1, spec: 'NVIDIA A10', memoryGiB: 24 } },
      { id: 'ecs.gn6v-c8g1.2xlarge', cpu: 8, memoryGiB: 32, zones: ['cn-hangzhou-h'], gpu: { amount: 1, spec: 'NVIDIA V100', memoryGiB: 16 } },
    ]),
    images: publicImages(catalogue),
    instances: [
      ...spare,
      {
        id: 'i-bp1taken000001',
        name: 'taken-1',
        zoneId: 'cn-hangzhou-h',
        vswitchId: 'vsw-bp1nodeh00001',
        instanceType: 'ecs.g7.xlarge',
        status: 'Running',
        imageId: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd',
        privateIp: '192.168.1.50',
        clusterId: 'c0ther0000000000000000000000000001',
      },
      {
        id: 'i-bp1stopped00001',
        name: 'stopped-1',
        zoneId: 'cn-hangzhou-h',
        vswitchId: 'vsw-bp1nodeh00001',
        instanceType: 'ecs.g7.xlarge',
        status: 'Stopped',
        imageId: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd',
        privateIp: '192.168.1.60',
      },
      {
        id: 'i-bp1othervpc00001',
        name: 'other-vpc-1',
        zoneId: 'cn-hangzhou-h',
        vswitchId: 'vsw-bp1other00006',
        instanceType: 'ecs.g7.xlarge',
        status: 'Running',
        imageId: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd',
        privateIp: '10.0.0.10',
      },
    ],
  };
}

function beijing(catalogue: Catalogue): WorldInput['regions'][number] {
  const gh = ['cn-beijing-g', 'cn-beijing-h'];
  return {
    id: 'cn-beijing',
    zones: gh,
    vpcs: [{ id: 'vpc-2zeackl2demo0001', cidr: '172.16.0.0/16', name: 'ackl2-demo' }],
    vswitches: [
      { id: 'vsw-2zenodeg00001', vpcId: 'vpc-2zeackl2demo0001', zoneId: 'cn-beijing-g', cidr: '172.16.0.0/20', name: 'nodes-g' },
      { id: 'vsw-2zenodeh00002', vpcId: 'vpc-2zeackl2demo0001', zoneId: 'cn-beijing-h', cidr: '172.16.16.0/20', name: 'nodes-h' },
      { id: 'vsw-2zepodg000003', vpcId: 'vpc-2zeackl2demo0001', zoneId: 'cn-beijing-g', cidr: '172.16.64.0/19', name: 'pods-g' },
    ],
    keyPairs: [{ name: 'ackl2-demo' }],
    instanceTypes: offered(catalogue, [
      { id: 'ecs.g7.xlarge', cpu: 4, memoryGiB: 16, zones: gh },
      { id: 'ecs.c7.xlarge', cpu: 4, memoryGiB: 8, zones: gh },
      { id: 'ecs.ebmg7.32xlarge', cpu: 128, memoryGiB: 512, zones: ['cn-beijing-g'], bareMetal: true, eniQuantity: 15, eniPrivateIpAddressQuantity: 30 },
    ]),
    images: publicImages(catalogue),
    instances: [],
  };
}

/** The seeded world playing a dated catalogue (the ids are shared facts: profiles and tests rely on them). */
export function defaultWorld(catalogueName: string = DEFAULT_CATALOGUE): World {
  const catalogue = getCatalogue(catalogueName);
  return worldSchema.parse({
    catalogue: catalogue.name,
    regions: [hangzhou(catalogue), beijing(catalogue)],
    kubernetesVersions: catalogue.versions.map((v) => ({
      version: v.version,
      creatableImageTypes: [...v.imageTypes],
      releaseDate: `${v.releaseDate}T00:00:00Z`,
      expirationDate: `${v.endOfSupport}T00:00:00Z`,
      runtimes: v.runtimes.map((r) => ({ ...r })),
    })),
  } satisfies WorldInput);
}

/** Cross-references a schema cannot express: every reference names something that exists. */
export function worldReferenceIssues(world: World): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const seen = new Map<string, string>();
  const unique = (kind: string, value: string, path: (string | number)[]) => {
    const key = `${kind}:${value}`;
    if (seen.has(key)) issues.push({ path, message: `duplicate ${kind} "${value}" (first at ${seen.get(key)})` });
    else seen.set(key, path.join('.'));
  };
  world.regions.forEach((region, r) => {
    unique('region', region.id, ['regions', r, 'id']);
    const zones = new Set(region.zones);
    const vpcs = new Set(region.vpcs.map((v) => v.id));
    const vswitches = new Map(region.vswitches.map((v) => [v.id, v]));
    const types = new Set(region.instanceTypes.map((t) => t.id));
    region.vpcs.forEach((v, i) => unique('VPC', v.id, ['regions', r, 'vpcs', i, 'id']));
    region.vswitches.forEach((v, i) => {
      unique('vSwitch', v.id, ['regions', r, 'vswitches', i, 'id']);
      if (!vpcs.has(v.vpcId)) issues.push({ path: ['regions', r, 'vswitches', i, 'vpcId'], message: `unknown VPC "${v.vpcId}" (known: ${[...vpcs].join(', ') || 'none'})` });
      if (!zones.has(v.zoneId)) issues.push({ path: ['regions', r, 'vswitches', i, 'zoneId'], message: `zone "${v.zoneId}" is not in regions[${r}].zones` });
    });
    region.instanceTypes.forEach((t, i) =>
      t.zones.forEach((z, j) => {
        if (!zones.has(z)) issues.push({ path: ['regions', r, 'instanceTypes', i, 'zones', j], message: `zone "${z}" is not in regions[${r}].zones` });
      }),
    );
    region.images.forEach((img, i) => unique('image', `${region.id}/${img.id}`, ['regions', r, 'images', i, 'id']));
    region.instances.forEach((inst, i) => {
      unique('instance', inst.id, ['regions', r, 'instances', i, 'id']);
      const vsw = vswitches.get(inst.vswitchId);
      if (!vsw) issues.push({ path: ['regions', r, 'instances', i, 'vswitchId'], message: `unknown vSwitch "${inst.vswitchId}"` });
      else if (vsw.zoneId !== inst.zoneId) issues.push({ path: ['regions', r, 'instances', i, 'zoneId'], message: `vSwitch ${vsw.id} is in ${vsw.zoneId}, not ${inst.zoneId}` });
      if (!types.has(inst.instanceType)) issues.push({ path: ['regions', r, 'instances', i, 'instanceType'], message: `instance type "${inst.instanceType}" is not in regions[${r}].instanceTypes` });
    });
  });
  world.kubernetesVersions.forEach((v, i) => unique('Kubernetes version', v.version, ['kubernetesVersions', i, 'version']));
  return issues;
}
