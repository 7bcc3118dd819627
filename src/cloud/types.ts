/**
 * The cloud as ackl2 sees it: narrow gateways with one method per OpenAPI call, returning
 * small domain types instead of SDK models. Implemented over the official SDKs in ack.ts and
 * ecs.ts; tests implement them in memory. Every method makes exactly one API call (paging
 * is the caller's choice, see `listAll` in paging.ts), goes through the shared rate limiter
 * and retry policy, and throws `CloudError` (code, message, RequestId, action) on failure.
 *
 * Request bodies of the mutating ACK calls are the wire format (snake_case keys exactly as
 * the SDK models' `names()`), as produced by the planner; the gateway casts them into the
 * SDK request models.
 */

import type { JsonObject } from '../json-types.js';

export interface Tag {
  key: string;
  value: string;
}

/** One page of a paged listing. */
export interface Page<T> {
  items: T[];
  totalCount: number;
  pageNumber: number;
  pageSize: number;
}

/** What a mutating ACK call returns: the async task to wait for, if the API started one. */
export interface Submitted {
  requestId?: string | undefined;
  taskId?: string | undefined;
}

// ---------------------------------------------------------------------------------------
// ACK (CS 2015-12-15, ROA)
// ---------------------------------------------------------------------------------------

/**
 * ACK cluster states: `initial` (creating), `running`, `updating`, `scaling`, `upgrading`,
 * `waiting`, `failed`, `deleting`, `delete_failed`, `deleted`, `unavailable`.
 */
export type ClusterState = string;

export interface ClusterSummary {
  clusterId: string;
  name: string;
  state: ClusterState;
  regionId?: string | undefined;
  clusterType?: string | undefined;
  clusterSpec?: string | undefined;
  currentVersion?: string | undefined;
  vpcId?: string | undefined;
  vswitchIds: string[];
  deletionProtection?: boolean | undefined;
  tags: Tag[];
  created?: string | undefined;
  /** Number of nodes, as the API reports it. */
  size?: number | undefined;
}

export interface ClusterDetail extends ClusterSummary {
  containerCidr?: string | undefined;
  serviceCidr?: string | undefined;
  proxyMode?: string | undefined;
  masterUrl?: string | undefined;
  securityGroupId?: string | undefined;
  /** `meta_data` parsed from its JSON string; `{}` when absent or unparsable. */
  metaData: Record<string, unknown>;
}

/** Node pool states: `initial`, `active`, `scaling`, `removing`, `updating`, `deleting`, `failed`... */
export type NodePoolState = string;

export interface NodePoolSummary {
  nodepoolId: string;
  name: string;
  state: NodePoolState;
  /** `scaling_group.desired_size` (undefined for autoscaling pools). */
  desiredSize?: number | undefined;
  autoScaling?: { enabled: boolean; min?: number | undefined; max?: number | undefined; type?: string | undefined } | undefined;
  nodes: {
    total: number;
    healthy: number;
    serving: number;
    initial: number;
    failed: number;
    removing: number;
  };
  instanceTypes: string[];
  vswitchIds: string[];
  imageId?: string | undefined;
  imageType?: string | undefined;
  tags: Tag[];
  isDefault?: boolean | undefined;
  /** The rest of the pool's spec, as far as ACK returns it (for `diff`). */
  spec?: NodePoolSpec | undefined;
}

/** A taint as ACK returns it. */
export interface TaintSpec {
  key: string;
  value?: string | undefined;
  effect?: string | undefined;
}

/** A disk as ACK returns it. */
export interface DiskSpec {
  category?: string | undefined;
  sizeGiB?: number | undefined;
  performanceLevel?: string | undefined;
}

/**
 * What a pool's spec says beyond its summary. A field is undefined when ACK did not return
 * it: callers report it as unverifiable, never as equal.
 */
export interface NodePoolSpec {
  systemDisk?: DiskSpec | undefined;
  dataDisks?: DiskSpec[] | undefined;
  keyPair?: string | undefined;
  labels?: Tag[] | undefined;
  taints?: TaintSpec[] | undefined;
  cpuPolicy?: string | undefined;
  runtime?: string | undefined;
  /** `kubernetes_config.pre_user_data` (base64), when ACK returns it. */
  preUserData?: string | undefined;
  /** The kubelet version of the pool's nodes (`node_components[name=kubelet].version`), when ACK returns it. */
  kubeletVersion?: string | undefined;
  /** `node_config.kubelet_configuration`, when ACK returns it. */
  kubelet?: Record<string, unknown> | undefined;
  /** The node-pool OS parameters (`node_config.node_os_config.sysctl`), when read (AckGateway.describeNodePoolSysctls). */
  osSysctls?: Record<string, string> | undefined;
}

