/**
 * Many profiles in one `create`: a directory of profiles is created in one process, each
 * profile's progress prefixed with its name, one JSON document with a result per profile, and
 * the worst exit code; offline problems of any file stop the run before any API call; a
 * profile failing in the cloud leaves the others to finish; a rerun changes nothing.
 */

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { jsonOf, mutating, startCloud, type TestCloud } from './harness.js';

const QUICKSTART = readFileSync(join(REPO_ROOT, 'profiles/quickstart.yaml'), 'utf8');

function fleetDir(profiles: Record<string, (yaml: string) => string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ackl2-fleet-')), 'clusters');
  mkdirSync(dir);
  for (const [name, edit] of Object.entries(profiles)) {
    writeFileSync(join(dir, `${name}.yaml`), edit(QUICKSTART.replace('name: ackl2-quickstart', `name: ${name}`)));
  }
  return dir;
}

const same = (yaml: string) => yaml;
/** What create's preflight asks the region (shared by a fleet run's profiles). */
const PREFLIGHT_READS = ['DescribeAvailableResource', 'DescribeVpcs', 'DescribeKubernetesVersionMetadata', 'CheckServiceRole'];

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

describe('create -f DIRECTORY', () => {
  it('creates every profile in one run, one result per profile, and a rerun changes nothing', async () => {
    cloud = await startCloud();
    const dir = fleetDir({ 'fleet-a': same, 'fleet-b': same, 'fleet-c': same });
    const run = await cloud.run(['create', '-f', dir, '--yes', '--output', 'json', '--max-parallel', '2']);
    expect(run.code, run.stderr).toBe(0);
    // The region's preflight facts are read once for the three profiles, and so is the listing of
    // its clusters in which each profile looks for its own.
    const createCalls = await cloud.calls();
    const created = (action: string) => createCalls.filter((c) => c.action === action).length;
    for (const action of PREFLIGHT_READS) expect(created(action), action).toBe(1);
    const doc = jsonOf(run);
    expect(doc.ok).toBe(true);
    expect(doc.profiles.map((p: { profile: string; status: string }) => `${p.profile}:${p.status}`)).toEqual(['fleet-a:ok', 'fleet-b:ok', 'fleet-c:ok']);
    expect(doc.profiles[0].result.ok).toBe(true);
    for (const name of ['fleet-a', 'fleet-b', 'fleet-c']) expect(run.stderr).toMatch(new RegExp(`^\\[${name}\\] `, 'm'));
    const clusters = Object.values(cloud.emulator.state().clusters).map((c) => `${c.name}:${c.state}`).sort();
    expect(clusters).toEqual(['fleet-a:running', 'fleet-b:running', 'fleet-c:running']);

    await cloud.clearCalls();
    const again = await cloud.run(['create', '-f', dir, '--yes', '--output', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(jsonOf(again).profiles.every((p: { result: { changed: boolean } }) => p.result.changed === false)).toBe(true);
    const rerunCalls = await cloud.calls();
    expect(mutating(rerunCalls)).toEqual([]);
    // One listing of the region's clusters, in which each profile found its own; nothing to
    // create, so nothing for the preflight to ask.
    const sent = (action: string) => rerunCalls.filter((c) => c.action === action).length;
    expect(sent('DescribeClustersForRegion')).toBe(1);
    for (const action of PREFLIGHT_READS) expect(sent(action), action).toBe(0);

    const diff = await cloud.run(['diff', '-f', dir, '--exit-code', '--output', 'json']);
    expect(diff.code, diff.stderr).toBe(0);
    expect(jsonOf(diff).profiles.map((p: { profile: string; result: { differs: boolean } }) => `${p.profile}:${p.result.differs}`)).toEqual(['fleet-a:false', 'fleet-b:false', 'fleet-c:false']);
    const apply = await cloud.run(['apply', '-f', dir, '--yes', '--output', 'json']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(jsonOf(apply).profiles).toHaveLength(3);
    expect(mutating(await cloud.calls())).toEqual([]);
  });

  it('stops before any API call when any profile has offline problems, showing those of every file', async () => {
    cloud = await startCloud();
    const broken = (yaml: string) => yaml.replace('desiredSize: 2', 'desiredSize: -1');
    const dir = fleetDir({ 'fleet-a': same, 'fleet-b': broken, 'fleet-c': broken });
    const run = await cloud.run(['create', '-f', dir, '--yes']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('fleet-b.yaml:');
    expect(run.stderr).toContain('fleet-c.yaml:');
    expect(run.stderr).toContain('2 of 3 profiles are not valid');
    expect(await cloud.calls()).toEqual([]);
  });

  it('a profile failing in the cloud does not stop the others; the exit code is the failing one', async () => {
    cloud = await startCloud();
    const noKey = (yaml: string) => yaml.replace('keyPair: ackl2-demo', 'keyPair: no-such-key');
    const dir = fleetDir({ 'fleet-a': same, 'fleet-b': noKey });
    const run = await cloud.run(['create', '-f', dir, '--yes', '--output', 'json']);
    expect(run.code, run.stderr).toBe(2);
    const doc = jsonOf(run);
    expect(doc.ok).toBe(false);
    expect(doc.profiles.map((p: { profile: string; status: string }) => `${p.profile}:${p.status}`)).toEqual(['fleet-a:ok', 'fleet-b:failed']);
    expect(doc.profiles[1].error.message).toMatch(/problem/);
    expect(run.stderr).toMatch(/^\[fleet-b\] .*no-such-key/m);
    expect(Object.values(cloud.emulator.state().clusters).map((c) => c.name)).toEqual(['fleet-a']);
  });

  it('a cluster whose creation task fails is reported with the task\'s error, watched through the shared poll of the region\'s clusters', async () => {
    cloud = await startCloud();
    const dir = fleetDir({ 'fleet-a': same, 'fleet-b': same });
    await cloud.faults('taskFail@CreateCluster');
    const run = await cloud.run(['create', '-f', dir, '--yes', '--output', 'json', '--max-parallel', '1']);
    expect(run.code, run.stderr).toBe(4);
    const doc = jsonOf(run);
    expect(doc.profiles.map((p: { profile: string; status: string }) => `${p.profile}:${p.status}`)).toEqual(['fleet-a:failed', 'fleet-b:ok']);
    expect(doc.profiles[0].error.message).toMatch(/ClusterInitFailed|failed to install addons/);
    const calls = await cloud.calls();
    // One listing poll for both clusters, no poll of their tasks: the failed cluster's task is read once, to explain it.
    const taskOf = (name: string) => Object.values(cloud!.emulator.state().clusters).find((c) => c.name === name)!.taskId;
    const reads = (taskId: string) => calls.filter((c) => c.action === 'DescribeTaskInfo' && c.path.includes(taskId)).length;
    expect(reads(taskOf('fleet-a'))).toBe(1);
    expect(reads(taskOf('fleet-b'))).toBe(0);
    expect(calls.filter((c) => c.action === 'DescribeClustersForRegion').length).toBeGreaterThan(1);
  });

  it('two profiles of the same cluster are refused before any API call (a dry run still plans both)', async () => {
    cloud = await startCloud();
    const dir = fleetDir({ 'fleet-a': same, 'fleet-b': (yaml) => yaml.replace('name: fleet-b', 'name: fleet-a') });
    const run = await cloud.run(['create', '-f', dir, '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('both describe cluster fleet-a in cn-hangzhou');
    expect(await cloud.calls()).toEqual([]);
    const dry = await cloud.inProcess(['create', '-f', dir, '--dry-run', '--output', 'json']); // the plans' rendering only
    expect(dry.code, dry.stderr).toBe(0);
    expect(jsonOf(dry).plans).toHaveLength(2);
  });

  it('several profiles without --yes refuse before any API call', async () => {
    cloud = await startCloud();
    const dir = fleetDir({ 'fleet-a': same, 'fleet-b': same });
    const run = await cloud.run(['create', '-f', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('needs --yes');
    expect(await cloud.calls()).toEqual([]);
  });
});
