/**
 * Every ready-made profile, created through the built CLI against an emulator on loopback:
 * the cluster runs, every pool is active at its size, listed instances are joined; a rerun
 * changes nothing (zero mutating calls); JSON on stdout is one document; no secret leaks.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/cli.js';
import { jsonOf, mutating, startCloud, type TestCloud } from './harness.js';

const profilesDir = join(REPO_ROOT, 'profiles');
/** Every file of profiles/ is a complete profile (the partial bases live in profiles/bases/). */
const profiles = readdirSync(profilesDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

describe('create every ready-made profile', () => {
  it('has ready-made profiles to create', () => {
    expect(profiles.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of profiles) {
    it(`profiles/${file}: creates, then a rerun is a no-op`, async () => {
      cloud = await startCloud();
      const profile = parse(readFileSync(join(profilesDir, file), 'utf8')) as { metadata: { name: string }; nodePools?: { name: string; join?: { instanceIds: string[] } }[] };
      const first = await cloud.run(['create', '-f', `profiles/${file}`, '--yes', '--output', 'json']);
      expect(first.code, first.stderr).toBe(0);
      const doc = jsonOf(first);
      expect(doc.ok).toBe(true);
      expect(doc.changed).toBe(true);
      expect(doc.cluster).toMatchObject({ name: profile.metadata.name, state: 'running', action: 'created' });
      expect(doc.nodePools.length).toBeGreaterThan(0);
      for (const pool of doc.nodePools) {
        expect(pool.state, pool.name).toBe('active');
        expect(pool.action, pool.name).toBe('created');
        expect(pool.id).toBeTruthy();
      }
      const listed = (profile.nodePools ?? []).flatMap((p) => (p.join?.instanceIds ?? []).map((id) => `${p.name}/${id}`));
      expect(doc.joined.map((j: { pool: string; instanceId: string; result: string }) => `${j.pool}/${j.instanceId}:${j.result}`).sort()).toEqual(listed.map((l) => `${l}:attached`).sort());
      expect(doc.failed).toEqual([]);
      expect(doc.apiCalls).toBeGreaterThan(0);
      expect(doc.throttled).toBe(0);

      // the emulator agrees: one cluster with the name, the pools of the profile
      const state = cloud.emulator.state();
      const clusters = Object.values(state.clusters).filter((c) => c.name === profile.metadata.name);
      expect(clusters).toHaveLength(1);
      expect(clusters[0]!.state).toBe('running');

      await cloud.clearCalls();
      const again = await cloud.run(['create', '-f', `profiles/${file}`, '--yes', '--output', 'json']);
      expect(again.code, again.stderr).toBe(0);
      const rerun = jsonOf(again);
      expect(rerun).toMatchObject({ ok: true, changed: false, created: [], mutatingCalls: 0 });
      expect(rerun.cluster.id).toBe(doc.cluster.id);
      expect(mutating(await cloud.calls())).toEqual([]);
      expect(again.stderr).toContain('nothing to do');
    });
  }
});