export interface ClusterNode {
  instanceId: string;
  nodeName?: string | undefined;
  nodepoolId?: string | undefined;
  /** The instance's state as ACK reports it: `pending`, `running`, `starting`, `stopping`, `stopped`. */
  state?: string | undefined;
  /** Kubernetes' view: `Ready`, `NotReady`, `Unknown`, `Offline`. */
  nodeStatus?: string | undefined;
  instanceStatus?: string | undefined;
  instanceType?: string | undefined;
  ipAddresses: string[];
  errorMessage?: string | undefined;
  /** The node's own image (attached instances keep theirs; a pool's image can change later). */
  imageId?: string | undefined;
  creationTime?: string | undefined;
}

export type TaskState = string;

export interface TaskStage {
  state?: string | undefined;
  message?: string | undefined;
  startTime?: string | undefined;
  endTime?: string | undefined;
}

export interface TaskInfo {
  taskId: string;
  /** `running`, `success`, `fail`/`failed`, `canceled`... */
  state: TaskState;
  taskType?: string | undefined;
  clusterId?: string | undefined;
  currentStage?: string | undefined;
  stages: TaskStage[];
  error?: { code?: string | undefined; message?: string | undefined } | undefined;
  /** Per-target results, e.g. one per instance of an attach task. */
  results: { data?: string | undefined; status?: string | undefined }[];
}

/** One task of a cluster's task list (DescribeClusterTasks): its state, without stages or results. */
export interface ClusterTask {
  taskId: string;
  state: TaskState;
  taskType?: string | undefined;
  error?: { code?: string | undefined; message?: string | undefined } | undefined;
}

export interface KubernetesVersionMetadata {
  version: string;
  creatable: boolean;
  releaseDate?: string | undefined;
  expirationDate?: string | undefined;
  /** Node images ACK offers for this version; `imageType` is what a pool's `image_type` may be. */
  images: { imageId?: string | undefined; imageName?: string | undefined; imageType?: string | undefined; osType?: string | undefined; platform?: string | undefined; osVersion?: string | undefined }[];
  runtimes: { name?: string | undefined; version?: string | undefined }[];
}

export interface DescribeClustersQuery {
  name?: string | undefined;
  clusterType?: string | undefined;
  clusterId?: string | undefined;
  pageNumber?: number | undefined;
  pageSize?: number | undefined;
}

export interface DescribeClusterNodesQuery {
  nodepoolId?: string | undefined;
  instanceIds?: string[] | undefined;
  state?: string | undefined;
  pageNumber?: number | undefined;
  pageSize?: number | undefined;
}

export interface DeleteClusterOptions {
  retainAllResources?: boolean | undefined;
  keepSlb?: boolean | undefined;
  retainResources?: string[] | undefined;
}

/** One service role as CheckServiceRole reports it. */
export interface ServiceRoleStatus {
  name: string;
  granted: boolean;
  /** Why not, when not granted (e.g. "The role does not exist: ..."). */
  message?: string | undefined;
}

