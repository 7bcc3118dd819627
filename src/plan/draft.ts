/**
 * The planner's working state: typed request bodies plus each pool's node tunings, which
 * scenario transforms edit before the planner serializes everything into a Plan.
 *
 * Scenario modules import this file at runtime (the validator and the planner load them),
 * so it stays a leaf: type-only imports, no zod, no SDKs.
 */

import type { KubeObject } from '../kube/objects.js';
import type { NodePool, Profile } from '../profile/schema.js';
import type { ScenarioId } from '../scenarios/options.js';
import type { AddonWire, AutoscalingConfigBody, CreateClusterBody, CreateNodePoolBody } from './wire.js';

/** What the pre-join script does on a node (rendered by src/plan/script.ts). */
export interface NodeTuning {
  /** Sysctl name -> value, persisted in /etc/sysctl.d/90-ackl2.conf. */
  sysctls: Map<string, string>;
  /** Kernel modules loaded now and at every boot (/etc/modules-load.d/90-ackl2.conf). */
  modules: Set<string>;
  /** An I/O scheduler set by a udev rule on whole disks whose kernel names match these globs. */
  ioScheduler?: { scheduler: 'bfq'; diskGlobs: string[] };
  /**
   * A root qdisc existing network interfaces get now (net.core.default_qdisc only reaches
   * qdiscs created later, and the primary interface exists before the script runs).
   */
  rootQdisc?: 'fq';
  /** read_ahead_kb for data disks (every disk but the system disk), by udev rule. */
  dataDiskReadAheadKb?: number;
  /** Kernel boot arguments added with grubby; the node reboots once to apply them. */
  bootArgs: string[];
  /** A path whose presence means the boot arguments are not needed (PSI: /proc/pressure). */
  bootArgsUnlessPath?: string;
}

export interface ClusterDraft {
  body: CreateClusterBody;
  /** Scenarios that changed this operation (for the human plan). */
  tunings: Set<ScenarioId>;
  /** Objects ackl2 merges into the running cluster through its API server, one planned step each. */
  kubeObjects: KubeObjectDraft[];
}

export interface KubeObjectDraft {
  /** The step id (slo-config, coredns, dns-injection/<namespace>, ebpf-conntrack). */
  id: string;
  /** What is merged into the live object (src/kube/merges.ts says how). */
  object: KubeObject;
  by: ScenarioId;
  /** One line for the human plan. */
  fact: string;
  /** Written before any node pool is created, so components on new nodes start with it. */
  beforePools?: boolean;
}

/** Records a kube step once (several uses of one scenario ask for the same object). */
export function addKubeObject(cluster: ClusterDraft, step: KubeObjectDraft): void {
  cluster.tunings.add(step.by);
  if (!cluster.kubeObjects.some((s) => s.id === step.id)) cluster.kubeObjects.push(step);
}

export interface PoolDraft {
  index: number;
  pool: NodePool;
  body: CreateNodePoolBody;
  node: NodeTuning;
  /** Pod-level sysctls the kubelet allows (kubelet_configuration.allowedUnsafeSysctls). */
  unsafeSysctls: Set<string>;
  tunings: Set<ScenarioId>;
}

export interface AutoscalerDraft {
  body: AutoscalingConfigBody;
  tunings: Set<ScenarioId>;
}

export interface PlanDraft {
  profile: Profile;
  cluster: ClusterDraft;
  pools: PoolDraft[];
  autoscaler?: AutoscalerDraft;
}

export function emptyNodeTuning(): NodeTuning {
  return { sysctls: new Map(), modules: new Set(), bootArgs: [] };
}

export function hasNodeTuning(node: NodeTuning): boolean {
  return (
    node.sysctls.size > 0 ||
    node.modules.size > 0 ||
    node.ioScheduler !== undefined ||
    node.rootQdisc !== undefined ||
    node.dataDiskReadAheadKb !== undefined ||
    node.bootArgs.length > 0
  );
}

/**
 * Adds an add-on to the cluster, or merges into one of the same name: a scenario's config
 * keys win over the profile's, other keys of the profile's config are kept.
 */
export function addAddon(cluster: ClusterDraft, addon: AddonWire, by: ScenarioId): void {
  cluster.tunings.add(by);
  const existing = cluster.body.addons.find((a) => a.name === addon.name);
  if (!existing) {
    cluster.body.addons.push({ ...addon });
    return;
  }
  if (addon.config !== undefined) existing.config = mergeJsonConfig(existing.config, addon.config);
  if (addon.version !== undefined) existing.version = addon.version;
  delete existing.disabled;
}

/** Two add-on configs (JSON object strings) merged, keys sorted so the result is stable. */
export function mergeJsonConfig(base: string | undefined, overlay: string): string {
  const parsedBase = parseJsonObject(base);
  const parsedOverlay = parseJsonObject(overlay) ?? {};
  return addonConfig({ ...(parsedBase ?? {}), ...parsedOverlay });
}

/** An add-on config object as the API takes it: a JSON string, keys sorted. */
export function addonConfig(config: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(config).sort()) sorted[key] = config[key];
  return JSON.stringify(sorted);
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function setNodeSysctl(pool: PoolDraft, name: string, value: string, by: ScenarioId): void {
  pool.tunings.add(by);
  pool.node.sysctls.set(name, value);
}

export function loadKernelModule(pool: PoolDraft, module: string, by: ScenarioId): void {
  pool.tunings.add(by);
  pool.node.modules.add(module);
}

export function allowUnsafeSysctl(pool: PoolDraft, name: string, by: ScenarioId): void {
  pool.tunings.add(by);
  pool.unsafeSysctls.add(name);
}

/** Boot arguments for the pool's nodes; with `unlessPath`, none on a node where that path exists. */
export function addBootArgs(pool: PoolDraft, args: readonly string[], by: ScenarioId, unlessPath?: string): void {
  pool.tunings.add(by);
  for (const arg of args) if (!pool.node.bootArgs.includes(arg)) pool.node.bootArgs.push(arg);
  if (unlessPath !== undefined) pool.node.bootArgsUnlessPath = unlessPath;
}
