/**
 * The one version model: Kubernetes versions as ACK names them ("1.30", "1.30.7-aliyun.1"),
 * kernel versions ("4.19"), their order, and which patch of a minor ACK creates for a set of
 * node image types. Preflight (create), pin, the scenarios, the offline rules and the
 * emulator all resolve versions here, so `create` and `pin` pick the same patch.
 */

import type { KubernetesVersionMetadata } from './cloud/types.js';

const MINOR = /^(\d+)\.(\d{1,2})$/;
const EXACT = /^(\d+)\.(\d+)\.(\d+)-aliyun\.(\d+)$/;

export interface ParsedVersion {
  major: number;
  minor: number;
  /** Undefined for a bare minor ("1.30"). */
  patch: number | undefined;
  /** The `-aliyun.N` build, undefined for a bare minor. */
  build: number | undefined;
}

/** "1.30" or "1.30.7-aliyun.1"; undefined for anything else. */
export function parseVersion(version: string): ParsedVersion | undefined {
  const exact = EXACT.exec(version);
  if (exact) return { major: Number(exact[1]), minor: Number(exact[2]), patch: Number(exact[3]), build: Number(exact[4]) };
  const minor = MINOR.exec(version);
  if (minor) return { major: Number(minor[1]), minor: Number(minor[2]), patch: undefined, build: undefined };
  return undefined;
}

/** True for "1.30", false for the exact "1.30.7-aliyun.1". */
export function isMinorVersion(version: string): boolean {
  return MINOR.test(version) && version.startsWith('1.');
}

/** True for the exact "1.30.7-aliyun.1". */
export function isExactVersion(version: string): boolean {
  return EXACT.test(version);
}

/** "1.30.7-aliyun.1" -> "1.30" (a minor stays itself). */
export function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** The minor number of "1.28" or "1.28.15-aliyun.1" (28), or undefined for anything else. */
export function kubernetesMinor(version: string): number | undefined {
  const match = /^1\.(\d{1,2})(?:\.|$)/.exec(version);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Numeric parts in order: 1.30.7-aliyun.1 -> [1, 30, 7, 1]; 4.19 -> [4, 19]. */
function numericParts(version: string): number[] {
  return (version.match(/\d+/g) ?? []).map(Number);
}

/**
 * Numeric order of every dotted version ("1.9.1-aliyun.1" < "1.30.7-aliyun.1" <
 * "1.30.7-aliyun.2" < "1.30.10-aliyun.1"; "4.19" < "5.10"). A prefix sorts first
 * ("1.30" < "1.30.7-aliyun.1"); equal numbers fall back to the text so the order is total.
 */
export function compareVersions(a: string, b: string): number {
  const pa = numericParts(a);
  const pb = numericParts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x - y;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `version` is of the minor `minor` ("1.30.7-aliyun.1" of "1.30"; not "1.3"). */
export function isPatchOf(version: string, minor: string): boolean {
  return version === minor || version.startsWith(`${minor}.`);
}

/** What a version offer must say for the helpers below (ACK's metadata and the catalogues both fit). */
export interface VersionOffer {
  version: string;
  creatable: boolean;
  /** The node image types (`image_type`) new pools may use with this version. */
  imageTypes: readonly string[];
}

/** How the model reads ACK's DescribeKubernetesVersionMetadata answer. */
export function metadataOffer(v: KubernetesVersionMetadata): VersionOffer {
  return { version: v.version, creatable: v.creatable, imageTypes: v.images.map((i) => i.imageType).filter((t): t is string => Boolean(t)) };
}

/** True when the version offers every one of `imageTypes` (an empty list asks for nothing). */
export function offersImageTypes(offer: Pick<VersionOffer, 'imageTypes'>, imageTypes: readonly string[]): boolean {
  return imageTypes.every((type) => offer.imageTypes.includes(type));
}

/** Newest first. */
export function newestFirst<T extends { version: string }>(offers: readonly T[]): T[] {
  return [...offers].sort((a, b) => compareVersions(b.version, a.version));
}

export interface PatchChoice<T> {
  /** The newest creatable patch offering every image type, if any. */
  newest: T | undefined;
  /** Every patch of the minor listed, newest first (for messages). */
  patches: T[];
}

/** The newest creatable patch of `minor` that offers every one of `imageTypes`. */
export function newestPatch<T>(offers: readonly T[], minor: string, imageTypes: readonly string[], view: (offer: T) => VersionOffer): PatchChoice<T> {
  const patches = offers.filter((o) => isPatchOf(view(o).version, minor)).sort((a, b) => compareVersions(view(b).version, view(a).version));
  return { newest: patches.find((o) => view(o).creatable && offersImageTypes(view(o), imageTypes)), patches };
}

/**
 * The offer a requested version resolves to: an exact version only to itself; a minor to its
 * newest creatable patch offering every image type, or (when no patch offers them all) to its
 * newest creatable patch, so the caller can say which image type is missing.
 */
export function resolveVersion<T>(requested: string, offers: readonly T[], imageTypes: readonly string[], view: (offer: T) => VersionOffer): T | undefined {
  if (isExactVersion(requested)) return offers.find((o) => view(o).version === requested);
  if (!isMinorVersion(requested)) return undefined;
  const { newest, patches } = newestPatch(offers, requested, imageTypes, view);
  return newest ?? patches.find((o) => view(o).creatable);
}
