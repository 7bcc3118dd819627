/**
 * `ackl2 migrate -f FILE --to AliyunLinux3 [--write]`: rewrite a profile for today's ACK,
 * offline (no credentials, no SDK): Alibaba Cloud Linux 2 pools to 3 with the target
 * catalogue's newest image, the Kubernetes version to the newest that catalogue creates,
 * scenarios to their successors (src/migrate/plan.ts says what and why). Comments and layout
 * are kept; only the changed values move. Without --write the change is printed as a diff;
 * with it the file is edited in place and then validated. A rerun is a no-op.
 */

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { printIssues } from './command-support.js';
import { ackl2Command } from './hints.js';
import { UserError, ValidationFailed } from '../errors.js';
import { atomicWrite, readIfExists } from '../fs/atomic-write.js';
import { loadForMigration } from '../migrate/load.js';
import { MIGRATION_TARGETS, NoTargetVersion, planMigration, type Migration, type MigrationChange, type MigrationTargetOs } from '../migrate/plan.js';
import { migrationTarget } from '../migrate/target.js';
import { unifiedDiff } from '../migrate/text-diff.js';
import { applyEdits } from '../pin/yaml-edit.js';
import { validateFile } from '../profile/load.js';
import type { CommandContext } from './context.js';
import { defineCommand, files, flag, value } from './define.js';
import type { MigrateResult } from '../results/schemas.js';

interface Placed extends MigrationChange {
  /** 1-based line of the change in the new text. */
  line: number;
  placement: 'in-place' | 'added';
}

function document(file: string, migration: Migration, changes: Placed[], diff: string, written: boolean): MigrateResult {
  return {
    ok: true,
    file,
    to: migration.to,
    catalogue: migration.catalogue,
    changed: changes.length > 0,
    written,
    changes: changes.map((c) => ({
      what: c.what,
      kind: c.kind,
      old: c.old ?? null,
      new: c.new ?? null,
      why: c.why,
      line: c.line,
      placement: c.placement,
      ...(c.inheritedFrom ? { inheritedFrom: c.inheritedFrom } : {}),
    })),
    notes: migration.notes,
    diff,
  };
}

function describeChange(change: Placed): string {
  const arrow = change.kind === 'remove' ? `${change.old} removed` : `${change.old ?? '(not set)'} -> ${change.new}`;
  const inherited = change.inheritedFrom ? `; inherited from ${change.inheritedFrom}, overridden here` : '';
  return `${change.what}: ${arrow} (${change.why}${inherited})`;
}

function targetOs(to: string): MigrationTargetOs {
  const found = MIGRATION_TARGETS.find((t) => t === to);
  if (!found) {
    throw new UserError(`cannot migrate to "${to}"`, {
      hint: `choose --to ${MIGRATION_TARGETS.join(' or ')}: the node OS of today's ACK`,
    });
  }
  return found;
}

async function reportWritten(ctx: CommandContext, file: string): Promise<void> {
  const after = await validateFile(file, { cwd: ctx.cwd });
  printIssues(ctx, after.issues);
  const errors = after.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    const count = `${errors.length} problem${errors.length === 1 ? '' : 's'}`;
    throw new ValidationFailed(errors, `${file} was migrated, but ${count} that migrate does not change remain: fix by hand, then ${ackl2Command(ctx, ['validate', '-f', file])}`);
  }
}

async function migrate(options: { file: string[]; to: MigrationTargetOs; write: boolean }, ctx: CommandContext): Promise<void> {
  const { to } = options;
  if (options.file.length !== 1) {
    throw new UserError(options.file.length === 0 ? 'migrate needs a profile: -f FILE' : `migrate takes one profile, got ${options.file.length}`, { hint: 'e.g. ackl2 migrate -f cluster.yaml --to AliyunLinux3' });
  }
  const file = options.file[0]!;
  const absPath = resolve(ctx.cwd, file);
  // Read the text before anything else, so a change made while ackl2 works is detected at write time.
  const original = await readIfExists(absPath).catch(() => null);
  const { input } = await loadForMigration(file, ctx.cwd);
  if (original === null) throw new UserError(`cannot read ${file}`, { hint: 'check the path' });
  const target = migrationTarget();
  let migration: Migration;
  try {
    migration = planMigration(input, to, target);
  } catch (error) {
    if (!(error instanceof NoTargetVersion)) throw error;
    throw new UserError(`${file}: ${error.message}`, { hint: 'move the pools that need an older version to a separate profile, or drop what they need' });
  }
  for (const note of migration.notes) ctx.reporter.warn(`${file}: ${note.message}`);

  const edited = applyEdits(original, migration.changes.map((c) => c.edit), file);
  const changes: Placed[] = migration.changes.map((c, i) => {
    const outcome = edited.outcomes[i]!;
    return { ...c, line: outcome.line, placement: outcome.how === 'inserted' ? 'added' : 'in-place' };
  });
  const diff = unifiedDiff(original, edited.text, file);
  if (changes.length === 0) {
    ctx.reporter.result(document(file, migration, changes, diff, false), () => `${file}: already migrated to ${to} for catalogue ${migration.catalogue}; nothing to change`);
    return;
  }
  for (const change of changes) ctx.reporter.info(`${file}:${change.line} ${describeChange(change)}`);
  if (!options.write) {
    ctx.reporter.result(document(file, migration, changes, diff, false), () => diff);
    ctx.reporter.info(`nothing written; to apply: ${ackl2Command(ctx, ['migrate', '-f', file, '--to', to, '--write'])}`);
    return;
  }
  const mode = (await stat(absPath)).mode & 0o777;
  await atomicWrite(absPath, edited.text, { mode, expected: original, display: file });
  ctx.reporter.result(document(file, migration, changes, diff, true), () => `${file}: wrote ${changes.length} change${changes.length === 1 ? '' : 's'} for ${to} (catalogue ${migration.catalogue}), comments and layout kept`);
  await reportWritten(ctx, file);
}

export default defineCommand({
  name: 'migrate',
  description: "rewrite a profile for today's ACK (Alibaba Cloud Linux 3), offline, keeping comments",
  options: {
    file: files(),
    to: value('--to <os>', `target node OS: ${MIGRATION_TARGETS.join(', ')}`, { required: true, parse: targetOs }),
    write: flag('--write', 'edit the file in place (default: print the change as a diff)'),
  },
  examples: ['ackl2 migrate -f profiles/web.yaml --to AliyunLinux3', { command: 'ackl2 migrate -f cluster.yaml --to AliyunLinux3 --write', comment: 'in place, comments kept' }],
  run: migrate,
});
