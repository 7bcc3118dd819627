/**
 * What `ackl2 migrate --to AliyunLinux3` changes in a profile, offline: every Alibaba Cloud
 * Linux 2 pool moves to Alibaba Cloud Linux 3 (its pinned image id to the target catalogue's
 * newest AliyunLinux3 image, its end-of-life acknowledgement removed), the Kubernetes version
 * to the newest the target catalogue creates with those pools (sandboxed pools included), and
 * every scenario written under a former name to the name of its successor.
 *
 * A change lands where the file given with -f can make it: a value that file writes is edited
 * in place; a value inherited through `extends` gets an overriding key in that file (as
 * `ackl2 pin` does: bases are shared); a key inherited from a base that would have to be
 * removed or renamed cannot be overridden that way, so it becomes a note saying what to change
 * and where.
 */

import type { ProfilePath, SourceLocation } from '../profile/issues.js';
import { imageTypeFor } from '../plan/bodies.js';
import { OS_FAMILIES, type OsFamily, type Profile } from '../profile/schema.js';
import { poolAcceptsPinnedImage } from '../scenarios/index.js';
import { KUBERNETES_MINOR, minorAtLeast } from '../scenarios/support.js';
import type { Edit, EditPath } from '../pin/yaml-edit.js';
import { compareVersions, isMinorVersion, minorOf } from '../versions.js';

/** The OS families `--to` accepts (the only move ACK documents is from 2 to 3). */
export const MIGRATION_TARGETS = ['AliyunLinux3'] as const satisfies readonly OsFamily[];
export type MigrationTargetOs = (typeof MIGRATION_TARGETS)[number];

/** One version of the target catalogue, as far as migrate needs it. */
export interface TargetVersion {
  version: string;
  creatable: boolean;
  /** Node image types (`image_type`) new pools may use with it. */
  imageTypes: readonly string[];
  /** True when sandboxed (runV) node pools can be created on it. */
  sandboxed: boolean;
}

/** The catalogue a profile moves to. */
export interface MigrationTarget {
  /** The catalogue's name, e.g. "2026-11". */
  catalogue: string;
  versions: readonly TargetVersion[];
  /** The newest public image id of each node image type (`image_type`) it offers. */
  newestImage: Readonly<Record<string, string>>;
  /** The ids of its public node images, by image type. */
  images: Readonly<Record<string, readonly string[]>>;
  /** Former scenario names and the scenario that replaced each (terwayIpvlan -> its successor). */
  successors: Readonly<Record<string, string>>;
}

export type ChangeKind = 'set' | 'remove' | 'rename';

export interface MigrationChange {
  /** "nodePools[web].image.os" */
  what: string;
  kind: ChangeKind;
  old: string | undefined;
  /** The new value (set) or the new key (rename); undefined for remove. */
  new: string | undefined;
  why: string;
  edit: Edit;
  /** Where the old value is written, when not in the -f file (an `extends` base). */
  inheritedFrom?: string | undefined;
}

/** A change the -f file cannot make by itself (a key of a base to remove or rename). */
export interface MigrationNote {
  what: string;
  message: string;
}

export interface Migration {
  to: MigrationTargetOs;
  catalogue: string;
  changes: MigrationChange[];
  notes: MigrationNote[];
}

export interface MigrationInput {
  /** The file given with -f, as the user named it (locations name files the same way). */
  file: string;
  /** Validated (or at least schema-valid) merged profile, defaults filled. */
  profile: Profile;
  /** The merged profile as written (no defaults): which keys the files write. */
  written: unknown;
  locate(path: ProfilePath): SourceLocation | undefined;
}

export class NoTargetVersion extends Error {
  constructor(
    readonly wanted: string,
    readonly catalogue: string,
  ) {
    super(`catalogue ${catalogue} offers no Kubernetes version that creates ${wanted}`);
  }
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let node = value;
  for (const segment of path) node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined;
  return node;
}

