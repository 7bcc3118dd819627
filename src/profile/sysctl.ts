/**
 * What a sysctl name or value may look like. Values end up in a shell script run as root on
 * every node, so anything beyond a plain token is refused at validation time.
 */

export const SYSCTL_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)+$/;
/** Digits, words, dots, dashes, slashes and single spaces (e.g. "4096 87380 6291456"). */
export const SYSCTL_VALUE = /^[A-Za-z0-9_.:/-]+( [A-Za-z0-9_.:/-]+)*$/;

/** Sysctls the 4.19 kernel namespaces per pod (kubelet allowedUnsafeSysctls may list them). */
const NAMESPACED_PREFIXES = ['net.', 'kernel.shm', 'kernel.msg', 'fs.mqueue.'];
const NAMESPACED_EXACT = ['kernel.sem'];

export function isSysctlName(name: string): boolean {
  return SYSCTL_NAME.test(name);
}

export function isSysctlValue(value: string | number): boolean {
  return SYSCTL_VALUE.test(String(value));
}

/** `net.ipv4.tcp_keepalive_time`, or a `prefix.*` pattern such as `net.ipv4.*`. */
export function isNamespacedSysctl(entry: string): boolean {
  const pattern = entry.endsWith('.*');
  const name = pattern ? entry.slice(0, -2) : entry;
  if (!isSysctlName(name) && !(pattern && /^[a-z][a-z0-9_]*$/.test(name))) return false;
  if (NAMESPACED_EXACT.includes(name)) return !pattern;
  return NAMESPACED_PREFIXES.some((p) => (name + '.').startsWith(p) || name.startsWith(p));
}
