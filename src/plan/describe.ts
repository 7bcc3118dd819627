/** One-line facts about each planned operation, for the human plan (from the typed bodies). */

import type { OsFamily } from '../profile/schema.js';
import { SANDBOXED_RUNTIME } from '../scenarios/sandboxed.js';
import { isMinorVersion } from '../scenarios/support.js';
import type { NodeTuning } from './draft.js';
import type { AttachInstancesBody, AutoscalingConfigBody, CreateClusterBody, CreateNodePoolBody } from './wire.js';

export type Fact = readonly [label: string, text: string];

const onOff = (value: boolean): string => (value ? 'on' : 'off');

export function describeCluster(body: CreateClusterBody): Fact[] {
  const pods = body.pod_vswitch_ids
    ? `terway, pod vSwitches ${body.pod_vswitch_ids.join(', ')}`
    : `flannel, pod CIDR ${body.container_cidr ?? '(none)'}`;
  return [
    ['creates', `ACK managed cluster "${body.name}" (${body.cluster_spec}, Kubernetes ${kubernetes(body.kubernetes_version)})`],
    ['network', `${body.vpcid}: vSwitches ${body.vswitch_ids.join(', ')}; ${pods}`],
    ['services', `${body.service_cidr}, ${body.proxy_mode === undefined ? 'no kube-proxy (DataPath V2 routes services in eBPF)' : `kube-proxy ${body.proxy_mode}`}; SNAT ${onOff(body.snat_entry)}; public API server ${onOff(body.endpoint_public_access)}`],
    ['add-ons', body.addons.map((a) => `${a.name}${a.config ? ` ${a.config}` : ''}${a.disabled ? ' (disabled)' : ''}`).join(', ')],
    ['protection', `deletion protection ${onOff(body.deletion_protection)}`],
    ['tags', body.tags.map((t) => `${t.key}=${t.value}`).join(', ')],
  ];
}

/** A minor version ("1.30") is resolved to its newest patch at create time. */
function kubernetes(version: string): string {
  return isMinorVersion(version) ? `${version}, newest patch at create time; \`ackl2 pin\` writes it` : version;
}

/**
 * `osSysctls`: the pool's sysctls ACK sets as OS parameters; `osParametersOffered`: the cluster
 * takes OS parameters at all, so sysctls left in the script are there because ACK does not take them.
 */
export function describePool(
  body: CreateNodePoolBody,
  os: OsFamily,
  node: NodeTuning | undefined,
  osSysctls: ReadonlyMap<string, string> = new Map(),
  osParametersOffered = false,
): Fact[] {
  const group = body.scaling_group;
  const size = body.auto_scaling
    ? `autoscaling ${body.auto_scaling.min_instances}..${body.auto_scaling.max_instances} (${body.auto_scaling.type})`
    : `${group.desired_size ?? 0} node${group.desired_size === 1 ? '' : 's'}`;
  const facts: Fact[] = [
    ['creates', `node pool "${body.nodepool_info.name}": ${size} of ${group.instance_types.join(' | ')}`],
    ['vSwitches', group.vswitch_ids.join(', ')],
    ['image', `${os} (image_type ${group.image_type}), ${group.image_id ? `pinned ${group.image_id}` : body.kubernetes_config.runtime === SANDBOXED_RUNTIME ? 'the sandbox-ready image ACK prepares (sandboxed pools are not pinned)' : 'not pinned: ACK picks the image at create time'}`],
    ['disks', [`system ${disk(group.system_disk_category, group.system_disk_size, group.system_disk_performance_level)}`, ...(group.data_disks ?? []).map((d) => `data ${disk(d.category, d.size, d.performance_level)}`)].join('; ')],
    ['runtime', `${body.kubernetes_config.runtime}${body.kubernetes_config.runtime_version ? ` ${body.kubernetes_config.runtime_version}` : ''}`],
    ['login', group.key_pair ? `key pair ${group.key_pair}` : group.login_password ? `password from ${group.login_password}` : '(none)'],
  ];
  const kubelet = body.node_config?.kubelet_configuration;
  const kubeletParts = [
    ...(kubelet?.maxPods !== undefined ? [`maxPods ${kubelet.maxPods}`] : []),
    ...(body.kubernetes_config.cpu_policy ? [`CPU policy ${body.kubernetes_config.cpu_policy}`] : []),
    ...(kubelet?.allowedUnsafeSysctls ? [`pods may set ${kubelet.allowedUnsafeSysctls.join(', ')}`] : []),
  ];
  if (kubeletParts.length > 0) facts.push(['kubelet', kubeletParts.join('; ')]);
  const labels = body.kubernetes_config.labels ?? [];
  const taints = body.kubernetes_config.taints ?? [];
  if (labels.length + taints.length > 0) {
    facts.push(['scheduling', [...labels.map((l) => `label ${l.key}=${l.value}`), ...taints.map((t) => `taint ${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`)].join(', ')]);
  }
  if (osSysctls.size > 0) facts.push(['OS params', `${sysctlList(osSysctls)}: set by ACK after the pool is created (os-parameters/${body.nodepool_info.name})`]);
  if (node) facts.push(['pre-join', describeNodeTuning(node).join('; ')]);
  if (node && node.sysctls.size > 0) {
    const names = [...node.sysctls.keys()].sort().join(', ');
    facts.push([
      'sysctls',
      osParametersOffered
        ? `${names}: not among the sysctls ACK's node-pool OS parameters take, so the pre-join script sets them`
        : `${names}: ACK's node-pool OS parameters need Kubernetes 1.28+, so the pre-join script sets them`,
    ]);
  }
  return facts;
}

