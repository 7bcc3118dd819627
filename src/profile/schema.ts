/**
 * The cluster profile format (ackl2/v1) as one strict zod schema: types, and the checks of
 * single values (checks.ts). Rules that relate fields to each other live in rules.ts;
 * scenario requirements in src/scenarios/.
 * `ackl2 schema`, schema/ackl2-profile.schema.json and docs/profile-reference.md are
 * generated from this file (`node scripts/gen.mjs`), so every field carries a description.
 */

import * as z from 'zod';
import { SCENARIO_KEYS, type ScenarioScope } from '../scenarios/options.js';
import {
  addonConfigCheck,
  autoscalingRangeCheck,
  diskPerformanceCheck,
  labelKeyCheck,
  labelValueCheck,
  loginCheck,
  namespacedSysctlCheck,
  podCidrCheck,
  serviceCidrCheck,
  sysctlNameCheck,
  sysctlValueCheck,
  tagCountCheck,
  tagKeyCheck,
  tagValueCheck,
  taintKeyCheck,
  taintValueCheck,
  uniqueAddonNames,
  uniqueItems,
} from './checks.js';
import { API_VERSION, BASE_KIND, KIND } from './kinds.js';

export { API_VERSION, BASE_KIND, EXTENSION_KEY_PREFIX, KIND } from './kinds.js';

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

/** Limits of the ACK API (CreateCluster / CreateClusterNodePool request models). */
export const LIMITS = {
  /** Cluster tags: at most 20, keys up to 64 characters, values up to 128. */
  tags: 20,
  tagKeyLength: 64,
  tagValueLength: 128,
  clusterVswitches: 10,
  /** scaling_group.vswitch_ids: [1,8]. */
  poolVswitches: 8,
  /** scaling_group.instance_types: 1 to 10. */
  instanceTypes: 10,
  poolSize: 2000,
} as const;

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, {
    message: 'must be 1-63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
  });

const regionId = z
  .string()
  .regex(/^[a-z]{2,}-[a-z0-9-]+$/, { message: 'must be a region id such as cn-hangzhou' })
  .describe('Region id, e.g. cn-hangzhou.');

const tagMap = z
  .record(z.string().min(1).max(LIMITS.tagKeyLength).superRefine(tagKeyCheck), z.string().max(LIMITS.tagValueLength).superRefine(tagValueCheck))
  .superRefine(tagCountCheck(LIMITS.tags))
  .describe(
    `Tags copied to the cluster and every node pool (at most ${LIMITS.tags - 1}: ackl2 adds ackl2.io/profile). ` +
      'Keys and values may not start with "aliyun" or "acs:" nor contain "http://" or "https://".',
  );

const resourceId = (prefix: string, what: string) =>
  z.string().regex(new RegExp(`^${prefix}-[a-z0-9]{4,}$`), { message: `must be ${what} id (${prefix}-...)` });

export const vpcId = resourceId('vpc', 'a VPC');
export const vswitchId = resourceId('vsw', 'a vSwitch');
export const instanceId = resourceId('i', 'an ECS instance');

export const kubernetesVersion = z
  .string()
  .regex(/^1\.\d{1,2}(\.\d{1,2}-aliyun\.\d+)?$/, {
    message: 'must be a minor version ("1.28") or an exact ACK version ("1.28.9-aliyun.1")',
  })
  .describe('Kubernetes version: a minor ("1.30", quoted) or an exact ACK version ("1.30.7-aliyun.1"); `ackl2 pin` pins the newest patch.');

function scenariosFor(scope: ScenarioScope) {
  const shape: Record<string, z.ZodOptional<z.ZodType>> = {};
  for (const scenario of SCENARIO_KEYS) {
    if (!scenario.scopes.includes(scope)) continue;
    shape[scenario.id] = scenario.options.optional();
    for (const [alias, why] of Object.entries(scenario.aliases ?? {})) {
      shape[alias] = scenario.options.optional().describe(`Former name of ${scenario.id} (${why}); accepted with a warning.`);
    }
  }
  return z
    .strictObject(shape)
    .describe(`Scenario tunings at ${scope} level (see \`ackl2 scenarios\`); \`{}\` switches one on with its defaults.`);
}

