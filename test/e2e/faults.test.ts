/**
 * The unhappy paths through the built CLI: cloud faults end in success or a clear,
 * resumable error; bad input costs nothing (zero mutating calls) and names file:line:col;
 * no credentials, nothing listening: clear errors with the fix (no --yes in CI: test/e2e/confirmation.test.ts).
 */

import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { assertNoSecrets, jsonOf, mutating, NODE_PASSWORD, startCloud, writeProfile, type TestCloud } from './harness.js';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

const WEB = ['create', '-f', 'profiles/web.yaml', '--yes', '--output', 'json'];

function clustersNamed(c: TestCloud, name: string) {
  return Object.values(c.emulator.state().clusters).filter((x) => x.name === name);
}

/** Reruns until success; every failed run must say how to resume. */
async function runToConvergence(c: TestCloud, args: string[], maxRuns = 4) {
  const failures: string[] = [];
  for (let i = 0; i < maxRuns; i++) {
    const result = await c.run(args);
    if (result.code === 0) return { result, failures };
    expect([3, 4], result.stderr).toContain(result.code);
    expect(result.stderr).toMatch(/Resume with: ackl2 create|rerun/);
    failures.push(result.stderr);
  }
  throw new Error(`no success after ${maxRuns} runs:\n${failures.join('\n---\n')}`);
}

