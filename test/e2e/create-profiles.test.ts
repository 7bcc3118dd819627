/**
 * Every ready-made profile, created through the built CLI against an emulator on loopback
 * playing the catalogue the profile is made for (`ackl2 profiles` says which): the cluster
 * runs, every pool is active at its size, listed instances are joined; a rerun changes nothing
 * (zero mutating calls); JSON on stdout is one document; no secret leaks. Each Alibaba Cloud
 * Linux 2 profile on today's catalogue (`2026-11`) is refused by preflight: exit 2, located
 * at its image or version line, no mutating call, and a hint naming its AliyunLinux3 sibling
 * and `ackl2 migrate`.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listReadyMadeProfiles } from '../../src/commands/profiles.js';
import { builtinProfilesDir } from '../../src/paths.js';
import { loadProfile } from '../../src/profile/load.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { jsonOf, mutating, startCloud, type TestCloud } from './harness.js';

/** Every file of profiles/ is a complete profile (the partial bases live in profiles/bases/). */
const profiles = (await listReadyMadeProfiles(builtinProfilesDir())).filter((p) => p.kind === 'profile');
const file = (name: string) => `profiles/${name}.yaml`;

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

/** `FILE:LINE` of every line that writes `key: value` in the file. */
function linesWriting(path: string, key: string, value: string): string[] {
  const text = readFileSync(join(REPO_ROOT, path), 'utf8');
  return text.split('\n').flatMap((line, i) => (new RegExp(`\\b${key}:\\s*"?${value.replace(/\./g, '\\.')}"?(\\s|,|$|\\})`).test(line) ? [`${path}:${i + 1}:`] : []));
}

describe('create every ready-made profile on its catalogue', () => {
  it('has ready-made profiles for both catalogues', () => {
    expect(profiles.filter((p) => p.catalogue === '2024-03').length).toBeGreaterThanOrEqual(5);
    expect(profiles.filter((p) => p.catalogue === '2026-11').length).toBe(profiles.filter((p) => p.catalogue === '2024-03').length);
    expect(profiles.filter((p) => p.catalogue === null)).toEqual([]);
  });

  for (const ready of profiles) {
    it(`${file(ready.name)} on catalogue ${ready.catalogue}: creates, then a rerun is a no-op`, async () => {
      cloud = await startCloud({ catalogue: ready.catalogue! });
      const { profile } = await loadProfile(file(ready.name), { cwd: REPO_ROOT });
      const first = await cloud.run(['create', '-f', file(ready.name), '--yes', '--output', 'json']);
      expect(first.code, first.stderr).toBe(0);
      const doc = jsonOf(first);
      expect(doc.ok).toBe(true);
      expect(doc.changed).toBe(true);
      expect(doc.cluster).toMatchObject({ name: profile.metadata.name, state: 'running', action: 'created' });
      expect(doc.nodePools.map((p: { name: string }) => p.name).sort()).toEqual(profile.nodePools.map((p) => p.name).sort());
      for (const pool of doc.nodePools) {
        expect(pool.state, pool.name).toBe('active');
        expect(pool.action, pool.name).toBe('created');
        expect(pool.id).toBeTruthy();
      }
      const listed = profile.nodePools.flatMap((p) => (p.join?.instanceIds ?? []).map((id) => `${p.name}/${id}`));
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
      const again = await cloud.run(['create', '-f', file(ready.name), '--yes', '--output', 'json']);
      expect(again.code, again.stderr).toBe(0);
      const rerun = jsonOf(again);
      expect(rerun).toMatchObject({ ok: true, changed: false, created: [], mutatingCalls: 0 });
      expect(rerun.cluster.id).toBe(doc.cluster.id);
      expect(mutating(await cloud.calls())).toEqual([]);
      expect(again.stderr).toContain('nothing to do');
    });
  }

  for (const ready of profiles.filter((p) => p.os.includes('AliyunLinux2'))) {
    it(`${file(ready.name)} on today's catalogue 2026-11: refused by preflight at its image or version line, nothing sent that changes anything`, async () => {
      cloud = await startCloud({ catalogue: '2026-11' });
      const { profile } = await loadProfile(file(ready.name), { cwd: REPO_ROOT });
      const refused = await cloud.run(['create', '-f', file(ready.name), '--yes']);
      expect(refused.code, refused.stderr).toBe(2);
      expect(mutating(await cloud.calls())).toEqual([]);
      const at = [...linesWriting(file(ready.name), 'os', 'AliyunLinux2'), ...[file(ready.name), 'profiles/bases/base.yaml'].flatMap((f) => linesWriting(f, 'kubernetesVersion', profile.cluster.kubernetesVersion))];
      const located = refused.stderr.split('\n').filter((line) => at.some((prefix) => line.includes(prefix)));
      expect(located.length, `${refused.stderr}\nexpected a line at one of ${at.join(', ')}`).toBeGreaterThan(0);
      expect(refused.stderr).toContain(`profiles/${ready.name}-alinux3.yaml`);
      // A ready-made profile lives in the package: the hint migrates a copy, never the packaged file.
      expect(refused.stderr).toContain(`cp ${file(ready.name)} cluster.yaml && ackl2 migrate -f cluster.yaml --to AliyunLinux3 --write`);
      expect(refused.stderr).not.toContain(`ackl2 migrate -f ${file(ready.name)}`);
    });
  }
});