export const metadataSchema = z
  .strictObject({
    name: dnsLabel.describe('Cluster name, unique in the region; reruns find the cluster by it.'),
    region: regionId,
    tags: tagMap.default({}),
  })
  .describe('Who the cluster is and where it lives.');

export const networkSchema = z
  .strictObject({
    vpcId: vpcId.describe('The VPC the cluster lives in (vpc-...).'),
    vswitchIds: z
      .array(vswitchId)
      .min(1)
      .max(LIMITS.clusterVswitches)
      .superRefine(uniqueItems('vSwitch', 'vswitchIds'))
      .describe('vSwitches of the control plane and (by default) of the nodes; pick several zones for high availability.'),
    plugin: z
      .enum(['terway', 'flannel'])
      .default('terway')
      .describe('Container network plugin: terway (pod IPs from VPC vSwitches) or flannel (an overlay pod CIDR).'),
    podVswitchIds: z
      .array(vswitchId)
      .min(1)
      .max(LIMITS.clusterVswitches)
      .superRefine(uniqueItems('vSwitch', 'podVswitchIds'))
      .optional()
      .describe('Terway only (required there): vSwitches pods take IPs from, one per node zone.'),
    podCidr: z
      .string()
      .superRefine(podCidrCheck)
      .optional()
      .describe('Flannel only (required there): the pod network, a private IPv4 CIDR such as 172.20.0.0/16.'),
    serviceCidr: z
      .string()
      .superRefine(serviceCidrCheck)
      .default('172.21.0.0/20')
      .describe('Service network: a private IPv4 CIDR with a /16 to /24 mask; must not overlap the pod network or the VPC.'),
    proxyMode: z.enum(['ipvs', 'iptables']).default('ipvs').describe('kube-proxy mode.'),
    natGateway: z.boolean().default(true).describe('Create a NAT gateway and SNAT entries so nodes reach the internet.'),
  })
  .describe('VPC, vSwitches and the container network.');

const addonSchema = z
  .strictObject({
    name: z.string().min(1).describe('Add-on name, e.g. csi-plugin.'),
    version: z.string().min(1).optional().describe('Add-on version; default: the one ACK picks.'),
    config: z.string().superRefine(addonConfigCheck).optional().describe('The add-on configuration as the API takes it: a JSON object in a string, e.g. \'{"IPVlan":"true"}\'.'),
    disabled: z.boolean().optional().describe('Do not install this add-on (for add-ons ACK installs by default).'),
  })
  .describe('One add-on, passed through to the API.');

export const clusterSchema = z
  .strictObject({
    spec: z
      .enum(['ack.pro.small', 'ack.standard'])
      .default('ack.pro.small')
      .describe('Managed cluster edition: ack.pro.small (Pro, SLA-backed) or ack.standard (Basic).'),
    kubernetesVersion,
    deletionProtection: z
      .boolean()
      .default(true)
      .describe('Refuse to delete the cluster until this is switched off.'),
    apiServer: z
      .strictObject({
        publicAccess: z.boolean().default(false).describe('Expose the API server on an internet-facing load balancer.'),
      })
      .default({ publicAccess: false })
      .describe('API server access.'),
    network: networkSchema,
    addons: z.array(addonSchema).superRefine(uniqueAddonNames).default([]).describe('Passed through as the API addons[] (escape hatch); one entry per add-on name.'),
  })
  .describe('The ACK managed cluster.');

const diskCategory = z
  .enum(['cloud_essd', 'cloud_auto', 'cloud_efficiency', 'cloud_ssd'])
  .default('cloud_essd')
  .describe('Disk category.');
const performanceLevel = z
  .enum(['PL0', 'PL1', 'PL2', 'PL3'])
  .optional()
  .describe('ESSD performance level (category cloud_essd only; PL2 needs 461 GiB or more, PL3 1261 GiB).');

