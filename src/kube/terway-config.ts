/**
 * Terway's own ConfigMap (kube-system/eni-config): under DataPath V2 the eBPF datapath takes
 * Cilium flags from `cilium_args` inside its `10-terway.conf` JSON ("Customize Terway
 * configuration parameters"). ackl2 sets its flags there and keeps every other flag and key.
 */

import { UserError } from '../errors.js';
import type { KubeObject } from './objects.js';

export const TERWAY_NAMESPACE = 'kube-system';
export const TERWAY_CONFIG_MAP = 'eni-config';
export const TERWAY_CONF_KEY = '10-terway.conf';
export const CILIUM_ARGS = 'cilium_args';

type Flags = Map<string, string>;

/** `--name=value` and `--name value` flags of a cilium_args string, in order. */
export function parseFlags(args: string): { flags: Flags; order: string[] } {
  const words = args.trim() === '' ? [] : args.trim().split(/\s+/);
  const flags: Flags = new Map();
  const order: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const eq = word.indexOf('=');
    let name = eq === -1 ? word : word.slice(0, eq);
    let value = eq === -1 ? '' : word.slice(eq + 1);
    if (eq === -1 && i + 1 < words.length && !words[i + 1]!.startsWith('-')) value = words[++i]!;
    if (!name.startsWith('--')) name = `--${name.replace(/^-+/, '')}`;
    if (!flags.has(name)) order.push(name);
    flags.set(name, value);
  }
  return { flags, order };
}

function unreadable(why: string): UserError {
  return new UserError(`${TERWAY_NAMESPACE}/${TERWAY_CONFIG_MAP}: ackl2 cannot merge its ${CILIUM_ARGS} (${why}), so it leaves it as it is`, {
    hint: `fix ${TERWAY_CONF_KEY} (kubectl -n ${TERWAY_NAMESPACE} edit configmap ${TERWAY_CONFIG_MAP}), then rerun`,
  });
}

function parseConf(text: string | undefined): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    throw unreadable(`its ${TERWAY_CONF_KEY} is not JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw unreadable(`its ${TERWAY_CONF_KEY} is not a JSON object`);
  const conf = parsed as Record<string, unknown>;
  if (conf[CILIUM_ARGS] !== undefined && typeof conf[CILIUM_ARGS] !== 'string') throw unreadable(`${CILIUM_ARGS} is not a string`);
  return conf;
}

/** eni-config with the flags of `wanted`'s cilium_args set (others kept); undefined when they already hold. */
export function mergeTerwayConfig(live: KubeObject | undefined, wanted: KubeObject): KubeObject | undefined {
  if (!live) {
    throw new UserError(`${TERWAY_NAMESPACE}/${TERWAY_CONFIG_MAP} does not exist: Terway is not installed in this cluster, so there is no eBPF conntrack to tune`, {
      hint: 'check the terway-eniip add-on in the ACK console, then rerun',
    });
  }
  const conf = parseConf(live.data?.[TERWAY_CONF_KEY]);
  const ours = parseFlags(String(parseConf(wanted.data?.[TERWAY_CONF_KEY])[CILIUM_ARGS] ?? '')).flags;
  const current = parseFlags(String(conf[CILIUM_ARGS] ?? ''));
  if ([...ours].every(([name, value]) => current.flags.get(name) === value)) return undefined;
  for (const [name, value] of ours) {
    if (!current.flags.has(name)) current.order.push(name);
    current.flags.set(name, value);
  }
  conf[CILIUM_ARGS] = current.order.map((name) => (current.flags.get(name) === '' ? name : `${name}=${current.flags.get(name)}`)).join(' ');
  return { ...live, data: { ...live.data, [TERWAY_CONF_KEY]: `${JSON.stringify(conf, null, 2)}\n` } };
}
