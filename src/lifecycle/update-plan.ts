/**
 * The update planner: from a diff to the requests that bring what exists to the profile, in
 * place. Pure. One ModifyClusterNodePool per pool carries every field that API changes; the
 * kubelet goes through ModifyNodePoolNodeConfig; a new pinned image or OS is a rolling
 * UpgradeClusterNodepool; the cluster gets ModifyCluster, ModifyClusterTags and UpgradeCluster.
 * What no API changes in place is listed, not attempted.
 */

import type { NodePoolSummary, Tag } from '../cloud/types.js';
import type { JsonObject, JsonValue, Plan } from '../plan/types.js';
import { MAX_ROLLING_PARALLELISM } from '../plan/wire.js';
import type { Profile } from '../profile/schema.js';
import { isSystemTag, LIVE_ONLY_TAGS, type DiffReport, type FieldDiff, type LiveState, type ResourceDiff } from './differ.js';

export interface ClusterUpdate {
  clusterId: string;
  /** ModifyCluster body (deletion_protection, api_server_eip). */
  modify?: JsonObject | undefined;
  /** ModifyClusterTags: the tags to set. */
  tags?: Tag[] | undefined;
  /** UpgradeCluster to this version (as the profile writes it: a minor or exact). */
  upgradeTo?: string | undefined;
}

export interface PoolUpdate {
  pool: string;
  nodepoolId: string;
  /** The pool's state when the diff was read (a busy pool is waited for before any change). */
  liveState: string;
  /** ModifyClusterNodePool body. */
  modify?: JsonObject | undefined;
  /** ModifyNodePoolNodeConfig body. */
  nodeConfig?: JsonObject | undefined;
  /** UpgradeClusterNodepool body: a new image (or OS) rolled by system-disk replacement. */
  upgrade?: JsonObject | undefined;
  /** The upgrade also brings the kubelet to the control plane's version (read when it runs). */
  upgradeKubelet?: boolean | undefined;
  /** One line per change, for people. */
  changes: string[];
}

export interface UpdatePlan {
  cluster?: ClusterUpdate | undefined;
  pools: PoolUpdate[];
  /** Live pools not in the profile (deleted only with --prune). */
  unmanaged: { pool: string; nodepoolId: string }[];
  /** Differences no API changes in place, with what to do instead. */
  manual: string[];
  /** Live tags the profile does not name, left in place (without --prune), one sentence each. */
  kept: string[];
}