const imageSchema = z
  .strictObject({
    os: z
      .enum(osFamilies)
      .default('AliyunLinux2')
      .describe('Node OS family: AliyunLinux2 (kernel 4.19, the seed article\'s OS) or AliyunLinux3 (kernel 5.10).'),
    id: z
      .string()
      .min(1)
      .optional()
      .describe('Pinned public image id matching os (aliyun_2_1903_x64_... or aliyun_3_x64_...); `ackl2 pin` fills and refreshes it.'),
    acknowledgeEndOfLife: z
      .boolean()
      .optional()
      .describe('true on a pool deliberately pinned to an OS past its end of life (AliyunLinux2 ended 2026-03-31; ACK offers it only below Kubernetes 1.30, catalogue 2024-03): silences the end-of-life warning, so `validate --strict` passes.'),
  })
  .describe('Node image.');

const joinSchema = z
  .strictObject({
    instanceIds: z.array(instanceId).min(1).max(2000).superRefine(uniqueItems('instance', 'instanceIds')).describe('Running ECS instances in the cluster VPC (i-...).'),
    formatDisk: z.boolean().default(false).describe('Format the data disk of each instance and mount it for containers.'),
    keepInstanceName: z.boolean().default(true).describe('Keep the instances\' names instead of letting ACK rename them.'),
  })
  .describe('Existing ECS instances to attach to this pool.');

export const poolSchema = z
  .strictObject({
    name: dnsLabel.describe('Pool name, unique in the profile; `extends` merges pools by it.'),
    instanceTypes: z
      .array(z.string().regex(/^ecs\.[a-z0-9-]+\.[a-z0-9-]+$/, { message: 'must be an ECS instance type such as ecs.g7.xlarge' }))
      .min(1)
      .max(LIMITS.instanceTypes)
      .superRefine(uniqueItems('instance type', 'instanceTypes'))
      .describe('ECS instance types, in order of preference (e.g. ecs.g7.xlarge).'),
    vswitchIds: z
      .array(vswitchId)
      .min(1)
      .max(LIMITS.poolVswitches)
      .superRefine(uniqueItems('vSwitch', 'vswitchIds'))
      .optional()
      .describe('vSwitches of the nodes. Default: cluster.network.vswitchIds.'),
    image: imageSchema.default({ os: 'AliyunLinux2' }),
    desiredSize: z
      .number()
      .int()
      .min(0)
      .max(LIMITS.poolSize)
      .optional()
      .describe('Fixed number of nodes. Exactly one of desiredSize or autoscaling.'),
    autoscaling: z
      .strictObject({
        min: z.number().int().min(0).max(LIMITS.poolSize).describe('Fewest nodes.'),
        max: z.number().int().min(1).max(LIMITS.poolSize).describe('Most nodes (at least min).'),
        type: z
          .enum(['cpu', 'gpu', 'gpushare', 'spot'])
          .default('cpu')
          .describe('Scaling group type.'),
      })
      .superRefine(autoscalingRangeCheck)
      .optional()
      .describe('Let the cluster autoscaler size the pool. Exactly one of desiredSize or autoscaling.'),
    runtime: z
      .enum(['containerd', 'sandboxed'])
      .default('containerd')
      .describe('Container runtime: containerd, or sandboxed (Sandboxed-Container.runv, ECS bare metal only).'),
    systemDisk: z
      .strictObject({
        category: diskCategory,
        sizeGiB: z.number().int().min(20).max(2048).default(120).describe('Size in GiB.'),
        performanceLevel,
      })
      .superRefine(diskPerformanceCheck)
      .default({ category: 'cloud_essd', sizeGiB: 120 })
      .describe('The node system disk.'),
    dataDisks: z
      .array(
        z
          .strictObject({
            category: diskCategory,
            sizeGiB: z.number().int().min(40).max(32768).describe('Size in GiB.'),
            performanceLevel,
          })
          .superRefine(diskPerformanceCheck)
          .describe('One data disk.'),
      )
      .max(10)
      .default([])
      .describe('Data disks of each node (the first holds container images).'),
    login: z
      .strictObject({
        keyPair: z.string().min(2).max(128).optional().describe('Name of an ECS key pair in the region.'),
        passwordFromEnv: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]*$/, { message: 'must be an environment variable name such as NODE_PASSWORD' })
          .optional()
          .describe('Name of the environment variable holding the node root password (never the password itself).'),
      })
      .superRefine(loginCheck)
      .describe('Node login: exactly one of keyPair or passwordFromEnv.'),
    labels: z.record(z.string().min(1).superRefine(labelKeyCheck), z.string().superRefine(labelValueCheck)).default({}).describe('Kubernetes labels of the nodes.'),
    taints: z
      .array(
        z
          .strictObject({
            key: z.string().min(1).superRefine(taintKeyCheck).describe('Taint key.'),
            value: z.string().superRefine(taintValueCheck).optional().describe('Taint value.'),
            effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).describe('Taint effect.'),
          })
          .describe('One taint.'),
      )
      .default([])
      .describe('Kubernetes taints of the nodes.'),
    sysctls: z
      .record(z.string().superRefine(sysctlNameCheck), z.union([z.string(), z.number()]).superRefine(sysctlValueCheck))
      .default({})
      .describe('Node-level sysctls: those ACK sets as node-pool OS parameters (Kubernetes 1.28+) go there after the pool is created, the rest into the pre-join script (/etc/sysctl.d/90-ackl2.conf).'),
    allowedUnsafeSysctls: z
      .array(z.string().superRefine(namespacedSysctlCheck))
      .superRefine(uniqueItems('sysctl', 'allowedUnsafeSysctls'))
      .default([])
      .describe('Pod-level (namespaced) sysctls the kubelet allows, e.g. net.ipv4.tcp_keepalive_time or net.ipv4.*.'),
    kubelet: z
      .strictObject({
        maxPods: z.number().int().min(16).max(256).optional().describe('Most pods per node.'),
        cpuManagerPolicy: z.enum(['none', 'static']).optional().describe('kubelet CPU manager policy.'),
      })
      .default({})
      .describe('kubelet settings (kubelet_configuration).'),
    scenarios: scenariosFor('pool').default({}),
    join: joinSchema.optional(),
    rollingPolicy: z
      .strictObject({
        maxUnavailable: z
          .number()
          .int()
          .min(1)
          .max(100)
          .default(1)
          .describe('Nodes taken out of service at once (one batch) while `apply` rolls a new image, OS or kubelet setting over the pool.'),
      })
      .default({ maxUnavailable: 1 })
      .describe('How `ackl2 apply` rolls changes over existing nodes: batch by batch, each batch replaced and ready before the next (UpgradeClusterNodepool rolling_policy.max_parallelism).'),
  })
  .describe('One node pool.');

