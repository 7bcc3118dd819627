/** IPv4 CIDR blocks: parsing, containment, overlap, and the ranges the ACK API accepts. */

export interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; reason: string; hint?: string };

export function parseCidr(text: string): CidrParse {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!match) return { ok: false, reason: 'is not an IPv4 CIDR block', hint: 'write it as address/mask, e.g. 172.20.0.0/16' };
  const octets = match.slice(1, 5);
  if (octets.some((o) => o.length > 1 && o.startsWith('0'))) return { ok: false, reason: 'has an octet with a leading zero', hint: 'write 10.0.0.0/8, not 010.000.0.0/8' };
  const numbers = octets.map(Number);
  if (numbers.some((n) => n > 255)) return { ok: false, reason: 'has an octet above 255' };
  const prefix = Number(match[5]);
  if (prefix > 32) return { ok: false, reason: 'has a mask above /32' };
  const address = ((numbers[0]! << 24) | (numbers[1]! << 16) | (numbers[2]! << 8) | numbers[3]!) >>> 0;
  const base = (address & maskOf(prefix)) >>> 0;
  if (base !== address) {
    return { ok: false, reason: 'has host bits set', hint: `did you mean ${formatCidr({ base, prefix })}?` };
  }
  return { ok: true, cidr: { base, prefix } };
}

export function formatCidr(cidr: Cidr): string {
  const b = cidr.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${cidr.prefix}`;
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function lastAddress(cidr: Cidr): number {
  return (cidr.base + 2 ** (32 - cidr.prefix) - 1) >>> 0;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.prefix <= inner.prefix && ((inner.base & maskOf(outer.prefix)) >>> 0) === outer.base;
}

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`bad built-in CIDR ${text}`);
  return parsed.cidr;
};

/** The private blocks (RFC 1918) ACK takes pod and service CIDRs from. */
export const PRIVATE_BLOCKS: readonly Cidr[] = [cidr('10.0.0.0/8'), cidr('172.16.0.0/12'), cidr('192.168.0.0/16')];

/**
 * Mask ranges per the CreateCluster request model (@alicloud/cs20151215):
 * service_cidr "10.0.0.0/16-24, 172.16-31.0.0/16-24, 192.168.0.0/16-24";
 * container_cidr (Flannel) "10.0.0.0/8, 172.16-31.0.0/12-16, 192.168.0.0/16 and their subnets".
 * The pod network's upper bound /24 is ours: with ACK's default per-node /26, a smaller
 * block holds fewer than four nodes.
 */
export const SERVICE_CIDR_MASK = { min: 16, max: 24 } as const;
export const POD_CIDR_MAX_MASK = 24;

export function privateBlockOf(c: Cidr): Cidr | undefined {
  return PRIVATE_BLOCKS.find((block) => contains(block, c));
}