function where(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.col}`;
}

/**
 * The newest version of the target that creates every pool with the image type it would be
 * sent as there (an OS's image type can depend on the version), and sandboxed pools when needed.
 */
export function newestTargetVersion(target: MigrationTarget, oses: readonly OsFamily[], sandboxed: boolean): TargetVersion | undefined {
  return [...target.versions]
    .sort((a, b) => compareVersions(b.version, a.version))
    .find((v) => v.creatable && oses.every((os) => v.imageTypes.includes(imageTypeFor(os, v.version))) && (!sandboxed || v.sandboxed));
}

export function planMigration(input: MigrationInput, to: MigrationTargetOs, target: MigrationTarget): Migration {
  const { profile } = input;
  const changes: MigrationChange[] = [];
  const notes: MigrationNote[] = [];

  const change = (what: string, profilePath: ProfilePath, kind: ChangeKind, edit: Edit, old: string | undefined, next: string | undefined, why: string) => {
    const location = old === undefined ? undefined : input.locate(profilePath);
    const inheritedFrom = location && location.file !== input.file ? where(location) : undefined;
    if (inheritedFrom && kind !== 'set') {
      const todo = kind === 'remove' ? `remove it there` : `rename it to ${next} there`;
      notes.push({ what, message: `${what} comes from ${inheritedFrom}, a base this file extends: ${todo} (${why}), or in a copy of that base` });
      return;
    }
    changes.push({ what, kind, old, new: next, why, edit, inheritedFrom });
  };

  const newOs = (os: OsFamily): OsFamily => (os === 'AliyunLinux2' ? to : os);
  const oses = [...new Set(profile.nodePools.map((pool) => newOs(pool.image.os)))];
  const sandboxed = profile.nodePools.some((pool) => !poolAcceptsPinnedImage(pool));
  const newest = newestTargetVersion(target, oses, sandboxed);
  if (!newest) throw new NoTargetVersion(`${oses.join(' and ')} node pools${sandboxed ? ' with sandboxed containers' : ''}`, target.catalogue);
  const current = profile.cluster.kubernetesVersion;
  const version = isMinorVersion(current) ? minorOf(newest.version) : newest.version;

  profile.nodePools.forEach((pool, index) => {
    const { os, id } = pool.image;
    const name = pool.name;
    const editPath: EditPath = ['nodePools', { name }, 'image'];
    const profilePath: ProfilePath = ['nodePools', index, 'image'];
    const moved = newOs(os) !== os;
    if (moved) {
      const offered = target.versions.some((v) => v.creatable && v.imageTypes.includes(OS_FAMILIES[os].imageType));
      const why = offered ? `moved to ${to}` : `catalogue ${target.catalogue} offers no ${os} node pools`;
      change(`nodePools[${name}].image.os`, [...profilePath, 'os'], 'set', { path: [...editPath, 'os'], value: to }, os, to, why);
    }
    const imageType = imageTypeFor(newOs(os), newest.version);
    const image = target.newestImage[imageType];
    const stillFits = !moved && (target.images[imageType] ?? []).includes(id ?? '');
    if (id !== undefined && image !== undefined && !stillFits && id !== image) {
      change(`nodePools[${name}].image.id`, [...profilePath, 'id'], 'set', { path: [...editPath, 'id'], value: image }, id, image, `the newest ${imageType} image of catalogue ${target.catalogue}`);
    } else if (id !== undefined && image === undefined) {
      notes.push({ what: `nodePools[${name}].image.id`, message: `catalogue ${target.catalogue} lists no ${imageType} image to pin nodePools[${name}].image.id to: remove it, or pin one by hand` });
    }
    const acknowledged = at(input.written, ['nodePools', index, 'image', 'acknowledgeEndOfLife']);
    if (moved && acknowledged !== undefined && acknowledged !== null) {
      change(`nodePools[${name}].image.acknowledgeEndOfLife`, [...profilePath, 'acknowledgeEndOfLife'], 'remove', { path: [...editPath, 'acknowledgeEndOfLife'], remove: true }, String(acknowledged), undefined, `only an ${os} pool acknowledges its end of life`);
    }
  });

  if (version !== current) {
    const why = `the newest version catalogue ${target.catalogue} creates with ${oses.join(' and ')}${sandboxed ? ' and sandboxed' : ''} node pools`;
    change('cluster.kubernetesVersion', ['cluster', 'kubernetesVersion'], 'set', { path: ['cluster', 'kubernetesVersion'], value: version }, current, version, why);
  }

  const proxyMode = at(input.written, ['cluster', 'network', 'proxyMode']);
  if (proxyMode === 'ipvs' && minorAtLeast(newest.version, KUBERNETES_MINOR.ipvsDeprecated)) {
    const path = ['cluster', 'network', 'proxyMode'];
    change('cluster.network.proxyMode', path, 'set', { path, value: 'iptables' }, 'ipvs', 'iptables', `kube-proxy's IPVS mode is deprecated from Kubernetes 1.${KUBERNETES_MINOR.ipvsDeprecated}`);
  }

  for (const [former, successor] of Object.entries(target.successors)) {
    const uses: { path: ProfilePath; editPath: EditPath; what: string }[] = [];
    if (at(input.written, ['scenarios', former]) !== undefined) uses.push({ path: ['scenarios', former], editPath: ['scenarios', former], what: `scenarios.${former}` });
    profile.nodePools.forEach((pool, index) => {
      if (at(input.written, ['nodePools', index, 'scenarios', former]) !== undefined) {
        uses.push({ path: ['nodePools', index, 'scenarios', former], editPath: ['nodePools', { name: pool.name }, 'scenarios', former], what: `nodePools[${pool.name}].scenarios.${former}` });
      }
    });
    for (const use of uses) change(use.what, use.path, 'rename', { path: use.editPath, renameTo: successor }, former, successor, `today's ACK replaced ${former} with ${successor}`);
  }
  return { to, catalogue: target.catalogue, changes, notes };
}
