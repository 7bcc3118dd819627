/** Kubernetes label and taint syntax (they are set on Node objects; bad ones fail node registration). */

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a label (or taint) key is invalid, or undefined when it is fine. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return 'its prefix (before "/") must be a DNS subdomain such as example.com';
  if (!NAME.test(name)) return 'its name must be 1-63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value === '' || NAME.test(value)) return undefined;
  return 'must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
}

/** Labels under kubernetes.io a kubelet may set on its own node (kubelet --node-labels, NodeRestriction). */
const KUBELET_LABEL_PREFIXES = ['kubelet.kubernetes.io/', 'node.kubernetes.io/'];
const KUBELET_LABEL_KEYS = new Set([
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'beta.kubernetes.io/os',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'kubernetes.io/arch',
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
]);

/**
 * Why a node label the kubelet registers itself with is refused: keys under kubernetes.io or
 * k8s.io outside the allowed set make the kubelet exit at start (so the node never joins).
 */
export function nodeLabelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  if (slash === -1) return undefined;
  const prefix = key.slice(0, slash);
  const reserved = /(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix);
  if (!reserved || KUBELET_LABEL_KEYS.has(key) || KUBELET_LABEL_PREFIXES.some((p) => key.startsWith(p))) return undefined;
  return `the kubelet may not set labels under kubernetes.io or k8s.io except node.kubernetes.io/ and kubelet.kubernetes.io/ (it would refuse to start)`;
}