/** ACK (Container Service for Kubernetes) in one region. */
export interface AckGateway extends AckLifecycleGateway {
  readonly region: string;
  /** CreateCluster `POST /clusters`; body in wire format. */
  createCluster(body: JsonObject): Promise<Submitted & { clusterId: string }>;
  /** CreateClusterNodePool `POST /clusters/{id}/nodepools`. */
  createClusterNodePool(clusterId: string, body: JsonObject): Promise<Submitted & { nodepoolId: string }>;
  /** AttachInstancesToNodePool `POST /clusters/{id}/nodepools/{np}/attach` (at most 100 instances a call). */
  attachInstancesToNodePool(clusterId: string, nodepoolId: string, body: JsonObject): Promise<Submitted>;
  /** CreateAutoscalingConfig `POST /cluster/{id}/autoscale/config/` (idempotent: it replaces the config). */
  createAutoscalingConfig(clusterId: string, body: JsonObject): Promise<Submitted>;
  /** ModifyClusterNodePool `PUT /clusters/{id}/nodepools/{np}` (e.g. `scaling_group.desired_size`). */
  modifyClusterNodePool(clusterId: string, nodepoolId: string, body: JsonObject): Promise<Submitted>;
  /** DeleteCluster `DELETE /clusters/{id}`. */
  deleteCluster(clusterId: string, options?: DeleteClusterOptions): Promise<Submitted>;
  /** DescribeTaskInfo `GET /tasks/{id}`. */
  describeTaskInfo(taskId: string): Promise<TaskInfo>;
  /** DescribeClusterTasks `GET /clusters/{id}/tasks`: one page of a cluster's tasks (ACK's reference names no order). */
  describeClusterTasks(clusterId: string, query?: { pageSize?: number }): Promise<ClusterTask[]>;
  /** DescribeClustersForRegion `GET /regions/{region}/clusters` (one page; `name` is a fuzzy filter, compare exactly yourself). */
  describeClustersForRegion(query?: DescribeClustersQuery): Promise<Page<ClusterSummary>>;
  /** DescribeClusterDetail `GET /clusters/{id}`. */
  describeClusterDetail(clusterId: string): Promise<ClusterDetail>;
  /** DescribeClusterNodePools `GET /clusters/{id}/nodepools` (optionally filtered by name). */
  describeClusterNodePools(clusterId: string, query?: { name?: string | undefined }): Promise<NodePoolSummary[]>;
  /** DescribeClusterNodePoolDetail `GET /clusters/{id}/nodepools/{np}`. */
  describeClusterNodePoolDetail(clusterId: string, nodepoolId: string): Promise<NodePoolSummary>;
  /**
   * The pool's node-pool OS parameters (`node_config.node_os_config.sysctl` of
   * DescribeClusterNodePoolDetail), values as strings; undefined when ACK returned no node_config.
   */
  describeNodePoolSysctls(clusterId: string, nodepoolId: string): Promise<Record<string, string> | undefined>;
  /** DescribeClusterNodes `GET /clusters/{id}/nodes` (one page). */
  describeClusterNodes(clusterId: string, query?: DescribeClusterNodesQuery): Promise<Page<ClusterNode>>;
  /** DescribeClusterUserKubeconfig `GET /k8s/{id}/user_config`: the kubeconfig YAML (a secret: never log it). */
  describeClusterUserKubeconfig(
    clusterId: string,
    options?: { privateIpAddress?: boolean | undefined; temporaryDurationMinutes?: number | undefined },
  ): Promise<{ config: string; expiration?: string | undefined }>;
  /** CheckServiceRole `POST /ram/check-service-role`: whether ACK's service roles are authorised in the account. */
  checkServiceRoles(names: readonly string[]): Promise<ServiceRoleStatus[]>;
  /** RepairClusterNodePool `POST /clusters/{id}/nodepools/{np}/repair`: repair these nodes (by node name) of the pool. */
  repairClusterNodePool(clusterId: string, nodepoolId: string, nodes: readonly string[]): Promise<Submitted>;
  /** DescribeKubernetesVersionMetadata `GET /api/v1/metadata/versions`. */
  describeKubernetesVersionMetadata(query: {
    clusterType: string;
    kubernetesVersion?: string | undefined;
    profile?: string | undefined;
    runtime?: string | undefined;
  }): Promise<KubernetesVersionMetadata[]>;
}

/** The calls that change what exists in place (`ackl2 apply`, `nodepool delete`, upgrades). */
export interface AckLifecycleGateway {
  /** ModifyCluster `PUT /api/v2/clusters/{id}` (deletion_protection, api_server_eip, ...). */
  modifyCluster(clusterId: string, body: JsonObject): Promise<Submitted>;
  /** ModifyClusterTags `POST /clusters/{id}/tags`: the cluster's whole tag list. */
  modifyClusterTags(clusterId: string, tags: Tag[]): Promise<Submitted>;
  /** ModifyNodePoolNodeConfig `PUT /clusters/{id}/nodepools/{np}/node_config` (kubelet_config, rolling_policy). */
  modifyNodePoolNodeConfig(clusterId: string, nodepoolId: string, body: JsonObject): Promise<Submitted>;
  /** DeleteClusterNodepool `DELETE /clusters/{id}/nodepools/{np}` (ACK drains and releases its nodes). */
  deleteClusterNodepool(clusterId: string, nodepoolId: string, options?: { force?: boolean | undefined }): Promise<Submitted>;
  /** UpgradeCluster `POST /api/v2/clusters/{id}/upgrade` (control plane: `next_version`, `master_only`). */
  upgradeCluster(clusterId: string, body: JsonObject): Promise<Submitted>;
  /** UpgradeClusterNodepool `POST /clusters/{id}/nodepools/{np}/upgrade` (image_id / kubernetes_version, use_replace, rolling_policy). */
  upgradeClusterNodepool(clusterId: string, nodepoolId: string, body: JsonObject): Promise<Submitted>;
}

// ---------------------------------------------------------------------------------------
// ECS (2014-05-26, RPC)
// ---------------------------------------------------------------------------------------

export interface Region {
  regionId: string;
  localName?: string | undefined;
  status?: string | undefined;
}

export interface Vpc {
  vpcId: string;
  cidrBlock?: string | undefined;
  name?: string | undefined;
  status?: string | undefined;
  vswitchIds: string[];
}