export const profileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint; ignored.'),
    apiVersion: z.literal(API_VERSION).describe(`Format version: always ${API_VERSION}.`),
    kind: z
      .enum([KIND, BASE_KIND])
      .describe(
        `${KIND}: a complete profile, to plan and create. ${BASE_KIND}: a partial profile that others extend; ` +
          'validated on its own (types, keys, values), never planned. Not inherited through extends.',
      ),
    extends: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Profiles this one builds on, merged in order (later wins; maps merge, lists replace, nodePools merge by name; ' +
          'null removes an inherited key): paths relative to this file, or builtin:NAME.',
      ),
    metadata: metadataSchema,
    cluster: clusterSchema,
    scenarios: scenariosFor('cluster').default({}),
    nodePools: z.array(poolSchema).min(1).max(100).describe('Node pools, each created with its own CreateClusterNodePool.'),
  })
  .describe('An ackl2 cluster profile: one ACK managed cluster and its node pools.');

/**
 * Parse options for the CLI's one parse per run: zod's JIT would first compile a parser for
 * every object schema, which costs more start-up time than it saves on a single parse.
 */
export const PARSE_ONCE = { jitless: true } as const;

/** A validated profile with every default filled in. */
export type Profile = z.output<typeof profileSchema>;
/** What a user may write. */
export type ProfileInput = z.input<typeof profileSchema>;
export type NodePool = Profile['nodePools'][number];
