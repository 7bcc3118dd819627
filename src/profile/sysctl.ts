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
/** A kubelet sysctl pattern: dotted segments, the last one cut short by `*` (`net.ipv4.tcp_keepalive_*`, `kernel.shm*`). */
const SYSCTL_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)*\.?[a-z0-9_-]*\*$/;

export function isSysctlName(name: string): boolean {
  return SYSCTL_NAME.test(name);
}

export function isSysctlValue(value: string | number): boolean {
  return SYSCTL_VALUE.test(String(value));
}

/**
 * `net.ipv4.tcp_keepalive_time`, or a pattern the kubelet expands by prefix: `net.ipv4.*`,
 * `net.ipv4.tcp_keepalive_*`, `kernel.shm*`. A pattern is namespaced when everything it can
 * match is (its prefix lies inside a namespaced group), as the kubelet decides.
 */
export function isNamespacedSysctl(entry: string): boolean {
  if (entry.endsWith('*')) {
    if (!SYSCTL_PATTERN.test(entry)) return false;
    const prefix = entry.slice(0, -1);
    return NAMESPACED_PREFIXES.some((p) => prefix.startsWith(p));
  }
  if (!isSysctlName(entry)) return false;
  return NAMESPACED_EXACT.includes(entry) || NAMESPACED_PREFIXES.some((p) => entry.startsWith(p));
}
