/**
 * ACK's API surface as of today: the actions ACK decommissioned and the request parameters it
 * deprecated, each with what replaces it and where that is written down. Pure data, no SDK:
 * the emulator refuses from it (404 `InvalidAction.NotFound` / 400) and a test walks every
 * request ackl2 can send against it.
 *
 * Sources:
 * - ANNOUNCEMENT: the ACK page that decommissions the actions and deprecates the parameters
 *   (rollout 2026-07-04, done 2026-09-30). Its stored text names the affected actions and
 *   the first rows of the CreateCluster table (master_* -> control_plane_config.*).
 * - SDK: `@alicloud/cs20151215` 7.2.0 marks each deprecated request field `@deprecated`
 *   and names its replacement in the field's remarks; the rows beyond the announcement's
 *   readable excerpt come from there (the two agree wherever both are readable).
 */

export interface ApiSource {
  title: string;
  url?: string | undefined;
  /** The page's "Last Updated" date, or the package version. */
  updated: string;
}

export const ANNOUNCEMENT: ApiSource & { rolloutStarts: string; rolloutCompletes: string } = {
  title: 'Announcement on ACK API parameter changes and deprecation',
  url: 'https://www.alibabacloud.com/help/en/ack/product-overview/announcement-on-ack-openapi-parameter-changes-and-deprecation',
  updated: '2025-12-25',
  rolloutStarts: '2026-07-04',
  rolloutCompletes: '2026-09-30',
};

export const SDK_MODELS: ApiSource = {
  title: '@alicloud/cs20151215 request models (@deprecated fields and their remarks)',
  updated: '7.2.0',
};

export interface DecommissionedApi {
  action: string;
  method: 'GET' | 'POST';
  /** ROA path pattern as the SDK sends it; `{ClusterId}` stands for one path segment. */
  path: string;
  replacement: string;
  source: ApiSource;
}

/** Decommissioned: ACK answers them as an action that does not exist. */
export const DECOMMISSIONED_APIS: readonly DecommissionedApi[] = [
  { action: 'DescribeClusters', method: 'GET', path: '/clusters', replacement: 'DescribeClustersForRegion', source: ANNOUNCEMENT },
  { action: 'DescribeClustersV1', method: 'GET', path: '/api/v1/clusters', replacement: 'DescribeClustersForRegion', source: ANNOUNCEMENT },
  { action: 'GetUpgradeStatus', method: 'GET', path: '/api/v2/clusters/{ClusterId}/upgrade/status', replacement: 'DescribeTaskInfo (the upgrade task)', source: ANNOUNCEMENT },
  { action: 'PauseClusterUpgrade', method: 'POST', path: '/api/v2/clusters/{ClusterId}/upgrade/pause', replacement: 'PauseTask (the upgrade task)', source: ANNOUNCEMENT },
  { action: 'CancelClusterUpgrade', method: 'POST', path: '/api/v2/clusters/{ClusterId}/upgrade/cancel', replacement: 'CancelTask (the upgrade task)', source: ANNOUNCEMENT },
  { action: 'ResumeUpgradeCluster', method: 'POST', path: '/api/v2/clusters/{ClusterId}/upgrade/resume', replacement: 'ResumeTask (the upgrade task)', source: ANNOUNCEMENT },
];

/** What ACK answers a decommissioned action with: the gateway's answer for an action that does not exist. */
export const DECOMMISSIONED_ANSWER = { status: 404, code: 'InvalidAction.NotFound' } as const;
/** What ACK answers a request carrying a deprecated parameter with, where it rejects rather than ignores. */
export const DEPRECATED_PARAMETER_STATUS = 400;

export interface DeprecatedParameter {
  action: 'CreateCluster' | 'CreateClusterByResourcesGroup' | 'ModifyCluster' | 'UpgradeCluster';
  /** Wire name (snake_case), dotted below the body's top level. */
  parameter: string;
  /** What to send instead; `undefined` where neither source names one. */
  replacement: string | undefined;
  source: ApiSource;
}

const POOL = 'nodepools[] / CreateClusterNodePool';

function rows(action: DeprecatedParameter['action'], source: ApiSource, table: Record<string, string | undefined>): DeprecatedParameter[] {
  return Object.entries(table).map(([parameter, replacement]) => ({ action, parameter, replacement, source }));
}

