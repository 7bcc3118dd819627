/**
 * One JSON result shape per command, documented in docs/results/: real outputs of the built CLI against the emulator match them exactly
 * (strict: no undocumented key), with `action` from the fixed set and each operation of an
 * unfinished run in one list only.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyResult, deleteClusterResult, getClustersResult, getNodepoolsResult, getNodesResult, nodepoolScaleResult, validateResult } from '../../src/results/schemas.js';
import { runCli } from '../helpers/cli.js';

function strictParse<T>(schema: { safeParse(value: unknown): { success: boolean; data?: T; error?: unknown } }, text: string): T {
  const parsed = schema.safeParse(JSON.parse(text));
  expect(parsed.success, JSON.stringify(parsed.error)).toBe(true);
  return parsed.data as T;
}

describe('real outputs match their schema', () => {
  it('validate -o json: ok and one verdict per file', async () => {
    const result = await runCli(['validate', '-o', 'json', '-f', 'test/fixtures/invalid/multi-issue.yaml', '-f', 'profiles/quickstart.yaml']);
    expect(result.code).toBe(2);
    const doc = strictParse(validateResult, result.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.files.map((f) => f.valid)).toEqual([false, true]);
  });

  // One emulator world for the commands below, in order: create, rerun, get, scale, delete. It plays
  // catalogue 2024-03: quickstart.yaml runs AliyunLinux2 pools on 1.28.9, which today's offer refuses.
  const env = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'ackl2-results-')), ACKL2_EMULATOR_SPEED: '20', ACKL2_EMULATOR_CATALOG: '2024-03', CI: 'true' };
  let created: ReturnType<typeof applyResult.parse>;

  it('create -o json on the emulator, then its rerun: both documents match, actions from the fixed set', async () => {
    const first = await runCli(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes', '-o', 'json'], { env });
    expect(first.code, first.stderr).toBe(0);
    created = strictParse(applyResult, first.stdout);
    expect(created).toMatchObject({ ok: true, cluster: { action: 'created' }, created: ['cluster', 'nodepool/default'], found: [] });
    expect(created.nodePools[0]!.nodes).toEqual({ desired: 2, total: 2, healthy: null, failed: null });

    const again = await runCli(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes', '-o', 'json'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(strictParse(applyResult, again.stdout)).toMatchObject({ ok: true, changed: false, cluster: { action: 'exists' }, created: [], found: ['cluster', 'nodepool/default'] });
  });

  it('get, nodepool scale and delete use the same names for the same things: ids are `id`, node counts one object', async () => {
    const run = async (args: string[]) => {
      const r = await runCli([...args, '--emulator', '-o', 'json'], { env });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    const clusters = strictParse(getClustersResult, await run(['get', 'clusters']));
    const pools = strictParse(getNodepoolsResult, await run(['get', 'nodepools', '--cluster', 'ackl2-quickstart']));
    const nodes = strictParse(getNodesResult, await run(['get', 'nodes', '--cluster', 'ackl2-quickstart']));
    const scaled = strictParse(nodepoolScaleResult, await run(['nodepool', 'scale', '--cluster', 'ackl2-quickstart', '--pool', 'default', '--size', '3', '--yes']));
    expect(clusters.clusters.find((c) => c.name === 'ackl2-quickstart')?.id).toBe(created.cluster!.id);
    expect(pools.cluster.id).toBe(created.cluster!.id);
    expect(pools.nodePools[0]).toMatchObject({ id: created.nodePools[0]!.id, nodes: { desired: 2, total: 2 } });
    expect(nodes.nodes.every((n) => n.nodePool?.id === created.nodePools[0]!.id)).toBe(true);
    expect(scaled.nodePool).toMatchObject({ id: created.nodePools[0]!.id, nodes: { desired: 3, total: 3 } });
    const deleted = strictParse(deleteClusterResult, await run(['delete', 'cluster', 'ackl2-quickstart', '--yes', '--wait']));
    expect(deleted).toMatchObject({ ok: true, action: 'deleted', cluster: { id: created.cluster!.id } });
  });

  it('an interrupted create (--timeout) lists each operation in one list only, with ok false and the error', async () => {
    const slow = { ...env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'ackl2-results-')), ACKL2_EMULATOR_SPEED: '1' };
    const stopped = await runCli(['create', '-f', 'profiles/quickstart.yaml', '--emulator', '--yes', '-o', 'json', '--timeout', '2s'], { env: slow });
    expect(stopped.code).toBe(5);
    const doc = strictParse(applyResult, stopped.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.error?.type).toBe('TimeoutError');
    const lists = [...doc.created, ...doc.found, ...doc.pending, ...doc.failed];
    expect(new Set(lists).size).toBe(lists.length);
    expect(lists.sort()).toEqual(['cluster', 'nodepool/default']);
  });
});
