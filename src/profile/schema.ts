/**
 * The cluster profile format (ackl2/v1) as one strict zod schema. Types only: rules that
 * relate fields to each other live in rules.ts; scenario requirements in src/scenarios/.
 * `ackl2 schema` and schema/ackl2-profile.schema.json are generated from this file.
 */

import { z } from 'zod';
import { CATALOGUE } from '../scenarios/catalogue.js';
import type { ScenarioScope } from '../scenarios/types.js';

export const API_VERSION = 'ackl2/v1';
export const KIND = 'ClusterProfile';

/** Supported node OS families, with what the API and the kernel make of them. */
export const OS_FAMILIES = {
  AliyunLinux2: {
    imageType: 'AliyunLinux',
    imageIdPrefix: 'aliyun_2_1903_x64_',
    imageFamily: 'acs:alibaba_cloud_linux_2_1903_lts_x64',
    kernel: '4.19',
  },
  AliyunLinux3: {
    imageType: 'AliyunLinux3',
    imageIdPrefix: 'aliyun_3_x64_',
    imageFamily: 'acs:alibaba_cloud_linux_3_2104_lts_x64',
    kernel: '5.10',
  },
} as const;
export type OsFamily = keyof typeof OS_FAMILIES;
const osFamilies = Object.keys(OS_FAMILIES) as [OsFamily, ...OsFamily[]];

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, {
    message: 'must be 1-63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
  });

const regionId = z
  .string()
  .regex(/^[a-z]{2,}-[a-z0-9-]+$/, { message: 'must be a region id such as cn-hangzhou' });

const tagMap = z
  .record(z.string().min(1).max(128), z.string().max(128))
  .describe('Tags copied to the cluster and every node pool.');

const resourceId = (prefix: string, what: string) =>
  z.string().regex(new RegExp(`^${prefix}-[a-z0-9]{4,}$`), { message: `must be a ${what} id (${prefix}-...)` });

export const vpcId = resourceId('vpc', 'VPC');
export const vswitchId = resourceId('vsw', 'vSwitch');
export const instanceId = resourceId('i', 'ECS instance');

const cidr = z.string().describe('IPv4 CIDR block, e.g. 172.20.0.0/16.');

const kubernetesVersion = z
  .string()
  .regex(/^1\.\d{1,2}(\.\d{1,2}-aliyun\.\d+)?$/, {
    message: 'must be a minor version ("1.28") or an exact ACK version ("1.28.9-aliyun.1")',
  });

function scenariosFor(scope: ScenarioScope) {
  const shape: Record<string, z.ZodOptional<z.ZodType>> = {};
  for (const scenario of CATALOGUE) {
    if (scenario.scopes.includes(scope)) shape[scenario.id] = scenario.options.optional();
  }
  return z
    .strictObject(shape)
    .describe(`Scenario tunings at ${scope} level; \`{}\` switches one on with its defaults.`);
}

const networkSchema = z.strictObject({
  vpcId,
  vswitchIds: z.array(vswitchId).min(1).max(10).describe('vSwitches of the control plane and (by default) of the nodes.'),
  plugin: z.enum(['terway', 'flannel']).default('terway'),
  podVswitchIds: z.array(vswitchId).min(1).max(10).optional().describe('Terway only: vSwitches pods take IPs from.'),
  podCidr: cidr.optional().describe('Flannel only: the pod network.'),
  serviceCidr: cidr.default('172.21.0.0/20'),
  proxyMode: z.enum(['ipvs', 'iptables']).default('ipvs'),
  natGateway: z.boolean().default(true).describe('Create a NAT gateway and SNAT entries so nodes reach the internet.'),
});

const addonSchema = z.strictObject({
  name: z.string().min(1),
  version: z.string().min(1).optional(),
  config: z.string().optional().describe('The add-on configuration as the API takes it: a JSON string.'),
  disabled: z.boolean().optional(),
});

const clusterSchema = z.strictObject({
  spec: z.enum(['ack.pro.small', 'ack.standard']).default('ack.pro.small'),
  kubernetesVersion,
  deletionProtection: z.boolean().default(true),
  apiServer: z
    .strictObject({ publicAccess: z.boolean().default(false) })
    .default({ publicAccess: false }),
  network: networkSchema,
  addons: z.array(addonSchema).default([]).describe('Passed through as the API addons[].'),
});

