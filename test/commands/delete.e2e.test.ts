/**
 * `ackl2 delete cluster` through the built CLI: confirmation (a script without --yes is
 * refused), deletion protection (refused with the way out, no DeleteCluster sent), --wait
 * until gone, idempotent reruns, and --timeout (exit 5, still deleting, how to check).
 */

import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, cleanEnv } from '../helpers/cli.js';
import { callsOf, cs, json, makeCluster, startHarness, type Harness } from './helpers.js';
import { deleteClusterResult } from '../../src/results/schemas.js';

/**
 * Run the CLI on a real terminal (a pty from util-linux `script`, sized so live progress can
 * draw), typing `answer` at the prompt. Returns the exit code and everything the terminal showed.
 */
function onTerminal(h: Harness, args: string[], answer: string): Promise<{ code: number | null; screen: string }> {
  const command = ['stty cols 120 rows 40;', process.execPath, CLI_PATH, ...args].join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: cleanEnv(h.env),
  });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
  child.stdin.end(answer);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe('ackl2 delete cluster', () => {
  let h: Harness;
  /** Deletion takes ten minutes here: for --timeout and for "already being deleted". */
  let slow: Harness;

  beforeAll(async () => {
    [h, slow] = await Promise.all([startHarness(), startHarness({ durations: { clusterCreateMs: 80, clusterDeleteMs: 600_000 } })]);
  });
  afterAll(async () => {
    await Promise.all([h.close(), slow.close()]);
  });

  it('without a terminal and without --yes it refuses, naming --yes, and deletes nothing', async () => {
    const made = await makeCluster(h.sdk, 'no-yes');
    const r = await h.cli(['delete', 'cluster', 'no-yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing to change the cloud without confirmation');
    expect(r.stderr).toContain('ackl2 delete cluster no-yes --yes');
    expect(callsOf(h.emulator, 'DeleteCluster')).toBe(0);
    expect((await h.sdk.describeClusterDetail(made.clusterId)).body!.state).toBe('running');
  });

  it('on a terminal it asks first: "n" keeps the cluster, "y" deletes it', async () => {
    const made = await makeCluster(h.sdk, 'asked');
    const no = await onTerminal(h, ['delete', 'cluster', 'asked'], 'n\n');
    expect(no.code, no.screen).toBe(2);
    expect(no.screen).toContain(`Delete cluster asked (${made.clusterId}) in cn-hangzhou, with all its node pools and their 0 node(s)? This cannot be undone. [y/N]`);
    expect(no.screen).toContain('not confirmed; nothing was changed');
    expect(callsOf(h.emulator, 'DeleteCluster')).toBe(0);

    const yes = await onTerminal(h, ['delete', 'cluster', 'asked', '--wait'], 'y\n');
    expect(yes.code, yes.screen).toBe(0);
    expect(yes.screen).toContain(`cluster asked (${made.clusterId}) deleted`);
    expect(yes.screen).not.toContain(h.emulator.accessKeySecret);
    expect(callsOf(h.emulator, 'DeleteCluster')).toBe(1);
  });

  it('refuses a cluster under deletion protection with the exact way out, sending no DeleteCluster', async () => {
    const made = await makeCluster(h.sdk, 'guarded', { deletionProtection: true });
    const deleteCalls = callsOf(h.emulator, 'DeleteCluster');
    const r = await h.cli(['delete', 'cluster', 'guarded', '--yes', '--output', 'json']);
    expect(r.code).toBe(2);
    const doc = json(r);
    expect(doc.ok).toBe(false);
    expect(doc.error.message).toBe(`cluster guarded (${made.clusterId}) has deletion protection on; nothing was deleted`);
    expect(doc.error.hint).toContain(`aliyun cs PUT /api/v2/clusters/${made.clusterId} --region cn-hangzhou --header "Content-Type=application/json" --body '{"deletion_protection":false}'`);
    expect(doc.error.hint).toContain('Clusters > guarded > Basic Information > Deletion Protection');
    expect(callsOf(h.emulator, 'DeleteCluster')).toBe(deleteCalls);

    // The way out works: lift the protection as the hint says (ModifyCluster), and delete.
    await h.sdk.modifyCluster(made.clusterId, new cs.ModifyClusterRequest({ deletionProtection: false }));
    const again = await h.cli(['delete', 'cluster', 'guarded', '--yes', '--wait']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`cluster guarded (${made.clusterId}) deleted\n`);
    expect(callsOf(h.emulator, 'DeleteCluster')).toBe(deleteCalls + 1);
  });

  it('--yes --wait deletes and waits until it is gone; a rerun says it is already gone (exit 0)', async () => {
    const made = await makeCluster(h.sdk, 'doomed');
    const other = await makeCluster(h.sdk, 'keeper');
    const r = await h.cli(['delete', 'cluster', 'doomed', '--yes', '--wait', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toEqual({ ok: true, cluster: { name: 'doomed', id: made.clusterId, region: 'cn-hangzhou' }, action: 'deleted', taskId: expect.stringMatching(/^T-/) });
    expect(deleteClusterResult.safeParse(json(r)).success).toBe(true);
    expect(r.stderr).toMatch(/deletion of doomed submitted \(task T-/);

    const listed = json(await h.inProcess(['get', 'clusters', '-o', 'json'])); // a read-back: delete is the subject
    expect(listed.clusters.map((c: any) => c.name)).not.toContain('doomed');
    expect(listed.clusters.map((c: any) => c.name)).toContain('keeper');

    const deleteCalls = callsOf(h.emulator, 'DeleteCluster');
    const [byName, byId] = await Promise.all([h.cli(['delete', 'cluster', 'doomed', '--yes']), h.cli(['delete', 'cluster', made.clusterId, '--wait'])]);
    for (const rerun of [byName, byId]) {
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.stdout).toMatch(/not found in cn-hangzhou: nothing to delete \(already deleted\)\n$/);
    }
    expect(byName.stderr).toContain(`clusters in cn-hangzhou: keeper (${other.clusterId})`);
    expect(callsOf(h.emulator, 'DeleteCluster')).toBe(deleteCalls);
  });

  it('a deletion task that fails is exit 4 with the task, the cloud\'s reason and how to retry', async () => {
    const made = await makeCluster(h.sdk, 'flaky');
    // A one-shot fault through the emulator's control plane (plain HTTP is right there: not the cloud API).
    await fetch(`${h.emulator.endpoint}/_emulator/faults`, { method: 'POST', headers: { authorization: `Bearer ${h.emulator.token}` }, body: JSON.stringify({ spec: 'taskFail@DeleteCluster' }) });
    const r = await h.cli(['delete', 'cluster', 'flaky', '--yes', '--wait']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`error: deleting cluster flaky \\(${made.clusterId}\\) failed: ClusterDeleteFailed: failed to release cluster resources \\(emulated fault\\) \\(task T-[0-9a-f]+`));
    expect(r.stderr).toContain(`retry with: ackl2 delete cluster ${made.clusterId} --yes --wait`);
    expect(r.stderr).toContain(`left in place: cluster flaky (${made.clusterId})`);
  });

  it('without --wait it returns once the deletion is submitted', async () => {
    const made = await makeCluster(h.sdk, 'quick');
    const r = await h.cli(['delete', 'cluster', made.clusterId, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^cluster quick \\(${made.clusterId}\\) is being deleted \\(task T-[0-9a-f]+\\); add --wait to wait until it is gone\\n$`));
  });

  it('--timeout: exit 5, still deleting, and how to check; a rerun waits on the same deletion', async () => {
    const made = await makeCluster(slow.sdk, 'slow-one');
    const r = await slow.cli(['delete', 'cluster', 'slow-one', '--yes', '--wait', '--timeout', '600ms']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`error: cluster slow-one (${made.clusterId}) is still deleting after 600ms (--timeout); the deletion goes on in the cloud`);
    expect(r.stderr).toContain('check with: ackl2 get clusters');
    expect(r.stderr).toContain(`or wait again: ackl2 delete cluster ${made.clusterId} --wait`);
    expect((await slow.sdk.describeClusterDetail(made.clusterId)).body!.state).toBe('deleting');

    const deleteCalls = callsOf(slow.emulator, 'DeleteCluster');
    const rerun = await slow.cli(['delete', 'cluster', made.clusterId, '--wait', '--timeout', '300ms', '-o', 'json']);
    expect(rerun.code).toBe(5);
    expect(rerun.stderr).toContain('is already being deleted');
    expect(json(rerun)).toMatchObject({ ok: false, error: { type: 'TimeoutError', exitCode: 5 } });
    expect(callsOf(slow.emulator, 'DeleteCluster')).toBe(deleteCalls);
  });
});
