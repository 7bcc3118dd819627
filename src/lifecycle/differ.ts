/**
 * The differ: a pure comparison of what a profile plans (the planner's request bodies) with
 * what ACK says exists (DescribeClusterDetail, DescribeClusterNodePools), field by field. A
 * field ACK does not return is `unverifiable`, never silently equal. Each difference names the
 * kind of change that brings the cloud to the profile, for the update planner.
 */

import type { ClusterDetail, NodePoolSummary, Tag } from '../cloud/types.js';
import type { JsonObject, JsonValue, Plan } from '../plan/types.js';
import { SCRIPT_HASH_TAG_KEY, scriptHash } from './script-hash.js';
import { isMinorVersion, isPatchOf } from '../versions.js';
import { sameSysctlValue } from '../scenarios/os-parameters.js';

export type FieldStatus = 'equal' | 'differs' | 'unverifiable';

/**
 * How a difference is applied: `modify-pool` (ModifyClusterNodePool), `kubelet`
 * (ModifyNodePoolNodeConfig), `modify-cluster` (ModifyCluster), `cluster-tags`
 * (ModifyClusterTags), `upgrade-cluster` (UpgradeCluster), `upgrade-pool` (UpgradeClusterNodepool,
 * rolling), `replace-os` (image type change, rolled by system-disk replacement), `os-parameters`
 * (ModifyNodePoolNodeConfig os_config.sysctl), `none` (no API changes it in place: recreate the pool).
 */
export type ChangeKind = 'modify-pool' | 'kubelet' | 'modify-cluster' | 'cluster-tags' | 'upgrade-cluster' | 'upgrade-pool' | 'replace-os' | 'os-parameters' | 'none';

export interface FieldDiff {
  field: string;
  want: string;
  have: string;
  status: FieldStatus;
  change: ChangeKind;
}

/** `create`: missing; `update`: some field differs; `unmanaged`: live but not in the profile. */
export type ResourceAction = 'create' | 'update' | 'none' | 'unmanaged';

export interface ResourceDiff {
  /** `cluster` or `nodepool/<name>`. */
  id: string;
  kind: 'cluster' | 'nodepool';
  name: string;
  /** The live id (cluster id, nodepool id), when it exists. */
  liveId?: string | undefined;
  action: ResourceAction;
  fields: FieldDiff[];
}

export interface LiveState {
  cluster: ClusterDetail | undefined;
  pools: NodePoolSummary[];
}

export interface DiffReport {
  profile: string;
  region: string;
  resources: ResourceDiff[];
  /** Anything to change (create, update or unmanaged pools). */
  differs: boolean;
  /** Fields that could not be checked. */
  unverifiable: number;
}

// ------------------------------------------------------------------------------------------ values

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const objAt = (o: unknown, key: string): JsonObject | undefined => (isObject(o) && isObject(o[key]) ? (o[key] as JsonObject) : undefined);

