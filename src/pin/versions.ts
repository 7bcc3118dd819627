/**
 * Kubernetes versions as ACK names them (`1.30.7-aliyun.1`): ordering, and the newest patch
 * of a minor that ACK still creates with every node image type a profile needs
 * (DescribeKubernetesVersionMetadata lists, per version, the images it offers).
 */

import type { KubernetesVersionMetadata } from '../cloud/types.js';

const MINOR = /^1\.\d{1,2}$/;

export function isMinorVersion(version: string): boolean {
  return MINOR.test(version);
}

export function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** Numeric parts in order: 1.30.7-aliyun.1 -> [1, 30, 7, 1]. */
function parts(version: string): number[] {
  return (version.match(/\d+/g) ?? []).map(Number);
}

export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

export function offersImageTypes(version: KubernetesVersionMetadata, imageTypes: readonly string[]): boolean {
  return imageTypes.every((type) => version.images.some((image) => image.imageType === type));
}

export interface PatchChoice {
  /** The newest creatable patch offering every image type, if any. */
  newest: KubernetesVersionMetadata | undefined;
  /** Every patch of the minor ACK lists, newest first (for messages). */
  patches: KubernetesVersionMetadata[];
}

export function newestPatch(metadata: readonly KubernetesVersionMetadata[], minor: string, imageTypes: readonly string[]): PatchChoice {
  const patches = metadata.filter((v) => v.version.startsWith(`${minor}.`)).sort((a, b) => compareVersions(b.version, a.version));
  return { newest: patches.find((v) => v.creatable && offersImageTypes(v, imageTypes)), patches };
}

/** "1.31.9-aliyun.1 (AliyunLinux3, ContainerOS)" for messages. */
export function describePatch(version: KubernetesVersionMetadata): string {
  const types = [...new Set(version.images.map((i) => i.imageType).filter((t): t is string => Boolean(t)))];
  return `${version.version}${version.creatable ? '' : ' not creatable'} (${types.length > 0 ? types.join(', ') : 'no node images'})`;
}
