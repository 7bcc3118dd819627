/**
 * The one state store both service backends work on. Plain JSON (so it persists as is);
 * every time-dependent state is derived from stored timestamps by `settle()` in settle.ts,
 * so an emulator restarted on a state file continues where the last one stopped.
 */

import type { InstanceWorld, World } from './world.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface TagRecord {
  key: string;
  value: string;
}

export type ClusterState = 'initial' | 'running' | 'updating' | 'upgrading' | 'failed' | 'deleting' | 'deleted';
export type NodePoolState = 'initial' | 'scaling' | 'updating' | 'upgrading' | 'active' | 'failed' | 'removing' | 'deleting';
export type NodeState = 'initial' | 'running' | 'failed' | 'removing';

export interface ClusterRecord {
  id: string;
  name: string;
  regionId: string;
  clusterType: string;
  clusterSpec: string;
  profile: string;
  kubernetesVersion: string;
  vpcId: string;
  vswitchIds: string[];
  podVswitchIds: string[];
  containerCidr: string;
  serviceCidr: string;
  proxyMode: string;
  networkMode: string;
  deletionProtection: boolean;
  endpointPublicAccess: boolean;
  securityGroupId: string;
  resourceGroupId: string;
  timezone: string;
  tags: TagRecord[];
  addons: JsonObject[];
  state: ClusterState;
  created: number;
  updated: number;
  /** The creation task; its outcome decides initial -> running | failed. */
  taskId: string;
  deleteTaskId?: string | undefined;
  /** When a deleted cluster disappears from every answer. */
  goneAt?: number | undefined;
  /** Master (API server) addresses shown in master_url and the kubeconfig. */
  publicApiServer: string;
  privateApiServer: string;
  /** The bearer token the kubeconfig carries for the emulated API server (kube-api.ts); set when first handed out. */
  kubeToken?: string | undefined;
  /** ConfigMaps the emulated API server holds, by "namespace/name". */
  configMaps?: Record<string, JsonObject> | undefined;
  /** Namespaces the emulated API server holds, by name (absent on clusters saved before they were modelled). */
  namespaces?: Record<string, JsonObject> | undefined;
}

export interface NodePoolRecord {
  id: string;
  clusterId: string;
  name: string;
  regionId: string;
  isDefault: boolean;
  /** The request as sent (secrets removed), deep-merged by ModifyClusterNodePool. */
  spec: JsonObject;
  desiredSize: number;
  state: NodePoolState;
  created: number;
  updated: number;
  taskId: string;
  /** The nodes' kubelet version (node_components[kubelet]): the cluster's at creation, then what UpgradeClusterNodepool set. */
  kubeletVersion?: string | undefined;
}

export interface NodeRecord {
  instanceId: string;
  clusterId: string;
  nodepoolId: string;
  nodeName: string;
  ip: string;
  instanceType: string;
  zoneId: string;
  vswitchId: string;
  imageId: string;
  source: 'ess_attach' | 'ess';
  state: NodeState;
  created: number;
  errorMessage?: string | undefined;
}

export interface InstanceRecord extends InstanceWorld {
  regionId: string;
  vpcId: string;
  privateIp: string;
  imageId: string;
  name: string;
  created: number;
  /** True for instances the emulator made for node pools (released with their pool). */
  managed: boolean;
}

export type TaskEffect =
  | { kind: 'clusterCreate' }
  | { kind: 'clusterDelete' }
  | { kind: 'poolCreate'; nodepoolId: string }
  | { kind: 'poolScale'; nodepoolId: string; add: string[]; remove: string[] }
  | { kind: 'poolAttach'; nodepoolId: string; instanceIds: string[] }
  | { kind: 'poolRepair'; nodepoolId: string; instanceIds: string[] }
  | { kind: 'none' }
  | LifecycleEffect;