describe('cloud faults', () => {
  it('throttling, 5xx and dropped connections are retried quietly; the create succeeds once', async () => {
    cloud = await startCloud({ seed: 11, faults: 'throttle=0.12,unavailable=0.08,reset=0.05' });
    const { result } = await runToConvergence(cloud, WEB);
    const doc = jsonOf(result);
    expect(doc.ok).toBe(true);
    const calls = await cloud.calls();
    expect(calls.filter((c) => c.fault !== undefined).length).toBeGreaterThan(3);
    expect(clustersNamed(cloud, 'web-shop')).toHaveLength(1);
    const state = cloud.emulator.state();
    const clusterId = clustersNamed(cloud, 'web-shop')[0]!.id;
    expect(Object.values(state.nodePools).filter((p) => p.clusterId === clusterId).map((p) => p.name).sort()).toEqual(['ingress', 'web']);
    // handled quietly: no throttling noise without --debug
    expect(result.stderr).not.toMatch(/Throttling|ServiceUnavailable|ECONNRESET/);
  });

  it('a tight flow-control limit is absorbed by backoff, with throttles counted', async () => {
    cloud = await startCloud({ seed: 3, qps: 2, burst: 2 });
    const result = await cloud.run(WEB);
    expect(result.code, result.stderr).toBe(0);
    const doc = jsonOf(result);
    expect(doc.throttled).toBeGreaterThan(0);
    expect(doc.retries).toBeGreaterThanOrEqual(doc.throttled);
    expect((await cloud.calls()).some((c) => c.errorCode === 'Throttling.User')).toBe(true);
  });

  it('a failed pool task: exit 4 naming the operation, task, stage and cloud error; the rerun repairs the pool', async () => {
    cloud = await startCloud({ seed: 5, faults: 'taskFail@CreateClusterNodePool' });
    const result = await cloud.run(WEB);
    expect(result.code, result.stderr).toBe(4);
    const doc = jsonOf(result);
    expect(doc.ok).toBe(false);
    expect(doc.error).toMatchObject({ type: 'OperationFailed', exitCode: 4 });
    expect(doc.error.operation).toMatch(/^nodepool\/(web|ingress)$/);
    expect(doc.error.taskId).toBeTruthy();
    expect(doc.error.stage).toBeTruthy();
    expect(doc.error.message).toContain('NodePoolInitFailed');
    expect(doc.failed).toEqual([doc.error.operation]);
    expect(result.stderr).toContain(`error: ${doc.error.operation}:`);
    expect(result.stderr).toContain(`task ${doc.error.taskId}, stage ${doc.error.stage}`);
    expect(result.stderr).toContain('Resume with: ackl2 create -f profiles/web.yaml --yes');
    expect(result.stderr).toContain('ackl2 delete cluster web-shop');

    const rerun = await cloud.run(WEB);
    expect(rerun.code, rerun.stderr).toBe(0);
    const fixed = jsonOf(rerun);
    expect(fixed.nodePools.find((p: { name: string }) => `nodepool/${p.name}` === doc.error.operation)).toMatchObject({ state: 'active', action: 'repaired' });
    expect(clustersNamed(cloud, 'web-shop')).toHaveLength(1);
  });

  it('a failed cluster: exit 4 that says to delete it first; a rerun changes nothing and says the same', async () => {
    cloud = await startCloud({ seed: 6, faults: 'taskFail@CreateCluster' });
    const result = await cloud.run(['create', '-f', 'profiles/quickstart.yaml', '--yes']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toContain('error: cluster:');
    expect(result.stderr).toContain('ClusterInitFailed');
    expect(result.stderr).toContain('A failed cluster cannot be resumed: delete it (ackl2 delete cluster ackl2-quickstart)');
    await cloud.clearCalls();
    const rerun = await cloud.run(['create', '-f', 'profiles/quickstart.yaml', '--yes']);
    expect(rerun.code).toBe(4);
    expect(rerun.stderr).toContain('cannot be resumed');
    expect(mutating(await cloud.calls())).toEqual([]);
  });
});

const BAD_PROFILE = `apiVersion: ackl2/v1
kind: ClusterProfile
metadata:
  name: preflight-bad
  region: cn-hangzhou
cluster:
  kubernetesVersion: "1.28"
  deletionProtection: false
  network:
    vpcId: vpc-bp1ackl2demo0001
    vswitchIds: [vsw-bp1nodeh00001, vsw-bp1other00006]
    plugin: terway
    podVswitchIds: [vsw-bp1podh000004]
nodePools:
  - name: gpu
    instanceTypes: [ecs.gn6v-c8g1.2xlarge]
    vswitchIds: [vsw-bp1nodej00003]
    desiredSize: 1
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_19990101.vhd }
    login: { keyPair: no-such-key }
    join:
      instanceIds: [i-bp1stopped00001, i-bp1taken000001]
`;

describe('bad input costs nothing', () => {
  it('preflight reports every problem, located, and makes zero mutating calls', async () => {
    cloud = await startCloud();
    const file = writeProfile(BAD_PROFILE, 'bad.yaml');
    const result = await cloud.run(['create', '-f', file, '--yes']);
    expect(result.code, result.stderr).toBe(2);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith(`${file}:`));
    const expected: [string, string][] = [
      ['cluster.network.vswitchIds[1]', 'belongs to VPC vpc-bp1other000002'],
      ['nodePools[0].instanceTypes[0]', 'is not offered in cn-hangzhou-j'],
      ['nodePools[0].image.id', 'image aliyun_2_1903_x64_20G_alibase_19990101.vhd does not exist in cn-hangzhou'],
      ['nodePools[0].login.keyPair', 'key pair no-such-key does not exist'],
      ['nodePools[0].join.instanceIds[0]', 'is Stopped, not Running'],
      ['nodePools[0].join.instanceIds[1]', 'already belongs to cluster'],
    ];
    for (const [path, message] of expected) {
      expect(lines.some((l) => new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+ ${path.replace(/[[\]]/g, '\\$&')}: .*${message.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`).test(l)), `${path}: ${message}\n${result.stderr}`).toBe(true);
    }
    expect(result.stderr).toContain('nothing was created');
    expect(mutating(await cloud.calls())).toEqual([]);
  });

  // The same run rendered as JSON: the process's exit and output split are the test above's.
  it('the same with --output json: one document with every issue', async () => {
    cloud = await startCloud();
    const file = writeProfile(BAD_PROFILE, 'bad.yaml');
    const result = await cloud.inProcess(['create', '-f', file, '--yes', '--output', 'json']);
    expect(result.code).toBe(2);
    const doc = jsonOf(result);
    expect(doc.ok).toBe(false);
    expect(doc.error.issues.length).toBeGreaterThanOrEqual(6);
    expect(doc.error.issues.every((i: { location?: { line: number } }) => i.location && i.location.line > 0)).toBe(true);
    expect(mutating(await cloud.calls())).toEqual([]);
  });

  it('--require-pinned refuses unpinned pools offline, before any call', async () => {
    cloud = await startCloud();
    const result = await cloud.run(['create', '-f', 'profiles/quickstart.yaml', '--yes', '--require-pinned']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^profiles\/quickstart\.yaml:\d+:\d+ nodePools\[0\]\.image: pool "default" has no pinned image\.id/m);
    expect(result.stderr).toContain('ackl2 pin -f profiles/quickstart.yaml');
    expect(await cloud.calls()).toEqual([]);
  });

  it('a bad --timeout is refused before anything', async () => {
    cloud = await startCloud();
    const result = await cloud.run(['create', '-f', 'profiles/quickstart.yaml', '--yes', '--timeout', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--timeout "soon" is not a duration');
    expect(await cloud.calls()).toEqual([]);
  });
});

describe('no account needed until it is', () => {
  it('--dry-run prints the offline plan with no credentials at all', async () => {
    const result = await runCli(['create', '-f', 'profiles/web.yaml', '--dry-run', '--output', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { profile: string; operations: { id: string }[] };
    expect(doc.profile).toBe('web-shop');
    expect(doc.operations.map((o) => o.id)).toEqual(expect.arrayContaining(['cluster', 'nodepool/web', 'nodepool/ingress', 'join/web']));
  });

  it('without credentials: exit 2 naming the chain tried and how to configure one', async () => {
    cloud = await startCloud();
    const result = await cloud.run(['create', '-f', 'profiles/quickstart.yaml', '--yes'], {
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: undefined, ALIBABA_CLOUD_ACCESS_KEY_SECRET: undefined },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no Alibaba Cloud credentials found');
    expect(result.stderr).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(result.stderr).toContain('~/.aliyun/config.json');
    expect(result.stderr).toContain('aliyun configure');
    expect(await cloud.calls()).toEqual([]);
  });

  it('nothing listening at the endpoint: a connection failure (exit 6, not "the cloud refused"), saying where it tried and that nothing was left', async () => {
    cloud = await startCloud();
    const result = await cloud.run(['create', '-f', 'profiles/quickstart.yaml', '--yes'], { env: { ACKL2_ENDPOINT: 'http://127.0.0.1:9' } });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('cannot connect to http://127.0.0.1:9');
    expect(result.stderr).toContain('the request was not sent');
    expect(result.stderr).toContain('left in place: nothing');
  });
});

describe('secrets', () => {
  it('a node password from the environment reaches the API but never the output, even with --debug', async () => {
    cloud = await startCloud();
    const file = writeProfile(`apiVersion: ackl2/v1
kind: ClusterProfile
extends: [builtin:base]
metadata:
  name: secret-test
cluster:
  deletionProtection: false
nodePools:
  - name: pw
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 1
    login: { passwordFromEnv: NODE_PASSWORD }
    join:
      instanceIds: [i-bp1spare000005]
`);
    const result = await cloud.run(['create', '-f', file, '--yes', '--debug', '--output', 'json']);
    expect(result.code, result.stderr).toBe(0);
    // The pool goes inside CreateCluster (nodepools[]), its password with it.
    expect(result.stderr).toContain('debug: ack CreateCluster → 200');
    assertNoSecrets(result, [NODE_PASSWORD, cloud.emulator.accessKeySecret]);
    const missing = await cloud.run(['create', '-f', file, '--yes'], { env: { NODE_PASSWORD: undefined } });
    expect(missing.code).toBe(0); // exists already: nothing needs the password
    const fresh = writeProfile((await import('node:fs')).readFileSync(file, 'utf8').replace('secret-test', 'secret-test-2').replace('i-bp1spare000005', 'i-bp1spare000006'));
    const refused = await cloud.run(['create', '-f', fresh, '--yes'], { env: { NODE_PASSWORD: undefined } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/nodePools\[0\]\.login\.passwordFromEnv: environment variable NODE_PASSWORD is not set/);
  });
});
