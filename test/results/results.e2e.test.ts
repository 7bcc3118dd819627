/**
 * One JSON result shape per command, documented in docs/results/: real outputs of the built
 * CLI (against the emulator where a command needs a cloud) match them exactly (strict: no
 * undocumented key), with `action` from the fixed set and each operation of an unfinished run
 * in one list only. Every command of the registry is run here: the last test fails for one
 * whose output was not checked.
 *
 * What these tests are about is the documents' shape, not the process: the built CLI runs
 * in-process (test/helpers/cli.ts), except `emulator`, whose ready line comes before it
 * serves until a signal. That every command's stdout holds exactly its one document as a
 * process is test/e2e/machine-output.test.ts's.
 */

import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { COMMANDS } from '../../src/commands/registry.js';
import {
  applyCommandResult,
  applyResult,
  deleteClusterResult,
  diffResult,
  emulatorResult,
  getClustersResult,
  getNodepoolsResult,
  getNodesResult,
  imagesResult,
  joinResult,
  kubeconfigDocument,
  kubeconfigMergedResult,
  kubeconfigWrittenResult,
  migrateResult,
  nodepoolDeleteResult,
  nodepoolScaleResult,
  pinResult,
  planResult,
  plansResult,
  profilePathResult,
  profilesResult,
  RESULT_SCHEMAS,
  resultNameOf,
  scenariosResult,
  schemaResult,
  validateResult,
  type ResultName,
} from '../../src/results/schemas.js';
import { failureResult, fleetResult } from '../../src/results/shared.js';
import { REPO_ROOT, runCliInProcess, type CliResult } from '../helpers/cli.js';
import { onePoolProfile, spawnCli, startCloud, writeProfile, type TestCloud } from '../e2e/harness.js';

/** The commands whose real output was checked against their docs/results schema. */
const checked = new Set<string>();

/**
 * The command's output matches its documented schema (docs/results/NAME.schema.json) and, more
 * precisely, the one shape this run must print; the command counts as checked.
 */
function strictParse<S extends z.ZodType>(shape: S, text: string, command?: ResultName): z.output<S> {
  const document: unknown = JSON.parse(text);
  if (command) {
    const documented = RESULT_SCHEMAS[command].safeParse(document);
    expect(documented.success, `${command}: ${JSON.stringify(documented.error)}`).toBe(true);
    checked.add(command);
  }
  const parsed = shape.safeParse(document);
  expect(parsed.success, JSON.stringify(parsed.error)).toBe(true);
  return parsed.data as z.output<S>;
}

function succeeded(result: CliResult, code = 0): string {
  expect(result.code, result.stderr).toBe(code);
  return result.stdout;
}

