/**
 * The declarative lifecycle end to end (built CLI, emulator): `diff` names what differs,
 * `apply` changes it in place per change kind and converges, a rerun sends nothing; rolling
 * image and OS changes go batch by batch and resume after kill -9; prune, `nodepool delete`
 * and `delete cluster --disable-protection`.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, mutating, spawnCli, startCloud, STEP_MS, writeProfile, type TestCloud } from './harness.js';

const AL2_OLD = 'aliyun_2_1903_x64_20G_alibase_20240326.vhd';
const AL2_NEW = 'aliyun_2_1903_x64_20G_alibase_20240628.vhd';
const AL3 = 'aliyun_3_x64_20G_alibase_20240819.vhd';

interface PoolText {
  name: string;
  size?: number;
  image?: string;
  os?: string;
  extra?: string;
}

function profile(name: string, pools: PoolText[], cluster = 'deletionProtection: false', version = '1.28.9-aliyun.1'): string {
  return `apiVersion: ackl2/v1
kind: ClusterProfile
extends: [builtin:base]
metadata: { name: ${name}, tags: { env: demo } }
cluster: { ${cluster}, kubernetesVersion: ${version} }
nodePools:
${pools
  .map(
    (p) => `  - name: ${p.name}
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: ${p.size ?? 1}
    image: { os: ${p.os ?? 'AliyunLinux2'}, id: ${p.image ?? AL2_NEW} }
    login: { keyPair: ackl2-demo }
${p.extra ?? ''}`,
  )
  .join('')}`;
}

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startCloud();
});
afterAll(async () => {
  await cloud.close();
});

const poolsOf = (name: string) => {
  const state = cloud.emulator.state();
  const cluster = Object.values(state.clusters).find((c) => c.name === name && c.state !== 'deleted');
  const pools = Object.values(state.nodePools).filter((p) => p.clusterId === cluster?.id);
  return { state, cluster, pools, pool: (n: string) => pools.find((p) => p.name === n)! };
};
const nodeImages = (name: string, pool: string) => {
  const { state, pool: find } = poolsOf(name);
  const id = find(pool).id;
  return Object.values(state.nodes).filter((n) => n.nodepoolId === id).map((n) => n.imageId);
};

// Setting up a cluster and reading the result back are not what these tests are about: they
// run the built CLI in-process (test/helpers/cli.ts); every diff, apply and delete a test is
// about runs as a process.
async function create(file: string): Promise<void> {
  const made = await cloud.inProcess(['create', '-f', file, '--yes', '--output', 'json']);
  expect(made.code, made.stderr).toBe(0);
}

async function diffIsClean(file: string): Promise<void> {
  const after = await cloud.inProcess(['diff', '-f', file, '--exit-code']);
  expect(after.code, after.stdout + after.stderr).toBe(0);
}

// Each scenario is a sequence of CLI runs on one cluster: one test per step (tests of a file
// run in order), so a slow machine stretches steps, not one test past its timeout.
describe('diff and apply, step by step on one cluster', () => {
  const file = writeProfile(profile('lc-edit', [{ name: 'web' }, { name: 'batch' }]));

  it('diff of a cluster as the profile made it exits 0', async () => {
    await create(file);
    const clean = await cloud.run(['diff', '-f', file, '--exit-code']);
    expect(clean.code, clean.stderr + clean.stdout).toBe(0);
    expect(clean.stdout).toContain('lc-edit in cn-hangzhou matches the profile');
  });

  it('diff names each changed field and exits 1', async () => {
    writeFileSync(
      file,
      profile(
        'lc-edit',
        [
          {
            name: 'web',
            size: 2,
            extra: '    labels: { tier: web }\n    taints: [{ key: dedicated, value: web, effect: NoSchedule }]\n    kubelet: { maxPods: 64 }\n    sysctls: { net.core.somaxconn: "32768" }\n',
          },
          { name: 'batch', size: 2, extra: '    labels: { tier: batch }\n' },
        ],
        'deletionProtection: true',
      ).replace('tags: { env: demo }', 'tags: { env: demo, team: shop }'),
    );
    const diff = await cloud.run(['diff', '-f', file, '--exit-code', '--output', 'json']);
    expect(diff.code).toBe(1);
    const report = jsonOf(diff);
    const differs = report.resources.flatMap((r: any) => r.fields.filter((f: any) => f.status === 'differs').map((f: any) => `${r.operation} ${f.field}`));
    expect(differs.sort()).toEqual(
      [
        'cluster deletionProtection',
        'cluster tags',
        'nodepool/batch desiredSize',
        'nodepool/batch labels',
        'nodepool/batch tags',
        'nodepool/web desiredSize',
        'nodepool/web kubelet.maxPods',
        'nodepool/web labels',
        'nodepool/web osParameters.net.core.somaxconn',
        'nodepool/web tags',
        'nodepool/web taints',
      ].sort(),
    );
  });

  it('create does not claim a match: it names the differences and the command that applies them', async () => {
    const rerun = await cloud.run(['create', '-f', file, '--yes']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('exists but differs from the profile');
    expect(rerun.stderr).toContain('nodepool/web desiredSize: 1 -> 2');
    expect(rerun.stderr).toContain(`apply the differences with: ackl2 apply -f ${file}`);
    // The pool's OS parameters are a planned create step (os-parameters/web): the rerun set them.
    expect(poolsOf('lc-edit').pool('web').spec.node_config).toMatchObject({ node_os_config: { sysctl: { 'net.core.somaxconn': '32768' } } });
  });

  it('apply changes them in place with one call per kind of change, pools in parallel', async () => {
    await cloud.clearCalls();
    const applied = await cloud.run(['apply', '-f', file, '--yes', '--output', 'json']);
    expect(applied.code, applied.stderr).toBe(0);
    const calls = await cloud.calls();
    const actions = mutating(calls).map((c) => c.action).sort();
    expect(actions).toEqual(['ModifyCluster', 'ModifyClusterNodePool', 'ModifyClusterNodePool', 'ModifyClusterTags', 'ModifyNodePoolNodeConfig']);
    // The pools' waits share one listing of the cluster's tasks per tick, and follow ACKL2_POLL
    // (10 ms here); the cloud's own schedule never waits under 1 s.
    const polls = calls.filter((c) => c.action === 'DescribeClusterTasks').map((c) => Date.parse(c.time));
    expect(polls.length).toBeGreaterThan(2);
    expect(Math.min(...polls.slice(1).map((t, i) => t - polls[i]!))).toBeLessThan(500);
    // The listing said when each pool change was over: no task of theirs was read on its own.
    const poolTasks = jsonOf(applied).updates.applied.filter((a: any) => a.operation !== 'update/cluster').flatMap((a: any) => a.taskIds as string[]);
    expect(poolTasks).toHaveLength(3);
    expect(calls.filter((c) => c.action === 'DescribeTaskInfo' && poolTasks.some((t: string) => c.path.includes(t)))).toEqual([]);
    const { cluster, pool } = poolsOf('lc-edit');
    expect(cluster?.deletionProtection).toBe(true);
    expect(cluster?.tags).toContainEqual({ key: 'team', value: 'shop' });
    expect(pool('web').desiredSize).toBe(2);
    expect(pool('web').spec.node_config).toMatchObject({ kubelet_configuration: { maxPods: 64 } });
    expect(pool('batch').spec.kubernetes_config).toMatchObject({ labels: [{ key: 'tier', value: 'batch' }] });
    expect(jsonOf(applied).updates.applied.map((a: any) => a.operation).sort()).toEqual(['update/batch', 'update/cluster', 'update/web']);
  });

  it('then diff is clean', async () => {
    await diffIsClean(file);
  });

  it('and a rerun of apply sends nothing', async () => {
    await cloud.clearCalls();
    const again = await cloud.run(['apply', '-f', file, '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('nothing to change in place');
    const calls = await cloud.calls();
    expect(mutating(calls)).toEqual([]);
    // The in-place diff reuses discovery's pool list (nothing was created in between): one each.
    expect(calls.filter((c) => c.action === 'DescribeClusterNodePools')).toHaveLength(1);
    expect(calls.filter((c) => c.action === 'DescribeClusterDetail')).toHaveLength(1);
  });

  it('a tag dropped from the profile stays live: diff reports it as live only and exits 1', async () => {
    writeFileSync(file, readFileSync(file, 'utf8').replace('tags: { env: demo, team: shop }', 'tags: { env: demo }'));
    // the fields (a rendering: in-process); the exit code and hints below, as a process
    const diff = await cloud.inProcess(['diff', '-f', file, '--exit-code', '--output', 'json']);
    expect(diff.code, diff.stderr).toBe(1);
    const liveOnly = jsonOf(diff).resources.flatMap((r: any) => r.fields.filter((f: any) => f.field === 'liveOnlyTags').map((f: any) => `${r.operation} ${f.have}`));
    expect(liveOnly.sort()).toEqual(['cluster {"team":"shop"}', 'nodepool/batch {"team":"shop"}', 'nodepool/web {"team":"shop"}']);
    const table = await cloud.run(['diff', '-f', file, '--exit-code']);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain(`remove tags not in the profile with: ackl2 apply -f ${file} --prune`);
    expect(table.stderr).toContain(`apply it with: ackl2 apply -f ${file} --prune`);
  });

  it('apply keeps live-only tags and says so, without a call', async () => {
    await cloud.clearCalls();
    const kept = await cloud.run(['apply', '-f', file, '--yes', '--output', 'json']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(mutating(await cloud.calls())).toEqual([]);
    expect(kept.stderr).toContain('cluster tags {"team":"shop"}: live, not in the profile; kept (apply --prune removes them)');
    expect(jsonOf(kept).updates.kept).toHaveLength(3);
    expect(poolsOf('lc-edit').cluster?.tags).toContainEqual({ key: 'team', value: 'shop' });
  });

  it('apply --prune removes them; then diff is clean', async () => {
    const pruned = await cloud.run(['apply', '-f', file, '--prune', '--yes']);
    expect(pruned.code, pruned.stderr).toBe(0);
    const { cluster, pool } = poolsOf('lc-edit');
    expect(cluster?.tags.map((t) => t.key)).not.toContain('team');
    expect(cluster?.tags).toContainEqual({ key: 'env', value: 'demo' });
    expect((pool('web').spec.scaling_group as any).tags.map((t: any) => t.key)).not.toContain('team');
    await diffIsClean(file);
  });
});

describe('deletion protection and confirmation', () => {
  it('delete cluster refuses under deletion protection; --disable-protection lifts it through ModifyCluster, then deletes', async () => {
    const file = writeProfile(profile('lc-guarded', [{ name: 'web' }], 'deletionProtection: true'));
    await create(file);
    const refused = await cloud.run(['delete', 'cluster', 'lc-guarded', '--yes', '--region', 'cn-hangzhou']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--disable-protection');
    await cloud.clearCalls();
    const gone = await cloud.run(['delete', 'cluster', 'lc-guarded', '--yes', '--disable-protection', '--wait', '--region', 'cn-hangzhou']);
    expect(gone.code, gone.stderr).toBe(0);
    expect(mutating(await cloud.calls()).map((c) => c.action)).toEqual(['ModifyCluster', 'DeleteCluster']);
    expect(poolsOf('lc-guarded').cluster).toBeUndefined();
  });

  const confirmFile = writeProfile(profile('lc-confirm', [{ name: 'web' }]));

  it('(a cluster to change)', async () => {
    await create(confirmFile);
  });

  it('without a terminal, apply refuses to change anything unless --yes is given', async () => {
    const file = confirmFile;
    writeFileSync(file, readFileSync(file, 'utf8').replace('desiredSize: 1', 'desiredSize: 2'));
    await cloud.clearCalls();
    // Against a served emulator (not --emulator) the CLI treats the endpoint as a cloud.
    const refused = await cloud.run(['apply', '-f', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refusing to change the cloud without confirmation');
    expect(mutating(await cloud.calls())).toEqual([]);
  });

});

describe('live pools absent from the profile, step by step', () => {
  const file = writeProfile(profile('lc-prune', [{ name: 'web' }, { name: 'old' }, { name: 'spare' }]));

  it('(a cluster with three pools)', async () => {
    await create(file);
  });

  it('are reported by diff, with the command that deletes them', async () => {
    writeFileSync(file, profile('lc-prune', [{ name: 'web' }]));
    const diff = await cloud.run(['diff', '-f', file, '--exit-code']);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('! nodepool/old');
    expect(diff.stdout).toContain(`apply -f ${file} --prune`);
  });

  it('nodepool delete deletes one; a rerun finds it gone and exits 0', async () => {
    const deleted = await cloud.run(['nodepool', 'delete', '--cluster', 'lc-prune', '--pool', 'spare', '--yes', '--region', 'cn-hangzhou']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(poolsOf('lc-prune').pools.map((p) => p.name).sort()).toEqual(['old', 'web']);
    const again = await cloud.run(['nodepool', 'delete', '--cluster', 'lc-prune', '--pool', 'spare', '--yes', '--region', 'cn-hangzhou']);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(again.stdout).toContain('already deleted');
  });

  it('apply keeps them without --prune and says so', async () => {
    const kept = await cloud.run(['apply', '-f', file, '--yes']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain('live pools not in the profile (kept; --prune deletes them): old');
    expect(poolsOf('lc-prune').pools.map((p) => p.name).sort()).toEqual(['old', 'web']);
  });

  it('apply --prune deletes them; then diff is clean', async () => {
    const pruned = await cloud.run(['apply', '-f', file, '--yes', '--prune']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(poolsOf('lc-prune').pools.map((p) => p.name)).toEqual(['web']);
    await diffIsClean(file);
  });
});

describe('rolling changes', () => {
  const rollFile = writeProfile(profile('lc-roll', [{ name: 'web', size: 4, image: AL2_OLD, extra: '    rollingPolicy: { maxUnavailable: 2 }\n' }]));

  it('kill -9 during a rolling image upgrade leaves the rollout running in the cloud', async () => {
    // Slow replacements (120 virtual seconds, i.e. API calls, a batch) so the kill lands mid-rollout.
    await cloud.close();
    cloud = await startCloud({ durations: { nodeReplaceMs: 120_000 } });
    await create(rollFile);
    expect(nodeImages('lc-roll', 'web')).toEqual([AL2_OLD, AL2_OLD, AL2_OLD, AL2_OLD]);
    writeFileSync(rollFile, readFileSync(rollFile, 'utf8').replace(AL2_OLD, AL2_NEW));

    await cloud.clearCalls();
    const { child, done } = spawnCli(['apply', '-f', rollFile, '--yes'], cloud.env);
    for (const deadline = Date.now() + 40_000; Date.now() < deadline; ) {
      if ((await cloud.calls()).some((c) => c.action === 'UpgradeClusterNodepool' && c.status < 300)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await done;
    expect((await cloud.calls()).filter((c) => c.action === 'UpgradeClusterNodepool')).toHaveLength(1);
    expect(poolsOf('lc-roll').pool('web').state).toBe('upgrading');
    expect(nodeImages('lc-roll', 'web')).toContain(AL2_OLD);
  });

  it('a rerun waits for that rollout instead of starting another, batch by batch (rollingPolicy.maxUnavailable), and converges', async () => {
    const resumed = await cloud.run(['apply', '-f', rollFile, '--yes']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await cloud.calls()).filter((c) => c.action === 'UpgradeClusterNodepool')).toHaveLength(1);
    expect(nodeImages('lc-roll', 'web')).toEqual([AL2_NEW, AL2_NEW, AL2_NEW, AL2_NEW]);
    const task = Object.values(cloud.emulator.state().tasks).find((t) => t.type === 'nodepool_upgrade');
    expect(task?.parameters).toMatchObject({ max_parallelism: 2, batches: 2 });
    await diffIsClean(rollFile);
  });

  it('follows a rollout batch by batch in its progress', async () => {
    // Back to the emulator's usual replacement time: the slow one was for the kill above.
    const slow = cloud;
    cloud = await startCloud({ from: slow });
    await slow.close();
    const file = writeProfile(profile('lc-batches', [{ name: 'web', size: 3, image: AL2_OLD }]));
    await create(file);
    writeFileSync(file, readFileSync(file, 'utf8').replace(AL2_OLD, AL2_NEW));
    const applied = await cloud.run(['apply', '-f', file, '--yes', '--events']);
    expect(applied.code, applied.stderr).toBe(0);
    const messages = applied.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l).message as string);
    const replaced = messages.filter((m) => /node\(s\) replaced/.test(m));
    expect(replaced.length).toBeGreaterThanOrEqual(2);
    expect(replaced[replaced.length - 1]).toMatch(/[23]\/3 node\(s\) replaced/);
  });

  // Created one minor below the newest of catalogue 2024-03 (the harness default), so the last step has an upgrade ACK offers.
  const osFile = writeProfile(profile('lc-os', [{ name: 'web', size: 2 }], 'deletionProtection: false', '1.26.3-aliyun.1'));

  it('AliyunLinux2 -> AliyunLinux3 rolls the live pool by system-disk replacement', async () => {
    const file = osFile;
    await create(file);
    writeFileSync(file, profile('lc-os', [{ name: 'web', size: 2, os: 'AliyunLinux3', image: AL3 }], 'deletionProtection: false', '1.26.3-aliyun.1'));
    const diff = jsonOf(await cloud.inProcess(['diff', '-f', file, '--output', 'json']));
    const web = diff.resources.find((r: any) => r.operation === 'nodepool/web');
    expect(web.fields.find((f: any) => f.field === 'image.os')).toMatchObject({ want: 'AliyunLinux3', have: 'AliyunLinux', status: 'differs', change: 'replace-os' });

    await cloud.clearCalls();
    const applied = await cloud.run(['apply', '-f', file, '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    const call = (await cloud.calls()).find((c) => c.action === 'UpgradeClusterNodepool');
    expect(call).toBeDefined();
    expect(nodeImages('lc-os', 'web')).toEqual([AL3, AL3]);
    expect(poolsOf('lc-os').pool('web').spec.scaling_group).toMatchObject({ image_type: 'AliyunLinux3', image_id: AL3 });
  });

  it('a new Kubernetes version upgrades the control plane, then the pool after it', async () => {
    const file = osFile;
    writeFileSync(file, profile('lc-os', [{ name: 'web', size: 2, os: 'AliyunLinux3', image: AL3 }], 'deletionProtection: false', '"1.28"'));
    await cloud.clearCalls();
    const upgraded = await cloud.run(['apply', '-f', file, '--yes']);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(poolsOf('lc-os').cluster?.kubernetesVersion).toBe('1.28.9-aliyun.1');
    // The control plane first, then the pool's nodes follow it.
    expect(mutating(await cloud.calls()).map((c) => c.action)).toEqual(['UpgradeCluster', 'UpgradeClusterNodepool']);
    expect(poolsOf('lc-os').pool('web').kubeletVersion).toBe('1.28.9-aliyun.1');
    await diffIsClean(file);
  });
});

describe('concurrency', () => {
  it('two applies of one profile at the same time converge to the profile', async () => {
    const file = writeProfile(profile('lc-twice', [{ name: 'web' }, { name: 'batch' }]));
    await create(file);
    writeFileSync(file, profile('lc-twice', [{ name: 'web', size: 2, extra: '    labels: { a: b }\n' }, { name: 'batch', size: 2 }]));
    const [a, b] = await Promise.all([cloud.run(['apply', '-f', file, '--yes']), cloud.run(['apply', '-f', file, '--yes'])]);
    // The loser of a race meets a busy pool (ErrorNodePoolState), waits, and sends its change again.
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    await diffIsClean(file);
    expect(poolsOf('lc-twice').pools.map((p) => `${p.name}:${p.desiredSize}`).sort()).toEqual(['batch:2', 'web:2']);
  });
});

describe('node settings in one roll', () => {
  const file = writeProfile(profile('lc-tune', [{ name: 'web' }]));

  it('(a cluster with an untuned pool)', async () => {
    await create(file);
  });

  it('OS parameters and kubelet settings that both differ go in one ModifyNodePoolNodeConfig', async () => {
    writeFileSync(file, profile('lc-tune', [{ name: 'web', extra: '    kubelet: { maxPods: 64 }\n    sysctls: { net.core.somaxconn: "32768" }\n' }]));
    await cloud.clearCalls();
    const applied = await cloud.run(['apply', '-f', file, '--yes', '--output', 'json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(mutating(await cloud.calls()).map((c) => c.action)).toEqual(['ModifyNodePoolNodeConfig']);
    expect(poolsOf('lc-tune').pool('web').spec.node_config).toMatchObject({ kubelet_configuration: { maxPods: 64 }, node_os_config: { sysctl: { 'net.core.somaxconn': '32768' } } });
    const doc = jsonOf(applied);
    expect(doc.updates.applied.map((a: any) => `${a.operation} ${a.action}`)).toEqual(['update/web updated']);
    // The OS parameters were set by this run (with the pool's update), not found set.
    expect(doc.created).toContain('os-parameters/web');
    expect(doc.found).not.toContain('os-parameters/web');
    await diffIsClean(file);
  });
});

describe('a failed apply', () => {
  const file = writeProfile(profile('lc-fail', [{ name: 'web' }, { name: 'batch' }]));

  it('(a cluster with two pools)', async () => {
    await create(file);
  });

  it('says in its -o json what it applied before the failure', async () => {
    writeFileSync(file, profile('lc-fail', [{ name: 'web', size: 2 }, { name: 'batch', size: 2 }]));
    await cloud.faults('taskFail@ModifyClusterNodePool');
    const applied = await cloud.run(['apply', '-f', file, '--yes', '--output', 'json']);
    expect(applied.code).not.toBe(0);
    const doc = jsonOf(applied);
    expect(doc.ok).toBe(false);
    expect(doc.error.message).toMatch(/update\/(web|batch)/);
    expect(doc.updates.changed).toBe(true);
    expect(doc.updates.applied.map((a: any) => a.action).sort()).toEqual(['failed', 'updated']);
    for (const a of doc.updates.applied) expect(a.taskIds).toHaveLength(1);
  });

  it('a rerun applies the rest', async () => {
    const again = await cloud.run(['apply', '-f', file, '--yes', '--output', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(poolsOf('lc-fail').pools.map((p) => `${p.name}:${p.desiredSize}`).sort()).toEqual(['batch:2', 'web:2']);
  });

  it('timed out, it lists the change under way as pending, with its task', async () => {
    writeFileSync(file, profile('lc-fail', [{ name: 'web', size: 3 }, { name: 'batch', size: 2 }]));
    cloud.step(0); // time stands still: the scale-out does not finish before --timeout
    try {
      const applied = await cloud.run(['apply', '-f', file, '--yes', '--timeout', '2s', '--output', 'json']);
      expect(applied.code).toBe(5);
      const doc = jsonOf(applied);
      expect(doc.ok).toBe(false);
      expect(doc.updates.changed).toBe(true);
      expect(doc.updates.applied).toEqual([{ operation: 'update/web', action: 'pending', taskIds: [expect.any(String)] }]);
    } finally {
      cloud.step(STEP_MS);
    }
  });
});