export interface UpdateOptions {
  /** apply --prune: also remove what is live but not in the profile (pools, tags). */
  prune: boolean;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const objAt = (o: unknown, key: string): JsonObject => (isObject(o) && isObject(o[key]) ? (o[key] as JsonObject) : {});

function differing(resource: ResourceDiff): Map<string, FieldDiff> {
  return new Map(resource.fields.filter((f) => f.status === 'differs').map((f) => [f.field, f]));
}

function merge(target: JsonObject, section: string, values: JsonObject): void {
  target[section] = { ...objAt(target, section), ...values };
}

/**
 * The whole tag list to send (ModifyClusterTags and a pool's scaling_group.tags replace the
 * list): the planned tags plus the live ones the profile does not name. Those stay unless
 * `prune`; Alibaba Cloud's own (aliyun..., acs:...) always stay.
 */
function keepOtherTags(planned: JsonValue | undefined, live: readonly Tag[], prune: boolean): JsonObject[] {
  const wanted = Array.isArray(planned) ? planned.filter(isObject) : [];
  const keys = new Set(wanted.map((t) => String(t.key)));
  return [...wanted, ...live.filter((t) => !keys.has(t.key) && (!prune || isSystemTag(t.key))).map((t) => ({ key: t.key, value: t.value }))];
}

/** Without --prune: say which live-only tags stay, and how to remove them. */
function keptTags(resource: ResourceDiff, fields: Map<string, FieldDiff>, options: UpdateOptions, kept: string[]): void {
  const extra = fields.get(LIVE_ONLY_TAGS);
  if (extra && !options.prune) kept.push(`${resource.id} tags ${extra.have}: live, not in the profile; kept (apply --prune removes them)`);
}

function clusterUpdate(resource: ResourceDiff, body: JsonObject, live: LiveState, options: UpdateOptions, kept: string[]): ClusterUpdate | undefined {
  const fields = differing(resource);
  keptTags(resource, fields, options, kept);
  if (fields.size === 0 || !resource.liveId) return undefined;
  const update: ClusterUpdate = { clusterId: resource.liveId };
  const modify: JsonObject = {};
  if (fields.has('deletionProtection')) modify.deletion_protection = body.deletion_protection === true;
  if (fields.has('apiServer.publicAccess')) modify.api_server_eip = body.endpoint_public_access === true;
  if (Object.keys(modify).length > 0) update.modify = modify;
  if (fields.has('tags') || (fields.has(LIVE_ONLY_TAGS) && options.prune)) {
    // Alibaba Cloud's own tags are no user's to send (ModifyClusterTags refuses reserved keys).
    update.tags = keepOtherTags(body.tags, live.cluster?.tags ?? [], options.prune)
      .map((t) => ({ key: String(t.key), value: String(t.value ?? '') }))
      .filter((t) => !isSystemTag(t.key));
  }
  if (fields.has('kubernetesVersion')) update.upgradeTo = String(body.kubernetes_version);
  return update.modify || update.tags || update.upgradeTo ? update : undefined;
}

/** `osBody`: the pool's planned `os-parameters/<pool>` body (ModifyNodePoolNodeConfig os_config), when it has one. */
function poolUpdate(
  resource: ResourceDiff,
  body: JsonObject,
  osBody: JsonObject,
  live: NodePoolSummary,
  batch: number,
  manual: string[],
  kept: string[],
  options: UpdateOptions,
): PoolUpdate | undefined {
  const fields = differing(resource);
  keptTags(resource, fields, options, kept);
  if (fields.size === 0 || !resource.liveId) return undefined;
  const sg = objAt(body, 'scaling_group');
  const k8s = objAt(body, 'kubernetes_config');
  const modify: JsonObject = {};
  const changes: string[] = [];
  const note = (f: FieldDiff) => changes.push(`${f.field}: ${f.have} -> ${f.want}`);
  for (const f of fields.values()) {
    switch (f.field) {
      case 'desiredSize':
        merge(modify, 'scaling_group', { desired_size: sg.desired_size ?? 0 });
        if (live.autoScaling?.enabled) modify.auto_scaling = { enable: false };
        break;
      case 'autoscaling':
        modify.auto_scaling = objAt(body, 'auto_scaling');
        break;
      case 'instanceTypes':
        merge(modify, 'scaling_group', { instance_types: sg.instance_types ?? [] });
        break;
      case 'vswitchIds':
        merge(modify, 'scaling_group', { vswitch_ids: sg.vswitch_ids ?? [] });
        break;
      case 'systemDisk':
        merge(modify, 'scaling_group', {
          system_disk_category: sg.system_disk_category ?? null,
          system_disk_size: sg.system_disk_size ?? null,
          ...(sg.system_disk_performance_level !== undefined && { system_disk_performance_level: sg.system_disk_performance_level }),
        });
        break;
      case 'dataDisks':
        merge(modify, 'scaling_group', { data_disks: sg.data_disks ?? [] });
        break;
      case 'login.keyPair':
        merge(modify, 'scaling_group', { key_pair: sg.key_pair ?? null });
        break;
      case 'labels':
        merge(modify, 'kubernetes_config', { labels: k8s.labels ?? [] });
        modify.update_nodes = true;
        break;
      case 'taints':
        merge(modify, 'kubernetes_config', { taints: k8s.taints ?? [] });
        modify.update_nodes = true;
        break;
      case 'kubelet.cpuManagerPolicy':
        merge(modify, 'kubernetes_config', { cpu_policy: k8s.cpu_policy ?? null });
        break;
      case 'preJoinScript':
        merge(modify, 'kubernetes_config', { pre_user_data: k8s.pre_user_data ?? '' });
        merge(modify, 'scaling_group', { tags: keepOtherTags(sg.tags, live.tags, options.prune) });
        break;
      case 'tags':
        merge(modify, 'scaling_group', { tags: keepOtherTags(sg.tags, live.tags, options.prune) });
        break;
      case LIVE_ONLY_TAGS:
        if (!options.prune) continue;
        merge(modify, 'scaling_group', { tags: keepOtherTags(sg.tags, live.tags, true) });
        break;
      case 'image.id':
      case 'image.os':
      case 'kubernetesVersion':
        break;
      default:
        if (f.change === 'kubelet' || f.change === 'os-parameters') break;
        manual.push(`${resource.id} ${f.field}: ${f.have} -> ${f.want}: ACK does not change this in place; create a new pool with it and delete this one (apply --prune)`);
        continue;
    }
    if (f.change !== 'kubelet' && f.change !== 'os-parameters' && f.change !== 'upgrade-pool' && f.change !== 'replace-os') note(f);
  }
  const update: PoolUpdate = { pool: resource.name, nodepoolId: resource.liveId, liveState: live.state, changes };
  if (Object.keys(modify).length > 0) update.modify = modify;

  // Kubelet settings and OS parameters: one ModifyNodePoolNodeConfig, one roll over the nodes.
  const kubeletFields = [...fields.values()].filter((f) => f.change === 'kubelet');
  const osFields = [...fields.values()].filter((f) => f.change === 'os-parameters');
  if (kubeletFields.length > 0 || osFields.length > 0) {
    update.nodeConfig = {
      ...(kubeletFields.length > 0 && { kubelet_config: objAt(objAt(body, 'node_config'), 'kubelet_configuration') }),
      ...(osFields.length > 0 && { os_config: objAt(osBody, 'os_config') }),
      rolling_policy: { max_parallelism: Math.min(batch, MAX_ROLLING_PARALLELISM) },
    };
    [...kubeletFields, ...osFields].forEach(note);
  }

  const image = fields.get('image.id');
  const os = fields.get('image.os');
  const kubelet = fields.get('kubernetesVersion');
  const upgrade: JsonObject = { use_replace: true, rolling_policy: { max_parallelism: batch } };
  if (image || os) {
    if (typeof sg.image_id !== 'string') {
      manual.push(`${resource.id} image.os: ${os?.have ?? '?'} -> ${os?.want ?? '?'}: pin the new image first (ackl2 pin -f FILE), then apply rolls it over the nodes`);
    } else {
      upgrade.image_id = sg.image_id;
      if (os) note(os);
      if (image) note(image);
    }
  }
  if (kubelet) {
    update.upgradeKubelet = true;
    note(kubelet);
  }
  if (upgrade.image_id !== undefined || kubelet) update.upgrade = upgrade;
  return update.modify || update.nodeConfig || update.upgrade ? update : undefined;
}

export function planUpdates(report: DiffReport, plan: Plan, profile: Profile, live: LiveState, options: UpdateOptions = { prune: false }): UpdatePlan {
  const manual: string[] = [];
  const kept: string[] = [];
  const result: UpdatePlan = { pools: [], unmanaged: [], manual, kept };
  for (const resource of report.resources) {
    if (resource.action === 'unmanaged' && resource.liveId) {
      result.unmanaged.push({ pool: resource.name, nodepoolId: resource.liveId });
      continue;
    }
    if (resource.action !== 'update') continue;
    if (resource.kind === 'cluster') {
      const body = plan.operations.find((o) => o.api === 'CreateCluster')?.body ?? {};
      result.cluster = clusterUpdate(resource, body, live, options, kept);
      for (const f of resource.fields) {
        if (f.status === 'differs' && f.change === 'none') manual.push(`cluster ${f.field}: ${f.have} -> ${f.want}: install or change add-ons in the ACK console (Add-ons page)`);
      }
      continue;
    }
    const body = plan.operations.find((o) => o.id === resource.id)?.body ?? {};
    const livePool = live.pools.find((p) => p.nodepoolId === resource.liveId);
    const batch = profile.nodePools.find((p) => p.name === resource.name)?.rollingPolicy.maxUnavailable ?? 1;
    const osBody = plan.operations.find((o) => o.id === `os-parameters/${resource.name}`)?.body ?? {};
    const update = livePool ? poolUpdate(resource, body, osBody, livePool, batch, manual, kept, options) : undefined;
    if (update) result.pools.push(update);
  }
  return result;
}

export function hasUpdates(plan: UpdatePlan): boolean {
  return plan.cluster !== undefined || plan.pools.length > 0;
}