describe('real outputs match their schema', () => {
  it('validate -o json: ok and one verdict per file', async () => {
    const result = await runCliInProcess(['validate', '-o', 'json', '-f', 'test/fixtures/invalid/multi-issue.yaml', '-f', 'profiles/quickstart.yaml']);
    expect(result.code).toBe(2);
    const doc = strictParse(validateResult, result.stdout, 'validate');
    expect(doc.ok).toBe(false);
    expect(doc.files.map((f) => f.valid)).toEqual([false, true]);
  });

  // One emulator world for the commands below, in order: create, rerun, get, scale, delete. It plays
  // catalogue 2024-03: quickstart.yaml runs AliyunLinux2 pools on 1.28.9, which today's offer refuses.
  const env = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'ackl2-results-')), ACKL2_EMULATOR_SPEED: '1000', ACKL2_EMULATOR_CATALOG: '2024-03', CI: 'true' };
  let created: ReturnType<typeof applyResult.parse>;

  it('create -o json on the emulator, then its rerun: both documents match, actions from the fixed set', async () => {
    const first = await runCliInProcess(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes', '-o', 'json'], { env });
    expect(first.code, first.stderr).toBe(0);
    created = strictParse(applyResult, first.stdout, 'create');
    expect(created).toMatchObject({ ok: true, cluster: { action: 'created' }, created: ['cluster', 'nodepool/default'], found: [] });
    expect(created.nodePools[0]!.nodes).toEqual({ desired: 2, total: 2, healthy: null, failed: null });

    const again = await runCliInProcess(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes', '-o', 'json'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(strictParse(applyResult, again.stdout, 'create')).toMatchObject({ ok: true, changed: false, cluster: { action: 'exists' }, created: [], found: ['cluster', 'nodepool/default'] });
  });

  it('get, nodepool scale and delete use the same names for the same things: ids are `id`, node counts one object', async () => {
    const run = async (args: string[]) => {
      const r = await runCliInProcess([...args, '--emulator', '-o', 'json'], { env });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    const clusters = strictParse(getClustersResult, await run(['get', 'clusters']), 'get-clusters');
    const pools = strictParse(getNodepoolsResult, await run(['get', 'nodepools', '--cluster', 'ackl2-quickstart']), 'get-nodepools');
    const nodes = strictParse(getNodesResult, await run(['get', 'nodes', '--cluster', 'ackl2-quickstart']), 'get-nodes');
    const scaled = strictParse(nodepoolScaleResult, await run(['nodepool', 'scale', '--cluster', 'ackl2-quickstart', '--pool', 'default', '--size', '3', '--yes']), 'nodepool-scale');
    expect(clusters.clusters.find((c) => c.name === 'ackl2-quickstart')?.id).toBe(created.cluster!.id);
    expect(pools.cluster.id).toBe(created.cluster!.id);
    expect(pools.nodePools[0]).toMatchObject({ id: created.nodePools[0]!.id, nodes: { desired: 2, total: 2 } });
    expect(nodes.nodes.every((n) => n.nodePool?.id === created.nodePools[0]!.id)).toBe(true);
    expect(scaled.nodePool).toMatchObject({ id: created.nodePools[0]!.id, nodes: { desired: 3, total: 3 } });
    const deleted = strictParse(deleteClusterResult, await run(['delete', 'cluster', 'ackl2-quickstart', '--yes', '--wait']), 'delete-cluster');
    expect(deleted).toMatchObject({ ok: true, action: 'deleted', cluster: { id: created.cluster!.id } });
  });

  it('an interrupted create (--timeout) lists each operation in one list only, with ok false and the error', async () => {
    const slow = { ...env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'ackl2-results-')), ACKL2_EMULATOR_SPEED: '1' };
    const stopped = await runCliInProcess(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes', '-o', 'json', '--timeout', '2s'], { env: slow });
    expect(stopped.code).toBe(5);
    const doc = strictParse(applyResult, stopped.stdout, 'create');
    expect(doc.ok).toBe(false);
    expect(doc.error?.type).toBe('TimeoutError');
    const lists = [...doc.created, ...doc.found, ...doc.pending, ...doc.failed];
    expect(new Set(lists).size).toBe(lists.length);
    expect(lists.sort()).toEqual(['cluster', 'nodepool/default']);
  });
});

