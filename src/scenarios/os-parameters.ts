/**
 * ACK's node-pool OS parameters ("Customize OS parameters for a node pool", ACK 1.28+): the
 * sysctls ACK sets on a pool's nodes itself (ModifyNodePoolNodeConfig `os_config.sysctl`) and
 * keeps on new nodes. ackl2 sends a sysctl there when ACK accepts it, and keeps every other one
 * in the pre-join script. Shared by the validator, the planner and the emulator (one list).
 *
 * The stored copies of the page (en, updated 2026-02-28; ja, 2025-11-09) say "a selection of
 * sysctl parameters" can be set through the console or OpenAPI, but their stored text ends
 * before the table, so the names and bounds below are assumed (docs/scenarios.md). A name
 * missing here only means the script sets it; a bound here is a kernel bound or a form check.
 */

import { kubernetesMinor } from '../versions.js';

type ValueForm =
  /** A non-negative integer within [min, max]. */
  | { kind: 'integer'; min: number; max: number }
  /** Two integers "LOW HIGH", LOW < HIGH, both within [min, max] (ip_local_port_range). */
  | { kind: 'range'; min: number; max: number }
  /** Three integers "MIN DEFAULT MAX", non-decreasing (tcp_rmem, tcp_wmem). */
  | { kind: 'triple' }
  /** One of the listed values. */
  | { kind: 'choice'; values: readonly string[] };

const INT32_MAX = 2147483647;
const int = (min: number, max = INT32_MAX): ValueForm => ({ kind: 'integer', min, max });

/** Assumed allow list (see above): sysctl name -> the form of value ACK takes. */
export const ACK_OS_SYSCTLS: Readonly<Record<string, ValueForm>> = {
  'fs.aio-max-nr': int(1),
  'fs.file-max': int(8192),
  'fs.inotify.max_user_instances': int(1),
  'fs.inotify.max_user_watches': int(1),
  'fs.nr_open': int(1024, 1073741816),
  'kernel.pid_max': int(301, 4194304),
  'kernel.threads-max': int(20, 4194304),
  'net.core.netdev_max_backlog': int(1),
  'net.core.optmem_max': int(1),
  'net.core.rmem_default': int(1),
  'net.core.rmem_max': int(1),
  'net.core.somaxconn': int(1),
  'net.core.wmem_default': int(1),
  'net.core.wmem_max': int(1),
  'net.ipv4.ip_local_port_range': { kind: 'range', min: 1, max: 65535 },
  'net.ipv4.neigh.default.gc_thresh1': int(0),
  'net.ipv4.neigh.default.gc_thresh2': int(0),
  'net.ipv4.neigh.default.gc_thresh3': int(0),
  'net.ipv4.tcp_fin_timeout': int(1),
  'net.ipv4.tcp_keepalive_intvl': int(1),
  'net.ipv4.tcp_keepalive_probes': int(1, 127),
  'net.ipv4.tcp_keepalive_time': int(1),
  'net.ipv4.tcp_max_syn_backlog': int(1),
  'net.ipv4.tcp_max_tw_buckets': int(0),
  'net.ipv4.tcp_rmem': { kind: 'triple' },
  'net.ipv4.tcp_tw_reuse': { kind: 'choice', values: ['0', '1', '2'] },
  'net.ipv4.tcp_wmem': { kind: 'triple' },
  'net.netfilter.nf_conntrack_max': int(1),
  'vm.max_map_count': int(1),
};

/** ACK offers node-pool OS parameters on clusters of Kubernetes 1.28 and newer. */
export const OS_PARAMETERS_MIN_MINOR = 28;

export function isAckOsSysctl(name: string): boolean {
  return Object.hasOwn(ACK_OS_SYSCTLS, name);
}

/** True when a cluster of this version takes node-pool OS parameters; false when unreadable. */
export function clusterTakesOsParameters(kubernetesVersion: string): boolean {
  const minor = kubernetesMinor(kubernetesVersion);
  return minor !== undefined && minor >= OS_PARAMETERS_MIN_MINOR;
}

const INTEGER = /^\d+$/;

/** Why ACK would refuse this value for this (allowed) sysctl, or undefined when it takes it. */
export function osSysctlValueProblem(name: string, value: string | number): string | undefined {
  const form = ACK_OS_SYSCTLS[name];
  if (!form) return `${name} is not one of the sysctls ACK's node-pool OS parameters accept`;
  const text = String(value).trim();
  switch (form.kind) {
    case 'integer': {
      if (!INTEGER.test(text)) return `${name} takes a whole number, not ${JSON.stringify(text)}`;
      const n = Number(text);
      return n < form.min || n > form.max ? `${name} takes ${form.min} to ${form.max}, not ${text}` : undefined;
    }
    case 'range': {
      const parts = text.split(/\s+/);
      if (parts.length !== 2 || !parts.every((p) => INTEGER.test(p))) return `${name} takes two whole numbers "LOW HIGH", not ${JSON.stringify(text)}`;
      const [low, high] = parts.map(Number) as [number, number];
      if (low < form.min || high > form.max || low >= high) return `${name} takes LOW < HIGH within ${form.min}-${form.max}, not ${JSON.stringify(text)}`;
      return undefined;
    }
    case 'triple': {
      const parts = text.split(/\s+/);
      if (parts.length !== 3 || !parts.every((p) => INTEGER.test(p))) return `${name} takes three whole numbers "MIN DEFAULT MAX", not ${JSON.stringify(text)}`;
      const [a, b, c] = parts.map(Number) as [number, number, number];
      return a <= b && b <= c ? undefined : `${name} takes MIN <= DEFAULT <= MAX, not ${JSON.stringify(text)}`;
    }
    case 'choice':
      return form.values.includes(text) ? undefined : `${name} takes ${form.values.join(', ')}, not ${JSON.stringify(text)}`;
  }
}

/** A sysctl value as the kernel reads it: "1024   65000" is "1024 65000", 1024 is "1024". */
export function normalizeSysctlValue(value: string | number): string {
  return String(value).trim().split(/\s+/).join(' ');
}

/** The same setting however spaced or typed; a missing live value is never the same. */
export function sameSysctlValue(want: unknown, have: unknown): boolean {
  const ok = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
  return ok(want) && ok(have) && normalizeSysctlValue(want) === normalizeSysctlValue(have);
}

/**
 * Splits a pool's node sysctls: those ACK sets as OS parameters (when the cluster takes them)
 * and those the pre-join script keeps. Values are normalised to ACK's form (single spaces).
 */
export function splitNodeSysctls(
  sysctls: ReadonlyMap<string, string>,
  kubernetesVersion: string,
): { osParameters: Map<string, string>; script: Map<string, string> } {
  const osParameters = new Map<string, string>();
  const script = new Map<string, string>();
  const takes = clusterTakesOsParameters(kubernetesVersion);
  for (const [name, value] of sysctls) {
    if (takes && isAckOsSysctl(name) && osSysctlValueProblem(name, value) === undefined) osParameters.set(name, normalizeSysctlValue(value));
    else script.set(name, value);
  }
  return { osParameters, script };
}