const diskCategory = z.enum(['cloud_essd', 'cloud_auto', 'cloud_efficiency', 'cloud_ssd']);
const performanceLevel = z.enum(['PL0', 'PL1', 'PL2', 'PL3']);

const imageSchema = z.strictObject({
  os: z.enum(osFamilies).default('AliyunLinux2'),
  id: z.string().min(1).optional().describe('Pinned image id; `ackl2 pin` fills and refreshes it.'),
});

const poolSchema = z.strictObject({
  name: dnsLabel,
  instanceTypes: z
    .array(z.string().regex(/^ecs\.[a-z0-9-]+\.[a-z0-9-]+$/, { message: 'must be an ECS instance type such as ecs.g7.xlarge' }))
    .min(1)
    .max(10),
  vswitchIds: z.array(vswitchId).min(1).max(10).optional().describe('Default: cluster.network.vswitchIds.'),
  image: imageSchema.default({ os: 'AliyunLinux2' }),
  desiredSize: z.number().int().min(0).max(2000).optional(),
  autoscaling: z
    .strictObject({
      min: z.number().int().min(0).max(2000),
      max: z.number().int().min(1).max(2000),
      type: z.enum(['cpu', 'gpu', 'gpushare', 'spot']).default('cpu'),
    })
    .optional(),
  runtime: z.enum(['containerd', 'sandboxed']).default('containerd'),
  systemDisk: z
    .strictObject({
      category: diskCategory.default('cloud_essd'),
      sizeGiB: z.number().int().min(20).max(2048).default(120),
      performanceLevel: performanceLevel.optional(),
    })
    .default({ category: 'cloud_essd', sizeGiB: 120 }),
  dataDisks: z
    .array(
      z.strictObject({
        category: diskCategory.default('cloud_essd'),
        sizeGiB: z.number().int().min(20).max(32768),
        performanceLevel: performanceLevel.optional(),
      }),
    )
    .max(10)
    .default([]),
  login: z
    .strictObject({
      keyPair: z.string().min(2).max(128).optional(),
      passwordFromEnv: z
        .string()
        .regex(/^[A-Z_][A-Z0-9_]*$/, { message: 'must be an environment variable name such as NODE_PASSWORD' })
        .optional(),
    })
    .describe('Exactly one of keyPair or passwordFromEnv.'),
  labels: z.record(z.string().min(1), z.string()).default({}),
  taints: z
    .array(
      z.strictObject({
        key: z.string().min(1),
        value: z.string().optional(),
        effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
      }),
    )
    .default([]),
  sysctls: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .default({})
    .describe('Node-level sysctls, written by the pre-join script to /etc/sysctl.d/90-ackl2.conf.'),
  allowedUnsafeSysctls: z.array(z.string()).default([]).describe('Pod-level sysctls the kubelet allows.'),
  kubelet: z
    .strictObject({
      maxPods: z.number().int().min(16).max(256).optional(),
      cpuManagerPolicy: z.enum(['none', 'static']).optional(),
    })
    .default({}),
  scenarios: scenariosFor('pool').default({}),
  join: z
    .strictObject({
      instanceIds: z.array(instanceId).min(1).max(500),
      formatDisk: z.boolean().default(false),
      keepInstanceName: z.boolean().default(true),
    })
    .optional()
    .describe('Existing ECS instances to attach to this pool.'),
});

export const profileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint; ignored.'),
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(KIND),
    extends: z
      .array(z.string().min(1))
      .optional()
      .describe('Profiles this one builds on: paths relative to this file, or builtin:NAME.'),
    metadata: z.strictObject({
      name: dnsLabel.describe('Cluster name, unique in the region.'),
      region: regionId,
      tags: tagMap.default({}),
    }),
    cluster: clusterSchema,
    scenarios: scenariosFor('cluster').default({}),
    nodePools: z.array(poolSchema).min(1).max(100),
  })
  .describe('An ackl2 cluster profile: one ACK managed cluster and its node pools.');

/** A validated profile with every default filled in. */
export type Profile = z.output<typeof profileSchema>;
/** What a user may write. */
export type ProfileInput = z.input<typeof profileSchema>;
export type NodePool = Profile['nodePools'][number];
