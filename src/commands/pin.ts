/**
 * `ackl2 pin -f FILE [--check]`: write the newest image id of each pool and the newest
 * Kubernetes patch (for a minor version) into the profile, in place, every other byte kept.
 *
 * Values inherited through `extends` are pinned in the file given with -f, never in its
 * bases: a base is shared by other profiles (or is a read-only builtin), and pinning one
 * profile must not move another. The top file gets just the overriding key (for a pool, an
 * entry with its name and `image.id`; `extends` merges pools by name).
 *
 * A rerun with nothing newer is a no-op (the file is not touched). `--check` writes nothing
 * and exits 2 when something would change (for CI).
 */

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadOneProfile, printIssues } from './command-support.js';
import { ackl2Command } from './hints.js';
import { UserError } from '../errors.js';
import { atomicWrite, readIfExists } from '../fs/atomic-write.js';
import type { ProfilePath } from '../profile/issues.js';
import type { LoadedProfile } from '../profile/load.js';
import { resolvePins, type PinResolution } from '../pin/resolve.js';
import { applyEdits, type EditPath, type ScalarEdit } from '../pin/yaml-edit.js';
import type { CommandContext } from './context.js';
import { withSession } from './online.js';
import { table } from '../ui/table.js';
import { defineCommand, files, flag } from './define.js';
import type { PinResult } from '../results/schemas.js';

/** Where a change lands: `in-place` where the file already writes it, `added` to the -f file. */
type Placement = 'in-place' | 'added';

interface Change {
  what: string;
  profilePath: ProfilePath;
  editPath: EditPath;
  old: string | undefined;
  new: string;
  /** Where the old value was written, when not in the -f file (an `extends` base). */
  inheritedFrom?: string | undefined;
  placement?: Placement | undefined;
  line?: number | undefined;
}

function changesOf(loaded: LoadedProfile, pins: PinResolution): Change[] {
  const changes: Change[] = [];
  const version = pins.kubernetesVersion;
  if (version.new !== version.old) {
    changes.push({ what: 'cluster.kubernetesVersion', profilePath: ['cluster', 'kubernetesVersion'], editPath: ['cluster', 'kubernetesVersion'], old: version.old, new: version.new });
  }
  pins.pools.forEach((pool, index) => {
    if (pool.new === undefined || pool.new === pool.old) return;
    changes.push({
      what: `nodePools[${pool.pool}].image.id`,
      profilePath: ['nodePools', index, 'image', 'id'],
      editPath: ['nodePools', { name: pool.pool }, 'image', 'id'],
      old: pool.old,
      new: pool.new,
    });
  });
  for (const change of changes) {
    const written = change.old === undefined ? undefined : loaded.locate(change.profilePath);
    if (written && written.file !== loaded.file) change.inheritedFrom = `${written.file}:${written.line}:${written.col}`;
  }
  return changes;
}

function document(file: string, pins: PinResolution, changes: Change[], options: { written: boolean; check: boolean }): PinResult {
  const byPath = new Map(changes.map((c) => [c.what, c]));
  return {
    ok: true,
    file,
    check: options.check,
    changed: changes.length > 0,
    written: options.written,
    kubernetesVersion: {
      old: pins.kubernetesVersion.old,
      new: pins.kubernetesVersion.new,
      changed: pins.kubernetesVersion.old !== pins.kubernetesVersion.new,
      ...placementOf(byPath.get('cluster.kubernetesVersion')),
    },
    nodePools: pins.pools.map((p) => ({
      name: p.pool,
      os: p.os,
      old: p.old ?? null,
      new: p.new ?? null,
      changed: p.new !== undefined && p.old !== p.new,
      ...(p.skipped ? { skipped: p.skipped } : {}),
      imageCreated: p.created,
      ...placementOf(byPath.get(`nodePools[${p.pool}].image.id`)),
    })),
  };
}

function placementOf(change: Change | undefined): Pick<PinResult['kubernetesVersion'], 'placement' | 'line' | 'inheritedFrom'> {
  if (!change) return {};
  return {
    ...(change.placement ? { placement: change.placement } : {}),
    ...(change.line ? { line: change.line } : {}),
    ...(change.inheritedFrom ? { inheritedFrom: change.inheritedFrom } : {}),
  };
}