describe('offline commands', () => {
  it('plan, create --dry-run: the plan, or { plans } for several profiles', async () => {
    const one = strictParse(planResult, succeeded(await runCliInProcess(['plan', '-f', 'profiles/quickstart.yaml', '-o', 'json'])), 'plan');
    expect(one.operations[0]).toMatchObject({ id: 'cluster', api: 'CreateCluster' });
    const several = strictParse(plansResult, succeeded(await runCliInProcess(['plan', '-f', 'profiles/quickstart.yaml', 'profiles/web.yaml', '-o', 'json'])), 'plan');
    expect(several.plans.map((p) => p.profile)).toEqual([one.profile, expect.any(String)]);
    expect(strictParse(planResult, succeeded(await runCliInProcess(['create', '-f', 'profiles/quickstart.yaml', '--dry-run', '-o', 'json'])), 'create')).toEqual(one);
  });

  it('migrate, scenarios, profiles, schema', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'ackl2-results-')), 'web.yaml');
    copyFileSync(join(REPO_ROOT, 'profiles/web.yaml'), copy);
    const migrated = strictParse(migrateResult, succeeded(await runCliInProcess(['migrate', '-f', copy, '--to', 'AliyunLinux3', '-o', 'json'])), 'migrate');
    expect(migrated).toMatchObject({ ok: true, changed: true, written: false });
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'profiles/web.yaml'), 'utf8'));

    const scenarios = strictParse(scenariosResult, succeeded(await runCliInProcess(['scenarios', '-o', 'json'])), 'scenarios');
    expect(scenarios.scenarios.length).toBeGreaterThan(0);
    const profiles = strictParse(profilesResult, succeeded(await runCliInProcess(['profiles', '-o', 'json'])), 'profiles');
    expect(profiles.profiles.map((p) => p.name)).toContain('quickstart');
    expect(strictParse(profilePathResult, succeeded(await runCliInProcess(['profiles', '--path', 'quickstart', '-o', 'json'])), 'profiles')).toMatchObject({ ok: true, name: 'quickstart' });
    const schema = strictParse(schemaResult, succeeded(await runCliInProcess(['schema', '-o', 'json'])), 'schema');
    expect(schema).toEqual(JSON.parse(readFileSync(join(REPO_ROOT, 'schema/ackl2-profile.schema.json'), 'utf8')));
  });

  it('emulator -o json: its one ready line', async () => {
    const { child, done } = spawnCli(['emulator', '--port', '0', '-o', 'json'], { ACKL2_EMULATOR_CATALOG: '2024-03' });
    let line = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: string) => {
        line += d;
        if (line.includes('\n')) resolve();
      });
      child.on('close', () => reject(new Error(`the emulator exited before its ready line: ${line}`)));
    });
    child.kill('SIGTERM');
    await done;
    expect(line.trim().split('\n')).toHaveLength(1);
    expect(strictParse(emulatorResult, line, 'emulator')).toMatchObject({ ok: true, region: 'cn-hangzhou' });
  });
});

