/**
 * The request bodies ackl2 sends, typed in their wire form: snake_case keys exactly as the
 * official SDK models' `names()` map them (camelCase only inside `kubelet_configuration`,
 * where the API itself is camelCase). test/plan/fidelity.test.ts walks every planned body
 * against the SDK models, so a key or type that drifts from the SDK fails there.
 */

export interface TagWire {
  key: string;
  value: string;
}

export interface TaintWire {
  key: string;
  value?: string;
  effect: string;
}

/** `Addon`: `config` is a JSON *string*, as the API takes it. */
export interface AddonWire {
  name: string;
  config?: string;
  version?: string;
  disabled?: boolean;
}

/** `CreateClusterRequest` (POST /clusters), managed cluster with no inline node pools. */
export interface CreateClusterBody {
  name: string;
  region_id: string;
  cluster_type: 'ManagedKubernetes';
  profile: 'Default';
  cluster_spec: string;
  kubernetes_version: string;
  vpcid: string;
  vswitch_ids: string[];
  /** Terway only. */
  pod_vswitch_ids?: string[];
  /** Flannel only. */
  container_cidr?: string;
  service_cidr: string;
  /** Absent where the cluster runs no kube-proxy (Terway DataPath V2 on Kubernetes 1.34+). */
  proxy_mode?: string;
  snat_entry: boolean;
  endpoint_public_access: boolean;
  deletion_protection: boolean;
  addons: AddonWire[];
  tags: TagWire[];
}

export interface DataDiskWire {
  category: string;
  size: number;
  performance_level?: string;
}

/** `CreateClusterNodePoolRequestScalingGroup`. */
export interface ScalingGroupWire {
  instance_types: string[];
  vswitch_ids: string[];
  instance_charge_type: 'PostPaid';
  image_type: string;
  image_id?: string;
  system_disk_category: string;
  system_disk_size: number;
  system_disk_performance_level?: string;
  data_disks?: DataDiskWire[];
  key_pair?: string;
  /** Never a secret: the `${env:NAME}` placeholder, substituted at send time. */
  login_password?: string;
  desired_size?: number;
  tags: TagWire[];
}

/** `CreateClusterNodePoolRequestAutoScaling`. */
export interface AutoScalingWire {
  enable: boolean;
  min_instances: number;
  max_instances: number;
  type: string;
}

/** `CreateClusterNodePoolRequestKubernetesConfig`. */
export interface KubernetesConfigWire {
  runtime: string;
  runtime_version?: string;
  labels?: TagWire[];
  taints?: TaintWire[];
  /** Base64 of the generated pre-join script. */
  pre_user_data?: string;
  cpu_policy?: string;
}

/** `KubeletConfig` (camelCase keys on the wire). */
export interface KubeletConfigurationWire {
  maxPods?: number;
  allowedUnsafeSysctls?: string[];
}

/** `CreateClusterNodePoolRequestManagement`. */
export interface ManagementWire {
  enable: boolean;
  auto_repair: boolean;
  auto_upgrade: boolean;
  auto_vul_fix: boolean;
}

/** `CreateClusterNodePoolRequest` (POST /clusters/{cluster_id}/nodepools). */
export interface CreateNodePoolBody {
  nodepool_info: { name: string; type: 'ess' };
  scaling_group: ScalingGroupWire;
  auto_scaling?: AutoScalingWire;
  kubernetes_config: KubernetesConfigWire;
  node_config?: { kubelet_configuration: KubeletConfigurationWire };
  management: ManagementWire;
}

/** `AttachInstancesToNodePoolRequest` (POST /clusters/{cluster_id}/nodepools/{nodepool_id}/attach). */
export interface AttachInstancesBody {
  instances: string[];
  format_disk: boolean;
  keep_instance_name: boolean;
  /** `${env:NAME}` placeholder when the pool logs in with a password. */
  password?: string;
}

/** `CreateAutoscalingConfigRequest` (POST /cluster/{cluster_id}/autoscale/config/). */
export interface AutoscalingConfigBody {
  scaler_type: string;
  /** Seconds, as a string: "15", "30", "60", "120", "180" or "300". */
  scan_interval: string;
  expander: string;
  scale_down_enabled: boolean;
}

/** ACK rolls node config changes in batches of 1 to 10 nodes (ModifyNodePoolNodeConfigRequestRollingPolicy). */
export const MAX_ROLLING_PARALLELISM = 10;

/** `ModifyNodePoolNodeConfigRequest` (PUT /clusters/{cluster_id}/nodepools/{nodepool_id}/node_config), OS parameters only. */
export interface OsParametersBody {
  /** Sysctl name -> value as ACK takes it (a string, as in /etc/sysctl.d). */
  os_config: { sysctl: Record<string, string> };
  /** Nodes changed at once: 1 to 10 (the SDK model's range). */
  rolling_policy: { max_parallelism: number };
}