function text(value: unknown): string {
  if (value === undefined) return '-';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function field(name: string, want: unknown, have: unknown, equal: boolean | undefined, change: ChangeKind): FieldDiff {
  return { field: name, want: text(want), have: equal === undefined ? '(not returned by ACK)' : text(have), status: equal === undefined ? 'unverifiable' : equal ? 'equal' : 'differs', change };
}

/** Same value with object keys in any order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
}

function tagMap(tags: readonly { key: string; value?: string | undefined }[]): Map<string, string> {
  return new Map(tags.map((t) => [t.key, t.value ?? '']));
}

function tagsOfBody(value: JsonValue | undefined): Tag[] {
  return Array.isArray(value) ? value.filter(isObject).map((t) => ({ key: String(t.key), value: typeof t.value === 'string' ? t.value : '' })) : [];
}

/** Every wanted tag is live with its value (tags other tools or ACK added are left alone). */
function tagsCovered(want: Tag[], have: Tag[]): boolean {
  const live = tagMap(have);
  return want.every((t) => live.get(t.key) === t.value);
}

/** Keys Alibaba Cloud reserves for its own tags (`aliyun...`, `acs:...`): no user sets or removes them. */
export function isSystemTag(key: string): boolean {
  return /^(aliyun|acs:)/i.test(key);
}

/** The field of tags that are live but not in the profile (other tools', or ones the profile dropped). */
export const LIVE_ONLY_TAGS = 'liveOnlyTags';

/**
 * Live tags the profile does not name (ACK's own and `ignored` keys aside): drift. Reported
 * only when there are some; `apply --prune` removes them, plain `apply` keeps them.
 */
function liveOnlyTags(want: Tag[], have: readonly Tag[], change: ChangeKind, ignored?: string): FieldDiff[] {
  const named = new Set(want.map((t) => t.key));
  const extra = have.filter((t) => !named.has(t.key) && !isSystemTag(t.key) && t.key !== ignored);
  return extra.length === 0 ? [] : [field(LIVE_ONLY_TAGS, {}, Object.fromEntries(tagMap(extra)), false, change)];
}

/** A minor ("1.30") matches any 1.30 patch; an exact version only itself. */
export function versionMatches(want: string, have: string): boolean {
  return want === have || (isMinorVersion(want) && isPatchOf(have, want));
}

// ------------------------------------------------------------------------------------------ cluster

function publicEndpointOf(detail: ClusterDetail): boolean | undefined {
  if (detail.masterUrl === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(detail.masterUrl);
    return isObject(parsed) ? typeof parsed.api_server_endpoint === 'string' && parsed.api_server_endpoint !== '' : undefined;
  } catch {
    return undefined;
  }
}

function liveAddons(detail: ClusterDetail): { name: string; version?: string }[] | undefined {
  const addons = detail.metaData.Addons;
  if (!Array.isArray(addons)) return undefined;
  return addons.filter(isObject).map((a) => ({ name: String(a.name), ...(typeof a.version === 'string' && { version: a.version }) }));
}

export function diffCluster(body: JsonObject, detail: ClusterDetail): FieldDiff[] {
  const fields: FieldDiff[] = [];
  const version = typeof body.kubernetes_version === 'string' ? body.kubernetes_version : undefined;
  if (version !== undefined) {
    fields.push(field('kubernetesVersion', version, detail.currentVersion, detail.currentVersion === undefined ? undefined : versionMatches(version, detail.currentVersion), 'upgrade-cluster'));
  }
  const protection = body.deletion_protection === true;
  fields.push(field('deletionProtection', protection, detail.deletionProtection, detail.deletionProtection === undefined ? undefined : detail.deletionProtection === protection, 'modify-cluster'));
  const tags = tagsOfBody(body.tags);
  fields.push(field('tags', Object.fromEntries(tagMap(tags)), Object.fromEntries(tagMap(detail.tags)), tagsCovered(tags, detail.tags), 'cluster-tags'));
  fields.push(...liveOnlyTags(tags, detail.tags, 'cluster-tags'));
  const publicAccess = body.endpoint_public_access === true;
  const livePublic = publicEndpointOf(detail);
  fields.push(field('apiServer.publicAccess', publicAccess, livePublic, livePublic === undefined ? undefined : livePublic === publicAccess, 'modify-cluster'));
  const wantAddons = (Array.isArray(body.addons) ? body.addons.filter(isObject) : []).filter((a) => a.disabled !== true);
  const have = liveAddons(detail);
  for (const addon of wantAddons) {
    const name = String(addon.name);
    const found = have?.find((a) => a.name === name);
    const wantVersion = typeof addon.version === 'string' ? addon.version : undefined;
    const equal = have === undefined ? undefined : found !== undefined && (wantVersion === undefined || found.version === undefined || found.version === wantVersion);
    fields.push(field(`addons.${name}`, wantVersion ?? 'installed', found ? found.version ?? 'installed' : 'absent', equal, 'none'));
  }
  return fields;
}

// ------------------------------------------------------------------------------------------ pools

/** `joined`: instances the profile attaches to the pool; attaching raises ACK's desired size by as many. */
function poolSize(body: JsonObject, live: NodePoolSummary, joined: number): FieldDiff {
  const auto = objAt(body, 'auto_scaling');
  if (auto && auto.enable === true) {
    const want = { min: auto.min_instances, max: auto.max_instances };
    const have = live.autoScaling ? { enabled: live.autoScaling.enabled, min: live.autoScaling.min, max: live.autoScaling.max } : undefined;
    const equal = have === undefined ? undefined : have.enabled && have.min === want.min && have.max === want.max;
    return field('autoscaling', want, have, equal, 'modify-pool');
  }
  const desired = objAt(body, 'scaling_group')?.desired_size;
  const want = typeof desired === 'number' ? desired + joined : desired;
  const autoOn = live.autoScaling?.enabled === true;
  const have = autoOn ? { autoscaling: { min: live.autoScaling?.min, max: live.autoScaling?.max } } : live.desiredSize;
  return field('desiredSize', want, have, autoOn ? false : live.desiredSize === undefined ? undefined : live.desiredSize === want, 'modify-pool');
}

function diskOf(sg: JsonObject): { category?: JsonValue; sizeGiB?: JsonValue; performanceLevel?: JsonValue } {
  return {
    category: sg.system_disk_category,
    sizeGiB: sg.system_disk_size,
    ...(sg.system_disk_performance_level !== undefined && { performanceLevel: sg.system_disk_performance_level }),
  };
}

function dataDisksOf(sg: JsonObject): { category?: JsonValue; sizeGiB?: JsonValue; performanceLevel?: JsonValue }[] {
  return (Array.isArray(sg.data_disks) ? sg.data_disks.filter(isObject) : []).map((d) => ({
    category: d.category,
    sizeGiB: d.size,
    ...(d.performance_level !== undefined && { performanceLevel: d.performance_level }),
  }));
}

/** Live disks with the optional performance level dropped when absent, to compare like with like. */
function normaliseDisk(d: { category?: string | undefined; sizeGiB?: number | undefined; performanceLevel?: string | undefined }): Record<string, unknown> {
  return { category: d.category, sizeGiB: d.sizeGiB, ...(d.performanceLevel !== undefined && { performanceLevel: d.performanceLevel }) };
}

function labelsOf(k8s: JsonObject | undefined): Record<string, string> {
  return Object.fromEntries(tagMap(tagsOfBody(k8s?.labels)));
}

function taintsOf(list: JsonValue | undefined): { key: string; value?: string; effect?: string }[] {
  return (Array.isArray(list) ? list.filter(isObject) : []).map((t) => ({
    key: String(t.key),
    ...(typeof t.value === 'string' && t.value !== '' && { value: t.value }),
    ...(typeof t.effect === 'string' && { effect: t.effect }),
  }));
}

const byKey = <T extends { key: string }>(list: T[]): T[] => [...list].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** `osParameters`: the body of the pool's planned `os-parameters/<pool>` step, when it has one. */
export function diffPool(body: JsonObject, live: NodePoolSummary, clusterVersion?: string, joined = 0, osParameters?: JsonObject): FieldDiff[] {
  const sg = objAt(body, 'scaling_group') ?? {};
  const k8s = objAt(body, 'kubernetes_config');
  const spec = live.spec;
  const fields: FieldDiff[] = [poolSize(body, live, joined)];

  const types = Array.isArray(sg.instance_types) ? sg.instance_types : [];
  fields.push(field('instanceTypes', types, live.instanceTypes, sameJson(types, live.instanceTypes), 'modify-pool'));
  if (Array.isArray(sg.vswitch_ids)) {
    fields.push(field('vswitchIds', sg.vswitch_ids, live.vswitchIds, live.vswitchIds.length === 0 ? undefined : sameJson([...sg.vswitch_ids].sort(), [...live.vswitchIds].sort()), 'modify-pool'));
  }
  const imageType = sg.image_type;
  fields.push(field('image.os', imageType, live.imageType, live.imageType === undefined ? undefined : live.imageType === imageType, 'replace-os'));
  if (typeof sg.image_id === 'string') {
    fields.push(field('image.id', sg.image_id, live.imageId, live.imageId === undefined ? undefined : live.imageId === sg.image_id, 'upgrade-pool'));
  }
  if (clusterVersion !== undefined) {
    // Nodes follow the control plane: the pool's kubelet is upgraded once the cluster is.
    const have = live.spec?.kubeletVersion;
    fields.push(field('kubernetesVersion', clusterVersion, have, have === undefined ? undefined : versionMatches(clusterVersion, have), 'upgrade-pool'));
  }
  const disk = diskOf(sg);
  fields.push(field('systemDisk', disk, spec?.systemDisk, spec?.systemDisk === undefined ? undefined : sameJson(disk, normaliseDisk(spec.systemDisk)), 'modify-pool'));
  const dataDisks = dataDisksOf(sg);
  fields.push(field('dataDisks', dataDisks, spec?.dataDisks, spec?.dataDisks === undefined ? undefined : sameJson(dataDisks, spec.dataDisks.map(normaliseDisk)), 'modify-pool'));

  const labels = labelsOf(k8s);
  const liveLabels = spec?.labels === undefined ? undefined : Object.fromEntries(tagMap(spec.labels));
  fields.push(field('labels', labels, liveLabels, liveLabels === undefined ? undefined : sameJson(labels, liveLabels), 'modify-pool'));
  const taints = byKey(taintsOf(k8s?.taints));
  const liveTaints = spec?.taints === undefined ? undefined : byKey(taintsOf(spec.taints as unknown as JsonValue));
  fields.push(field('taints', taints, liveTaints, liveTaints === undefined ? undefined : sameJson(taints, liveTaints), 'modify-pool'));
  if (typeof k8s?.cpu_policy === 'string') {
    fields.push(field('kubelet.cpuManagerPolicy', k8s.cpu_policy, spec?.cpuPolicy, spec?.cpuPolicy === undefined ? undefined : spec.cpuPolicy === k8s.cpu_policy, 'modify-pool'));
  }
  if (typeof k8s?.runtime === 'string') {
    fields.push(field('runtime', k8s.runtime, spec?.runtime, spec?.runtime === undefined ? undefined : spec.runtime === k8s.runtime, 'none'));
  }
  const kubelet = objAt(objAt(body, 'node_config'), 'kubelet_configuration') ?? {};
  for (const [key, want] of Object.entries(kubelet)) {
    const have = spec?.kubelet?.[key];
    fields.push(field(`kubelet.${key}`, want, have, spec?.kubelet === undefined ? undefined : sameJson(want, have), 'kubelet'));
  }
  for (const [name, want] of Object.entries(objAt(objAt(osParameters, 'os_config'), 'sysctl') ?? {})) {
    const have = spec?.osSysctls?.[name];
    fields.push(field(`osParameters.${name}`, want, have ?? 'unset', spec?.osSysctls === undefined ? undefined : sameSysctlValue(want, have), 'os-parameters'));
  }

  if (typeof sg.key_pair === 'string') {
    fields.push(field('login.keyPair', sg.key_pair, spec?.keyPair, spec === undefined ? undefined : spec.keyPair === sg.key_pair, 'modify-pool'));
  }
  if (typeof sg.login_password === 'string') {
    // ACK never returns a password: it can be set, not checked.
    fields.push(field('login.password', '(from the environment)', undefined, undefined, 'modify-pool'));
  }
  fields.push(scriptField(typeof k8s?.pre_user_data === 'string' ? k8s.pre_user_data : undefined, live));

  const wantTags = tagsOfBody(sg.tags).filter((t) => t.key !== SCRIPT_HASH_TAG_KEY);
  fields.push(field('tags', Object.fromEntries(tagMap(wantTags)), Object.fromEntries(tagMap(live.tags.filter((t) => t.key !== SCRIPT_HASH_TAG_KEY))), tagsCovered(wantTags, live.tags), 'modify-pool'));
  fields.push(...liveOnlyTags(wantTags, live.tags, 'modify-pool', SCRIPT_HASH_TAG_KEY));
  return fields;
}

/** The pre-join script by its hash: the pool tag ackl2 writes, else the script ACK returned. */
function scriptField(preUserData: string | undefined, live: NodePoolSummary): FieldDiff {
  const want = preUserData === undefined ? 'none' : `sha256:${scriptHash(preUserData).slice(0, 12)}`;
  const tag = live.tags.find((t) => t.key === SCRIPT_HASH_TAG_KEY)?.value;
  const liveScript = live.spec?.preUserData;
  const liveHash = tag ?? (liveScript !== undefined ? scriptHash(liveScript) : undefined);
  if (liveHash !== undefined) {
    const wantHash = preUserData === undefined ? undefined : scriptHash(preUserData);
    return field('preJoinScript', want, `sha256:${liveHash.slice(0, 12)}`, liveHash === wantHash, 'modify-pool');
  }
  // Neither a tag nor a script: a pool without a script looks exactly like this too.
  if (preUserData === undefined && live.spec?.preUserData === undefined && live.spec !== undefined) return field('preJoinScript', want, 'none', true, 'modify-pool');
  return field('preJoinScript', want, undefined, undefined, 'modify-pool');
}

// ------------------------------------------------------------------------------------------ whole

function resource(kind: 'cluster' | 'nodepool', name: string, liveId: string | undefined, fields: FieldDiff[]): ResourceDiff {
  const id = kind === 'cluster' ? 'cluster' : `nodepool/${name}`;
  return { id, kind, name, liveId, action: fields.some((f) => f.status === 'differs') ? 'update' : 'none', fields };
}

/** A live state read and its diff against the plan, computed once for both apply's preflight scope and its in-place changes. */
export interface LiveDiff {
  live: LiveState;
  report: DiffReport;
}

/** The whole diff: the cluster, every pool of the plan, and live pools the profile does not name. */
export function diffProfile(plan: Plan, live: LiveState): DiffReport {
  const resources: ResourceDiff[] = [];
  const clusterOp = plan.operations.find((op) => op.api === 'CreateCluster');
  if (clusterOp) {
    resources.push(
      live.cluster
        ? resource('cluster', plan.profile, live.cluster.clusterId, diffCluster(clusterOp.body, live.cluster))
        : { id: 'cluster', kind: 'cluster', name: plan.profile, action: 'create', fields: [] },
    );
  }
  const planned = new Set<string>();
  for (const op of plan.operations.filter((o) => o.api === 'CreateClusterNodePool')) {
    const name = String(objAt(op.body, 'nodepool_info')?.name ?? op.id.replace(/^nodepool\//, ''));
    planned.add(name);
    const pool = live.pools.find((p) => p.name === name);
    const version = typeof clusterOp?.body.kubernetes_version === 'string' ? clusterOp.body.kubernetes_version : undefined;
    const join = plan.operations.find((o) => o.api === 'AttachInstancesToNodePool' && o.id === `join/${name}`);
    const joined = Array.isArray(join?.body.instances) ? join.body.instances.length : 0;
    const osParameters = plan.operations.find((o) => o.id === `os-parameters/${name}`)?.body;
    resources.push(pool ? resource('nodepool', name, pool.nodepoolId, diffPool(op.body, pool, version, joined, osParameters)) : { id: `nodepool/${name}`, kind: 'nodepool', name, action: 'create', fields: [] });
  }
  if (live.cluster) {
    for (const pool of live.pools) {
      if (planned.has(pool.name)) continue;
      resources.push({ id: `nodepool/${pool.name}`, kind: 'nodepool', name: pool.name, liveId: pool.nodepoolId, action: 'unmanaged', fields: [] });
    }
  }
  return {
    profile: plan.profile,
    region: plan.region,
    resources,
    differs: resources.some((r) => r.action !== 'none'),
    unverifiable: resources.reduce((n, r) => n + r.fields.filter((f) => f.status === 'unverifiable').length, 0),
  };
}