describe('commands on a cloud', () => {
  // One world, in order: create, diff, apply, nodepool add and delete, join, kubeconfig, pin, images.
  let cloud: TestCloud;
  let file: string;
  const R = ['--region', 'cn-hangzhou', '-o', 'json'];
  const grownPool = `  - name: batch
    instanceTypes: [ecs.c7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
`;
  beforeAll(async () => {
    cloud = await startCloud();
    file = writeProfile(onePoolProfile('shapes'));
    succeeded(await cloud.inProcess(['create', '-f', file, '--yes', ...R]));
  });
  afterAll(() => cloud?.close());

  it('diff and apply: operation ids are `operation`, cloud ids `id`; several profiles give one entry each', async () => {
    const same = strictParse(diffResult, succeeded(await cloud.inProcess(['diff', '-f', file, ...R])), 'diff');
    expect(same.differs).toBe(false);
    const cluster = same.resources.find((r) => r.operation === 'cluster');
    expect(cluster?.id).toMatch(/^c/);

    const other = writeProfile(onePoolProfile('shapes-two'));
    const fleet = strictParse(fleetResult(diffResult), succeeded(await cloud.inProcess(['diff', '-f', file, other, ...R])), 'diff');
    expect(fleet.profiles.map((p) => [p.profile, p.status])).toEqual([
      ['shapes', 'ok'],
      ['shapes-two', 'ok'],
    ]);
    const missing = diffResult.parse(fleet.profiles[1]!.result);
    expect(missing.resources.map((r) => [r.operation, r.action, r.id])).toEqual([
      ['cluster', 'create', null],
      ['nodepool/web', 'create', null],
    ]);

    const bigger = writeProfile(onePoolProfile('shapes').replace('desiredSize: 1', 'desiredSize: 2'));
    const applied = strictParse(applyCommandResult, succeeded(await cloud.inProcess(['apply', '-f', bigger, '--yes', ...R])), 'apply');
    expect(applied.updates).toMatchObject({ changed: true, applied: [{ operation: 'update/web', action: 'updated' }], unmanaged: [] });
  });

  it('nodepool add and delete: action from the fixed set, absent on a rerun', async () => {
    const grown = writeProfile(onePoolProfile('shapes') + grownPool);
    const added = strictParse(applyResult, succeeded(await cloud.inProcess(['nodepool', 'add', '-f', grown, '--pool', 'batch', '--yes', ...R])), 'nodepool-add');
    expect(added.nodePools).toMatchObject([{ name: 'batch', action: 'created' }]);
    const deleted = strictParse(nodepoolDeleteResult, succeeded(await cloud.inProcess(['nodepool', 'delete', '--cluster', 'shapes', '--pool', 'batch', '--yes', ...R])), 'nodepool-delete');
    expect(deleted).toMatchObject({ ok: true, nodePool: { name: 'batch', id: added.nodePools[0]!.id }, action: 'deleted' });
    const again = strictParse(nodepoolDeleteResult, succeeded(await cloud.inProcess(['nodepool', 'delete', '--cluster', 'shapes', '--pool', 'batch', '--yes', ...R])), 'nodepool-delete');
    expect(again).toMatchObject({ nodePool: { name: 'batch', id: null }, action: 'absent', taskId: null });
  });

  it('join: one entry per instance; refused instances are structured entries of the error', async () => {
    const joined = strictParse(joinResult, succeeded(await cloud.inProcess(['join', '--cluster', 'shapes', '--pool', 'web', '--instances', 'i-bp1spare000004', '--yes', ...R])), 'join');
    expect(joined.instances).toEqual([{ pool: 'web', instanceId: 'i-bp1spare000004', result: 'attached' }]);
    const refused = await cloud.inProcess(['join', '--cluster', 'shapes', '--pool', 'web', '--instances', 'i-bp1stopped00001,i-bp1spare000005', '--yes', ...R]);
    expect(refused.code).toBe(2);
    const rejected = strictParse(failureResult, refused.stdout, 'join').error.rejected;
    expect(rejected).toEqual([{ instanceId: 'i-bp1stopped00001', reason: expect.stringContaining('is Stopped'), hint: expect.any(String) }]);
  });

  it('kubeconfig: merged, written, or the kubeconfig itself', async () => {
    const merged = strictParse(kubeconfigMergedResult, succeeded(await cloud.inProcess(['kubeconfig', '--cluster', 'shapes', '--private', ...R])), 'kubeconfig');
    expect(merged).toMatchObject({ ok: true, merged: true, endpoint: 'private', cluster: { name: 'shapes' } });
    const path = join(mkdtempSync(join(tmpdir(), 'ackl2-results-')), 'kubeconfig');
    const written = strictParse(kubeconfigWrittenResult, succeeded(await cloud.inProcess(['kubeconfig', '--cluster', 'shapes', '--private', '--write', path, ...R])), 'kubeconfig');
    expect(written).toMatchObject({ merged: false, file: path, cluster: { id: merged.cluster.id } });
    strictParse(kubeconfigDocument, succeeded(await cloud.inProcess(['kubeconfig', '--cluster', 'shapes', '--private', '--write', '-', ...R])), 'kubeconfig');
  });

  it('pin --check and images', async () => {
    const check = await cloud.inProcess(['pin', '-f', file, '--check', ...R]);
    expect([0, 2]).toContain(check.code);
    const pins = strictParse(pinResult, check.stdout, 'pin');
    expect(pins).toMatchObject({ ok: true, check: true, written: false, nodePools: [{ name: 'web' }] });
    const images = strictParse(imagesResult, succeeded(await cloud.inProcess(['images', ...R])), 'images');
    expect(images.images.length).toBeGreaterThan(0);
  });

  it('a failure is { ok: false, error } under the command\'s own schema', async () => {
    const missing = await cloud.inProcess(['get', 'nodes', '--cluster', 'no-such-cluster', ...R]);
    expect(missing.code).not.toBe(0);
    expect(strictParse(failureResult, missing.stdout, 'get-nodes').error.exitCode).toBe(missing.code);
  });
});

describe('coverage', () => {
  it('checked a real -o json output of every command of the registry', () => {
    expect([...checked].sort()).toEqual(COMMANDS.map((c) => resultNameOf(c.name)).sort());
  });
});