function render(file: string, pins: PinResolution, changes: Change[], state: 'written' | 'check' | 'pinned'): string {
  const changed = new Set(changes.map((c) => c.what));
  const rows = pins.pools.map((p) => {
    if (p.skipped) return [p.pool, p.old ?? '(not pinned)', '-', `not pinned (${p.skipped})`];
    return [p.pool, p.old ?? '(not pinned)', p.new ?? '-', changed.has(`nodePools[${p.pool}].image.id`) ? (state === 'written' ? 'pinned' : 'would pin') : 'unchanged'];
  });
  const v = pins.kubernetesVersion;
  const lines = [
    table(['POOL', 'OLD IMAGE', 'NEW IMAGE', 'CHANGE'], rows),
    '',
    `kubernetesVersion: ${v.old}${v.new !== v.old ? ` -> ${v.new}` : ' (unchanged)'}`,
  ];
  if (state === 'pinned') lines.push(`${file}: already pinned to the newest; nothing to change`);
  else if (state === 'check') lines.push(`${file}: ${changes.length} value${changes.length === 1 ? '' : 's'} would change (--check: nothing written)`);
  else lines.push(`${file}: wrote ${changes.length} value${changes.length === 1 ? '' : 's'}, comments and layout kept`);
  return lines.join('\n');
}

function explainInherited(ctx: CommandContext, file: string, changes: Change[]): void {
  for (const change of changes) {
    if (change.inheritedFrom) ctx.reporter.info(`${change.what} comes from ${change.inheritedFrom}; pinned in ${file} instead (bases are shared and left alone)`);
  }
}

export default defineCommand({
  name: 'pin',
  description: 'write the newest image ids and Kubernetes patch into the profile, keeping comments',
  options: {
    file: files(),
    check: flag('--check', 'exit 2 if the file is not pinned to the newest, without writing'),
  },
  examples: ['ackl2 pin -f cluster.yaml', { command: 'ackl2 pin -f cluster.yaml --check', comment: 'CI: exit 2 when something newer exists' }],
  run: async (options, ctx) => {
    const { check, file: files } = options;
    // Read the text before validating it, so a change made while ackl2 works is detected at write time.
    const absPath = files.length === 1 ? resolve(ctx.cwd, files[0]!) : undefined;
    const original = absPath ? await readIfExists(absPath).catch(() => null) : null;
    const loaded = await loadOneProfile(ctx, files, 'pin');
    if (absPath === undefined || original === null) throw new UserError(`cannot read ${loaded.file}`, { hint: 'check the path' });

    const pins = await withSession(ctx, (session) => resolvePins(session, loaded), { region: loaded.profile.metadata.region });
    printIssues(ctx, pins.warnings);
    const changes = changesOf(loaded, pins);

    if (changes.length === 0) {
      ctx.reporter.result(document(loaded.file, pins, changes, { written: false, check }), () => render(loaded.file, pins, changes, 'pinned'));
      return;
    }
    const edits: ScalarEdit[] = changes.map((c) => ({ path: c.editPath, value: c.new }));
    const edited = applyEdits(original, edits, loaded.file);
    changes.forEach((change, i) => {
      const outcome = edited.outcomes[i]!;
      change.placement = outcome.how === 'replaced' ? 'in-place' : 'added';
      change.line = outcome.line;
    });
    explainInherited(ctx, loaded.file, changes);

    if (check) {
      ctx.reporter.result(document(loaded.file, pins, changes, { written: false, check }), () => render(loaded.file, pins, changes, 'check'));
      for (const change of changes) ctx.reporter.line(`${loaded.file}:${change.line ?? '?'} ${change.what}: ${change.old ?? '(not set)'} -> ${change.new}`);
      throw new UserError(`${loaded.file} is not pinned to the newest: ${changes.length} value${changes.length === 1 ? '' : 's'} would change`, {
        hint: `run ${ackl2Command(ctx, ['pin', '-f', loaded.file])} and commit the result`,
      });
    }
    const mode = (await stat(absPath)).mode & 0o777;
    await atomicWrite(absPath, edited.text, { mode, expected: original, display: loaded.file });
    ctx.reporter.result(document(loaded.file, pins, changes, { written: true, check }), () => render(loaded.file, pins, changes, 'written'));
  },
});

