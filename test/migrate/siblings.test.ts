/**
 * `ackl2 migrate --to AliyunLinux3` and the ready-made AliyunLinux3 siblings agree: migrating
 * each AliyunLinux2 profile (a copy, still extending builtin:base) gives the profile its
 * sibling describes, and the migrated copy validates without errors; a second migration of the
 * copy changes nothing.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadForMigration } from '../../src/migrate/load.js';
import { planMigration } from '../../src/migrate/plan.js';
import { migrationTarget, scenarioSuccessors } from '../../src/migrate/target.js';
import { applyEdits } from '../../src/pin/yaml-edit.js';
import { loadProfile } from '../../src/profile/load.js';
import type { Profile } from '../../src/profile/schema.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempTrees } from '../helpers/files.js';

const AL2 = ['ai-training', 'autoscaling', 'colocated-qos', 'quickstart', 'sandboxed', 'web'];
const files = tempTrees('ackl2-migrate-siblings-');

/** Scenarios a sibling switches on as the successor of a former name are compared by the profiles test. */
function withoutSuccessors(profile: Profile): Profile {
  const successors = new Set(Object.values(scenarioSuccessors()));
  return { ...profile, scenarios: Object.fromEntries(Object.entries(profile.scenarios).filter(([id]) => !successors.has(id))) } as Profile;
}

describe('migrate and the AliyunLinux3 siblings', () => {
  it.each(AL2)('%s migrated is its -alinux3 sibling', async (name) => {
    const text = readFileSync(join(REPO_ROOT, 'profiles', `${name}.yaml`), 'utf8');
    const dir = files(name, { 'cluster.yaml': text });
    const { input } = await loadForMigration('cluster.yaml', dir);
    const migration = planMigration(input, 'AliyunLinux3', migrationTarget());
    expect(migration.notes).toEqual([]);
    const migrated = applyEdits(text, migration.changes.map((c) => c.edit), 'cluster.yaml').text;
    const after = files(`${name}-after`, { 'cluster.yaml': migrated });

    const loaded = await loadProfile('cluster.yaml', { cwd: after });
    expect(loaded.warnings.filter((i) => i.severity === 'error')).toEqual([]);
    const sibling = await loadProfile(`profiles/${name}-alinux3.yaml`, { cwd: REPO_ROOT });
    expect(withoutSuccessors(loaded.profile)).toEqual(withoutSuccessors(sibling.profile));

    const again = await loadForMigration('cluster.yaml', after);
    expect(planMigration(again.input, 'AliyunLinux3', migrationTarget()).changes).toEqual([]);
  });
});