function sysctlList(sysctls: ReadonlyMap<string, string>): string {
  const entries = [...sysctls.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length <= 3 ? `sysctl${entries.length === 1 ? '' : 's'} ${entries.map(([name, value]) => `${name}=${value}`).join(', ')}` : `${entries.length} sysctls`;
}

/** The OS-parameters step of a pool (ModifyNodePoolNodeConfig after CreateClusterNodePool). */
export function describeOsParameters(sysctls: ReadonlyMap<string, string>): Fact[] {
  return [
    ['sets', `node-pool OS parameters: ${[...sysctls.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => `${name}=${value}`).join(', ')}`],
    ['skipped', 'when the live pool already has these values (rerun, apply)'],
  ];
}

function disk(category: string, size: number, level: string | undefined): string {
  return `${category} ${size} GiB${level ? ` ${level}` : ''}`;
}

export function describeNodeTuning(node: NodeTuning): string[] {
  const parts: string[] = [];
  if (node.sysctls.size > 0) parts.push(sysctlList(node.sysctls));
  if (node.modules.size > 0) parts.push(`modules ${[...node.modules].sort().join(', ')}`);
  if (node.ioScheduler) parts.push(`${node.ioScheduler.scheduler} on ${node.ioScheduler.diskGlobs.join(', ')}`);
  if (node.rootQdisc) parts.push(`${node.rootQdisc} root qdisc on existing interfaces`);
  if (node.dataDiskReadAheadKb !== undefined) parts.push(`read_ahead_kb ${node.dataDiskReadAheadKb} on data disks`);
  if (node.bootArgs.length > 0) {
    parts.push(`boot args ${node.bootArgs.join(' ')} (one reboot, after joining${node.bootArgsUnlessPath ? `, only where ${node.bootArgsUnlessPath} is missing` : ''})`);
  }
  return parts;
}

export function describeAutoscaler(body: AutoscalingConfigBody): Fact[] {
  return [
    ['creates', `cluster autoscaler ${body.scaler_type}: scan every ${/^\d+$/.test(body.scan_interval) ? `${body.scan_interval}s` : body.scan_interval}, expander ${body.expander}, scale-down ${onOff(body.scale_down_enabled)}`],
  ];
}

export function describeJoin(body: AttachInstancesBody): Fact[] {
  return [
    ['attaches', `${body.instances.length} existing instance${body.instances.length === 1 ? '' : 's'}: ${body.instances.join(', ')}`],
    ['options', `${body.keep_instance_name ? 'keep instance names' : 'rename instances'}; ${body.format_disk ? 'format data disks' : 'keep data disks'}`],
  ];
}