export interface VSwitch {
  vswitchId: string;
  vpcId: string;
  zoneId: string;
  cidrBlock?: string | undefined;
  availableIpAddressCount?: number | undefined;
  status?: string | undefined;
  name?: string | undefined;
}

/** One zone of DescribeAvailableResource (DestinationResource=InstanceType). */
export interface AvailableZone {
  zoneId: string;
  status?: string | undefined;
  /** Instance types offered in the zone with stock (`Status: Available`). */
  availableInstanceTypes: string[];
  /** Instance types listed but sold out (`Status: SoldOut`). */
  soldOutInstanceTypes: string[];
}

export interface InstanceTypeInfo {
  instanceType: string;
  /** ENIs the type can attach (`EniQuantity`). */
  eniQuantity?: number | undefined;
  /** Private IPv4 addresses per ENI (`EniPrivateIpAddressQuantity`). */
  eniPrivateIpAddressQuantity?: number | undefined;
}

export interface Image {
  imageId: string;
  imageName?: string | undefined;
  imageFamily?: string | undefined;
  imageOwnerAlias?: string | undefined;
  osType?: string | undefined;
  osName?: string | undefined;
  platform?: string | undefined;
  architecture?: string | undefined;
  status?: string | undefined;
  creationTime?: string | undefined;
  size?: number | undefined;
}

export interface KeyPair {
  keyPairName: string;
  fingerprint?: string | undefined;
  creationTime?: string | undefined;
}

export interface Instance {
  instanceId: string;
  instanceName?: string | undefined;
  /** `Running`, `Stopped`, `Starting`, `Stopping`, `Pending`. */
  status: string;
  instanceType?: string | undefined;
  zoneId?: string | undefined;
  vpcId?: string | undefined;
  vswitchId?: string | undefined;
  /**
   * The ACK cluster the instance belongs to, if any: ECS `ClusterId`, or the `ack.aliyun.com`
   * tag ACK puts on its nodes.
   */
  clusterId?: string | undefined;
  tags: Tag[];
}

export interface DescribeImagesQuery {
  imageId?: string | undefined;
  imageName?: string | undefined;
  imageFamily?: string | undefined;
  imageOwnerAlias?: string | undefined;
  osType?: string | undefined;
  architecture?: string | undefined;
  status?: string | undefined;
  pageNumber?: number | undefined;
  pageSize?: number | undefined;
}

/** ECS in one region. */
export interface EcsGateway {
  readonly region: string;
  /** DescribeRegions: every region the account can use. */
  describeRegions(): Promise<Region[]>;
  /** DescribeAvailableResource with DestinationResource=InstanceType. */
  describeAvailableInstanceTypes(query?: { zoneId?: string | undefined; instanceType?: string | undefined }): Promise<AvailableZone[]>;
  /** DescribeInstanceTypes for these types (ENI counts: what a Terway node can give its pods). */
  describeInstanceTypes(instanceTypes: readonly string[]): Promise<InstanceTypeInfo[]>;
  /** DescribeImages (one page). */
  describeImages(query?: DescribeImagesQuery): Promise<Page<Image>>;
  /** DescribeKeyPairs (one page). */
  describeKeyPairs(query?: { keyPairName?: string | undefined; pageNumber?: number | undefined; pageSize?: number | undefined }): Promise<Page<KeyPair>>;
  /** DescribeInstances (one page; at most 100 ids per call). */
  describeInstances(query?: {
    instanceIds?: string[] | undefined;
    vpcId?: string | undefined;
    status?: string | undefined;
    pageNumber?: number | undefined;
    pageSize?: number | undefined;
  }): Promise<Page<Instance>>;
}

// ---------------------------------------------------------------------------------------
// VPC (2016-04-28, RPC)
// ---------------------------------------------------------------------------------------

/** VPCs and vSwitches in one region (the VPC API; ECS's copies of these calls are deprecated). */
export interface VpcGateway {
  readonly region: string;
  /** DescribeVpcs (one page). */
  describeVpcs(query?: { vpcId?: string | undefined; pageNumber?: number | undefined; pageSize?: number | undefined }): Promise<Page<Vpc>>;
  /** DescribeVSwitches (one page). */
  describeVSwitches(query?: {
    vpcId?: string | undefined;
    vswitchId?: string | undefined;
    zoneId?: string | undefined;
    pageNumber?: number | undefined;
    pageSize?: number | undefined;
  }): Promise<Page<VSwitch>>;
}

export interface CloudGateways {
  ack: AckGateway;
  ecs: EcsGateway;
  vpc: VpcGateway;
}

/** ACK tags the ECS instances of its nodes with the cluster id under this key. */
export const ACK_CLUSTER_TAG_KEY = 'ack.aliyun.com';
