/**
 * What `ackl2 pin` should write: for every pool the newest public image of its `image.os`
 * family, and for a minor `cluster.kubernetesVersion` ("1.30") its newest patch that ACK still
 * creates with every pool's image type. Sandboxed pools keep no image.id (ACK installs its
 * sandbox-ready image there). An exact version is the user's own pin and is kept;
 * when it no longer fits, that is said as a warning (create's preflight refuses it anyway).
 */

import type { CloudGateways, Image } from '../cloud/types.js';
import { ValidationFailed } from '../errors.js';
import type { Issue, ProfilePath } from '../profile/issues.js';
import type { LoadedProfile } from '../profile/load.js';
import { OS_FAMILIES, type OsFamily } from '../profile/schema.js';
import { poolAcceptsPinnedImage } from '../scenarios/index.js';
import { runsCgroupV2 } from '../scenarios/support.js';
import { imageTypeFor } from '../plan/bodies.js';
import { familyImages } from './images.js';
import { compareVersions, describePatch, isMinorVersion, minorOf, newestPatch, offersImageTypes } from './versions.js';

export interface PoolPin {
  pool: string;
  os: OsFamily;
  old: string | undefined;
  /** Undefined for a pool that is not pinned (see `skipped`). */
  new: string | undefined;
  created: string | undefined;
  /** Why the pool keeps no image.id (sandboxed pools run the image ACK prepares). */
  skipped?: string | undefined;
}

export interface VersionPin {
  old: string;
  new: string;
}

export interface PinResolution {
  pools: PoolPin[];
  kubernetesVersion: VersionPin;
  /** Located notes about the version (an exact version that no longer fits). */
  warnings: Issue[];
}

/** The API's cluster type for every ackl2 profile (managed ACK). */
const CLUSTER_TYPE = 'ManagedKubernetes';

function issue(loaded: LoadedProfile, path: ProfilePath, message: string, hint: string, severity: Issue['severity'] = 'error'): Issue {
  return { severity, path, message, hint, location: loaded.locate(path) };
}

function pinnable(loaded: LoadedProfile): Set<number> {
  return new Set(loaded.profile.nodePools.map((_, index) => index).filter((index) => poolAcceptsPinnedImage(loaded.profile.nodePools[index]!)));
}

async function newestImages(gateways: CloudGateways, loaded: LoadedProfile): Promise<Map<OsFamily, Image>> {
  const wanted = pinnable(loaded);
  const families = [...new Set(loaded.profile.nodePools.filter((_, index) => wanted.has(index)).map((p) => p.image.os))];
  const version = loaded.profile.cluster.kubernetesVersion;
  const lists = await Promise.all(families.map((os) => familyImages(gateways.ecs, os, runsCgroupV2(os, version))));
  const newest = new Map<OsFamily, Image>();
  const issues: Issue[] = [];
  families.forEach((os, i) => {
    const image = lists[i]![0];
    if (image) newest.set(os, image);
    else {
      const index = loaded.profile.nodePools.findIndex((p) => p.image.os === os);
      issues.push(
        issue(loaded, ['nodePools', index, 'image', 'os'], `${gateways.ecs.region} offers no public ${os} image (family ${OS_FAMILIES[os].imageFamily})`, `check the region (ackl2 images --os ${os} --region ...)`),
      );
    }
  });
  if (issues.length > 0) throw new ValidationFailed(issues, `cannot pin ${loaded.file}: no image to pin to`);
  return newest;
}

async function resolveVersion(gateways: CloudGateways, loaded: LoadedProfile): Promise<{ pin: VersionPin; warnings: Issue[] }> {
  const current = loaded.profile.cluster.kubernetesVersion;
  const path = ['cluster', 'kubernetesVersion'];
  const imageTypes = [...new Set(loaded.profile.nodePools.map((p) => imageTypeFor(p.image.os, current)))];
  const metadata = await gateways.ack.describeKubernetesVersionMetadata({ clusterType: CLUSTER_TYPE, profile: 'Default' });
  if (isMinorVersion(current)) {
    const { newest, patches } = newestPatch(metadata, current, imageTypes);
    if (!newest) {
      const known = patches.length > 0 ? `ACK offers: ${patches.map(describePatch).join('; ')}` : `ACK lists no ${current}.x version in ${gateways.ack.region}`;
      throw new ValidationFailed(
        [issue(loaded, path, `no Kubernetes ${current} patch that ACK still creates offers node image type ${imageTypes.join(' and ')}`, `${known}; pick another version, or move the pools to image.os: AliyunLinux3`)],
        `cannot pin ${loaded.file}`,
      );
    }
    return { pin: { old: current, new: newest.version }, warnings: [] };
  }
  const warnings: Issue[] = [];
  const exact = metadata.find((v) => v.version === current);
  const newer = newestPatch(metadata, minorOf(current), imageTypes).newest;
  const moveHint = `write the minor ("${minorOf(current)}") and rerun ackl2 pin to move to the newest patch${newer ? ` (${newer.version})` : ''}`;
  if (!exact) warnings.push(issue(loaded, path, `ACK does not list Kubernetes ${current} in ${gateways.ack.region}`, moveHint, 'warning'));
  else if (!exact.creatable || !offersImageTypes(exact, imageTypes)) {
    warnings.push(issue(loaded, path, `ACK no longer creates Kubernetes ${current} clusters with node image type ${imageTypes.join(' and ')}: ${describePatch(exact)}`, moveHint, 'warning'));
  } else if (newer && compareVersions(newer.version, current) > 0) {
    warnings.push(issue(loaded, path, `kept the exact version ${current}; ${newer.version} is newer`, moveHint, 'warning'));
  }
  return { pin: { old: current, new: current }, warnings };
}

export async function resolvePins(gateways: CloudGateways, loaded: LoadedProfile): Promise<PinResolution> {
  const [images, version] = await Promise.all([newestImages(gateways, loaded), resolveVersion(gateways, loaded)]);
  const wanted = pinnable(loaded);
  const pools = loaded.profile.nodePools.map((pool, index): PoolPin => {
    const image = wanted.has(index) ? images.get(pool.image.os) : undefined;
    if (!image) return { pool: pool.name, os: pool.image.os, old: pool.image.id, new: undefined, created: undefined, skipped: 'sandboxed: ACK installs its sandbox-ready image' };
    return { pool: pool.name, os: pool.image.os, old: pool.image.id, new: image.imageId, created: image.creationTime };
  });
  return { pools, kubernetesVersion: version.pin, warnings: version.warnings };
}