/** In-place changes (src/emulator/ack/lifecycle-actions.ts). */
export type LifecycleEffect =
  | { kind: 'clusterUpgrade'; version: string }
  | { kind: 'clusterUpdate' }
  | { kind: 'poolDelete'; nodepoolId: string }
  | { kind: 'poolNodeConfig'; nodepoolId: string }
  | {
      kind: 'poolUpgrade';
      nodepoolId: string;
      imageId?: string | undefined;
      imageType?: string | undefined;
      kubernetesVersion?: string | undefined;
      /** Instance ids per batch, replaced one batch after another. */
      batches: string[][];
      /** Batches already replaced. */
      done: number;
    };

export interface TaskRecord {
  id: string;
  type: string;
  clusterId: string;
  target: { type: 'cluster' | 'nodepool'; id: string };
  created: number;
  endsAt: number;
  outcome: 'success' | 'fail';
  state: 'running' | 'success' | 'fail';
  stages: string[];
  /** For a failing task: the stage it fails in and the error it reports. */
  failStage?: string | undefined;
  error?: { code: string; message: string } | undefined;
  /** `task_result` once finished: one entry per instance the task created, attached or repaired. */
  results?: { data: string; status: 'success' | 'failed' }[] | undefined;
  parameters: JsonObject;
  effect: TaskEffect;
  updated: number;
}

export interface EmulatorState {
  version: 1;
  created: number;
  world: World;
  clusters: Record<string, ClusterRecord>;
  nodePools: Record<string, NodePoolRecord>;
  nodes: Record<string, NodeRecord>;
  tasks: Record<string, TaskRecord>;
  instances: Record<string, InstanceRecord>;
  autoscalingConfigs: Record<string, JsonObject>;
  /** Next host number handed out per vSwitch. */
  ipCursor: Record<string, number>;
  /** State of the id generator, so ids stay unique across restarts. */
  idSeed: number;
}

/** A pool's task is over: the pool is at rest again (when it still exists). */
export function restPool(state: EmulatorState, nodepoolId: string, at: number): NodePoolRecord | undefined {
  const pool = state.nodePools[nodepoolId];
  if (pool) {
    pool.state = 'active';
    pool.updated = at;
  }
  return pool;
}

export function initialState(world: World, idSeed: number, now: number): EmulatorState {
  const instances: Record<string, InstanceRecord> = {};
  for (const region of world.regions) {
    const vswitches = new Map(region.vswitches.map((v) => [v.id, v]));
    let host = 200;
    for (const inst of region.instances) {
      const vsw = vswitches.get(inst.vswitchId);
      instances[inst.id] = {
        ...inst,
        regionId: region.id,
        vpcId: vsw?.vpcId ?? '',
        name: inst.name ?? inst.id,
        privateIp: inst.privateIp ?? (vsw ? hostAddress(vsw.cidr, host++) : '0.0.0.0'),
        imageId: inst.imageId ?? region.images.find((i) => i.ackImageType === 'AliyunLinux')?.id ?? '',
        created: now - 86_400_000,
        managed: false,
      };
    }
  }
  return {
    version: 1,
    created: now,
    world,
    clusters: {},
    nodePools: {},
    nodes: {},
    tasks: {},
    instances,
    autoscalingConfigs: {},
    ipCursor: {},
    idSeed,
  };
}

/** The n-th host address of an IPv4 block (n counted from the network address). */
export function hostAddress(cidr: string, n: number): string {
  const [base] = cidr.split('/');
  const value = ipToNumber(base ?? '0.0.0.0') + n;
  return numberToIp(value);
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** [first, last] address of a block, or undefined when it is not a valid IPv4 CIDR. */
export function cidrRange(cidr: string): [number, number] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const ip = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const first = Math.floor(ip / size) * size;
  return [first, first + size - 1];
}

export function cidrsOverlap(a: string, b: string): boolean {
  const ra = cidrRange(a);
  const rb = cidrRange(b);
  if (!ra || !rb) return false;
  return ra[0] <= rb[1] && rb[0] <= ra[1];
}