export const DEPRECATED_PARAMETERS: readonly DeprecatedParameter[] = [
  ...rows('CreateCluster', ANNOUNCEMENT, {
    master_vswitch_ids: 'vswitch_ids',
    master_instance_charge_type: 'control_plane_config.charge_type',
    master_period: 'control_plane_config.period',
    master_period_unit: 'control_plane_config.period_unit',
    master_auto_renew: 'control_plane_config.auto_renew',
    master_auto_renew_period: 'control_plane_config.auto_renew_period',
    master_instance_types: 'control_plane_config.instance_types',
    master_system_disk_category: 'control_plane_config.system_disk_category',
  }),
  ...rows('CreateCluster', SDK_MODELS, {
    master_count: 'control_plane_config.size',
    master_system_disk_performance_level: 'control_plane_config.system_disk_performance_level',
    master_system_disk_size: 'control_plane_config.system_disk_size',
    master_system_disk_snapshot_policy_id: 'control_plane_config.system_disk_snapshot_policy_id',
    worker_instance_types: `${POOL} scaling_group.instance_types`,
    worker_vswitch_ids: `${POOL} scaling_group.vswitch_ids`,
    worker_instance_charge_type: `${POOL} scaling_group.instance_charge_type`,
    worker_period: `${POOL} scaling_group.period`,
    worker_period_unit: `${POOL} scaling_group.period_unit`,
    worker_auto_renew: `${POOL} scaling_group.auto_renew`,
    worker_auto_renew_period: `${POOL} scaling_group.auto_renew_period`,
    worker_system_disk_category: `${POOL} scaling_group.system_disk_category`,
    worker_system_disk_performance_level: `${POOL} scaling_group.system_disk_performance_level`,
    worker_system_disk_size: `${POOL} scaling_group.system_disk_size`,
    worker_system_disk_snapshot_policy_id: `${POOL} scaling_group.system_disk_snapshot_policy_id`,
    worker_data_disks: `${POOL} scaling_group.data_disks`,
    num_of_nodes: `${POOL} scaling_group.desired_size`,
    platform: `${POOL} scaling_group.platform`,
    rds_instances: `${POOL} scaling_group.rds_instances`,
    image_id: `control_plane_config.image_id / ${POOL} scaling_group.image_id`,
    image_type: `control_plane_config.image_type / ${POOL} scaling_group.image_type`,
    os_type: `control_plane_config.image_type / ${POOL} scaling_group.image_type`,
    key_pair: `control_plane_config.key_pair / ${POOL} scaling_group.key_pair`,
    login_password: `control_plane_config.login_password / ${POOL} scaling_group.login_password`,
    cpu_policy: `control_plane_config.cpu_policy / ${POOL} kubernetes_config.cpu_policy`,
    cloud_monitor_flags: `control_plane_config.cloud_monitor_flags / ${POOL} kubernetes_config.cms_enabled`,
    security_hardening_os: `control_plane_config.security_hardening_os / ${POOL} scaling_group.security_hardening_os`,
    cis_enabled: `control_plane_config.security_hardening_os / ${POOL} scaling_group.security_hardening_os`,
    soc_enabled: `control_plane_config.soc_enabled / ${POOL} scaling_group.soc_enabled`,
    taints: `${POOL} kubernetes_config.taints`,
    node_name_mode: `${POOL} kubernetes_config.node_name_mode`,
    user_data: undefined,
    runtime: `${POOL} kubernetes_config.runtime`,
    instances: 'CreateClusterNodePool, then AttachInstancesToNodePool',
    format_disk: 'AttachInstancesToNodePool format_disk',
    keep_instance_name: 'AttachInstancesToNodePool keep_instance_name',
    nat_gateway: 'snat_entry',
    zone_id: 'zone_ids',
    custom_san: 'extra_sans',
    enable_rrsa: 'rrsa_config',
    timeout_mins: undefined,
    disable_rollback: undefined,
    charge_type: undefined,
    period: undefined,
    period_unit: undefined,
    auto_renew: undefined,
    auto_renew_period: undefined,
    load_balancer_spec: undefined,
    logging_type: undefined,
    service_discovery_types: undefined,
    access_control_list: undefined,
    node_port_range: undefined,
    pod_vswitch_ids: undefined,
  }),
  ...rows('ModifyCluster', ANNOUNCEMENT, {
    access_control_list: undefined,
    ingress_domain_rebinding: undefined,
    ingress_loadbalancer_id: undefined,
    instance_deletion_protection: undefined,
  }),
  ...rows('UpgradeCluster', ANNOUNCEMENT, {
    rolling_policy: 'UpgradeClusterNodepool (upgrade worker nodes per node pool)',
    'rolling_policy.max_parallelism': 'UpgradeClusterNodepool rolling_policy.max_parallelism',
  }),
  ...rows('UpgradeCluster', SDK_MODELS, {
    component_name: undefined,
    version: 'next_version',
  }),
];

/** CreateClusterByResourcesGroup is affected as a whole; ackl2 never calls it. */
export const AFFECTED_UNUSED_ACTIONS: readonly string[] = ['CreateClusterByResourcesGroup'];

export function decommissionedApi(action: string): DecommissionedApi | undefined {
  return DECOMMISSIONED_APIS.find((api) => api.action === action);
}

/** The method + path of a decommissioned action a ROA request hits, if any. */
export function decommissionedRoute(method: string, path: string): DecommissionedApi | undefined {
  const segments = path.split('?')[0]!.replace(/\/+$/, '').split('/');
  return DECOMMISSIONED_APIS.find((api) => {
    if (api.method !== method.toUpperCase()) return false;
    const pattern = api.path.split('/');
    return pattern.length === segments.length && pattern.every((part, i) => (part.startsWith('{') ? segments[i] !== '' : part === segments[i]));
  });
}

function has(body: unknown, dotted: string): boolean {
  let at: unknown = body;
  for (const key of dotted.split('.')) {
    if (at === null || typeof at !== 'object' || Array.isArray(at) || !(key in at)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return at !== undefined;
}

/** The deprecated parameters a request body of `action` carries (wire names). */
export function deprecatedParametersIn(action: string, body: unknown): DeprecatedParameter[] {
  return DEPRECATED_PARAMETERS.filter((row) => row.action === action && has(body, row.parameter));
}
