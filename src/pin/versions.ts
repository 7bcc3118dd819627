/**
 * ACK's version metadata read through the one version model (src/versions.ts): the newest
 * patch of a minor that ACK still creates with every node image type a profile needs
 * (DescribeKubernetesVersionMetadata lists, per version, the images it offers).
 */

import type { KubernetesVersionMetadata } from '../cloud/types.js';
import * as versions from '../versions.js';
import { metadataOffer } from '../versions.js';

export { compareVersions, isMinorVersion, minorOf } from '../versions.js';

export function offersImageTypes(version: KubernetesVersionMetadata, imageTypes: readonly string[]): boolean {
  return versions.offersImageTypes(metadataOffer(version), imageTypes);
}

export type PatchChoice = versions.PatchChoice<KubernetesVersionMetadata>;

export function newestPatch(metadata: readonly KubernetesVersionMetadata[], minor: string, imageTypes: readonly string[]): PatchChoice {
  return versions.newestPatch(metadata, minor, imageTypes, metadataOffer);
}

/** "1.31.9-aliyun.1 (AliyunLinux3, ContainerOS)" for messages. */
export function describePatch(version: KubernetesVersionMetadata): string {
  const types = [...new Set(metadataOffer(version).imageTypes)];
  return `${version.version}${version.creatable ? '' : ' not creatable'} (${types.length > 0 ? types.join(', ') : 'no node images'})`;
}
