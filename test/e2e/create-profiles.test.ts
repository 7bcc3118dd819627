/**
 * Every ready-made profile, created through the built CLI against an emulator on loopback
 * playing the catalogue the profile is made for (`ackl2 profiles` says which): the cluster
 * runs, every pool is active at its size, listed instances are joined; a rerun changes nothing
 * (zero mutating calls); JSON on stdout is one document; no secret leaks. Each Alibaba Cloud
 * Linux 2 profile on today's catalogue (`2026-11`) is refused by preflight: exit 2, located
 * at its image or version line, no mutating call, and a hint naming its AliyunLinux3 sibling
 * and `ackl2 migrate`.
 *
 * The profiles of one catalogue go in one `create` (one process; each profile's result is what
 * a run of it alone prints, test/e2e/fleet.test.ts), then one rerun: a CLI process per profile
 * would check the same documents at several times the cost.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listReadyMadeProfiles } from '../../src/commands/profiles.js';
import { builtinProfilesDir } from '../../src/paths.js';
import { loadProfile } from '../../src/profile/load.js';
import type { CliResult } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { jsonOf, mutating, startCloud, type TestCloud } from './harness.js';

/** Every file of profiles/ is a complete profile (the partial bases live in profiles/bases/). */
const profiles = (await listReadyMadeProfiles(builtinProfilesDir())).filter((p) => p.kind === 'profile');
const file = (name: string) => `profiles/${name}.yaml`;
const catalogues = [...new Set(profiles.map((p) => p.catalogue!))].sort();
const legacy = profiles.filter((p) => p.os.includes('AliyunLinux2'));

/** `FILE:LINE` of every line that writes `key: value` in the file. */
function linesWriting(path: string, key: string, value: string): string[] {
  const text = readFileSync(join(REPO_ROOT, path), 'utf8');
  return text.split('\n').flatMap((line, i) => (new RegExp(`\\b${key}:\\s*"?${value.replace(/\./g, '\\.')}"?(\\s|,|$|\\})`).test(line) ? [`${path}:${i + 1}:`] : []));
}

/** The entry of one profile in a several-profile result, and its prefixed stderr lines. */
function entryOf(run: CliResult, name: string): { result: Record<string, any>; stderr: string } {
  const entry = jsonOf(run).profiles.find((p: { profile: string }) => p.profile === name);
  expect(entry, `${name} has no entry in\n${run.stdout}`).toBeDefined();
  const stderr = run.stderr.split('\n').filter((line) => line.startsWith(`[${name}] `)).join('\n');
  return { result: entry.result, stderr };
}

interface CatalogueRun {
  cloud: TestCloud;
  first: CliResult;
  again: CliResult;
  rerunMutating: unknown[];
}
const runs = new Map<string, CatalogueRun>();
let today: { cloud: TestCloud; refused: CliResult; mutating: unknown[] };

beforeAll(async () => {
  for (const catalogue of catalogues) {
    const cloud = await startCloud({ catalogue });
    const files = profiles.filter((p) => p.catalogue === catalogue).flatMap((p) => ['-f', file(p.name)]);
    const first = await cloud.run(['create', ...files, '--yes', '--output', 'json']);
    await cloud.clearCalls();
    const again = await cloud.run(['create', ...files, '--yes', '--output', 'json']);
    runs.set(catalogue, { cloud, first, again, rerunMutating: mutating(await cloud.calls()) });
  }
  const cloud = await startCloud({ catalogue: '2026-11' });
  const refused = await cloud.run(['create', ...legacy.flatMap((p) => ['-f', file(p.name)]), '--yes']);
  today = { cloud, refused, mutating: mutating(await cloud.calls()) };
}, 240_000);
afterAll(async () => {
  for (const run of runs.values()) await run.cloud.close();
  await today?.cloud.close();
});

describe('create every ready-made profile on its catalogue', () => {
  it('has ready-made profiles for both catalogues', () => {
    expect(profiles.filter((p) => p.catalogue === '2024-03').length).toBeGreaterThanOrEqual(5);
    expect(profiles.filter((p) => p.catalogue === '2026-11').length).toBe(profiles.filter((p) => p.catalogue === '2024-03').length);
    expect(profiles.filter((p) => p.catalogue === null)).toEqual([]);
  });

  it.each(catalogues)('catalogue %s: both runs exit 0, the rerun sends nothing that changes anything', (catalogue) => {
    const { first, again, rerunMutating } = runs.get(catalogue)!;
    expect(first.code, first.stderr).toBe(0);
    expect(jsonOf(first).ok).toBe(true);
    expect(again.code, again.stderr).toBe(0);
    expect(rerunMutating).toEqual([]);
  });

  for (const ready of profiles) {
    it(`${file(ready.name)} on catalogue ${ready.catalogue}: creates, then a rerun is a no-op`, async () => {
      const { cloud, first, again } = runs.get(ready.catalogue!)!;
      const { profile } = await loadProfile(file(ready.name), { cwd: REPO_ROOT });
      const { result: doc } = entryOf(first, profile.metadata.name);
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

      const rerun = entryOf(again, profile.metadata.name);
      expect(rerun.result).toMatchObject({ ok: true, changed: false, created: [], mutatingCalls: 0 });
      expect(rerun.result.cluster.id).toBe(doc.cluster.id);
      expect(rerun.stderr).toContain('nothing to do');
    });
  }

  it("today's catalogue 2026-11 refuses every AliyunLinux2 profile: exit 2, nothing sent that changes anything", () => {
    expect(legacy.length).toBeGreaterThan(0);
    expect(today.refused.code, today.refused.stderr).toBe(2);
    expect(today.mutating).toEqual([]);
  });

  for (const ready of legacy) {
    it(`${file(ready.name)} on today's catalogue 2026-11: refused by preflight at its image or version line`, async () => {
      const { profile } = await loadProfile(file(ready.name), { cwd: REPO_ROOT });
      const stderr = today.refused.stderr.split('\n').filter((line) => line.startsWith(`[${profile.metadata.name}] `)).join('\n');
      const at = [...linesWriting(file(ready.name), 'os', 'AliyunLinux2'), ...[file(ready.name), 'profiles/bases/base.yaml'].flatMap((f) => linesWriting(f, 'kubernetesVersion', profile.cluster.kubernetesVersion))];
      const located = stderr.split('\n').filter((line) => at.some((prefix) => line.includes(prefix)));
      expect(located.length, `${today.refused.stderr}\nexpected a line at one of ${at.join(', ')}`).toBeGreaterThan(0);
      expect(stderr).toContain(`profiles/${ready.name}-alinux3.yaml`);
      // A ready-made profile lives in the package: the hint migrates a copy, never the packaged file.
      expect(stderr).toContain(`cp ${file(ready.name)} cluster.yaml && ackl2 migrate -f cluster.yaml --to AliyunLinux3 --write`);
      expect(today.refused.stderr).not.toContain(`ackl2 migrate -f ${file(ready.name)}`);
    });
  }
});
