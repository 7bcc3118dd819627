/** End to end through the built CLI (ACKL2_CLI): plan, scenarios, profiles. All offline. */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
import { loadProfile } from '../../src/profile/load.js';
import { REPO_ROOT, runCli, runCliInProcess } from '../helpers/cli.js';

let scratch: string;
/** An ESM loader hook that makes any @alicloud/* import fail, to prove a command never loads the SDKs. */
let noSdkHook: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ackl2-plan-cli-'));
  const hooks = join(scratch, 'no-sdk-hooks.mjs');
  writeFileSync(
    hooks,
    "export async function resolve(specifier, context, next) {\n  if (specifier.startsWith('@alicloud/')) throw new Error(`SDK imported: ${specifier}`);\n  return next(specifier, context);\n}\n",
  );
  noSdkHook = join(scratch, 'no-sdk.mjs');
  writeFileSync(noSdkHook, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs an offline command with the no-SDK hook: the tests below that use it also prove it loads no SDK. */
async function offline(args: string[]) {
  const result = await runCli(args, { env: { NODE_OPTIONS: `--import=${noSdkHook}` } });
  expect(result.stderr, `${args.join(' ')} imported an SDK`).not.toContain('SDK imported');
  return result;
}

describe('ackl2 plan', () => {
  it('prints the human plan of the quickstart, warnings on stderr', async () => {
    const result = await runCli(['plan', '-f', 'profiles/quickstart.yaml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Plan for "ackl2-quickstart" in cn-hangzhou: 2 operations/);
    expect(result.stdout).toContain('[1/2] cluster');
    expect(result.stdout).toContain('[2/2] nodepool/default  CreateClusterNodePool  POST /clusters/{cluster_id}/nodepools');
    expect(result.stdout).toContain('tunings     bbr (seed 2, 3.1)');
    expect(result.stdout).toContain('Order: 1) cluster  2) nodepool/default');
    expect(result.stderr).toContain('quickstart.yaml:41:5 nodePools[0].image: warning: pool "default" has no pinned image.id');
    expect(result.stdout).not.toContain('#!/bin/sh');
  });

  // The same on every run: the CLI's output is byte for byte what the planner gives this
  // process, at another time and in another process (a timestamp or a random id would differ).
  it('prints exactly the planner\'s JSON with --output json, the same on every run', async () => {
    const first = await offline(['plan', '-f', 'profiles/web.yaml', '--output', 'json']);
    expect(first.code).toBe(0);
    const document = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(['profile', 'region', 'operations']);
    const { profile } = await loadProfile('profiles/web.yaml', { cwd: REPO_ROOT });
    expect(first.stdout).toBe(`${JSON.stringify(planProfile(profile), null, 2)}\n`);
  });

  it('shows the decoded pre-join scripts with --show-scripts; in JSON mode on stderr only', async () => {
    const human = await offline(['plan', '-f', 'profiles/colocated-qos.yaml', '--show-scripts']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('--- pre-join script of nodepool/online ---\n#!/bin/sh\n');
    expect(human.stdout).toContain("--args='psi=1 psi_v1=1'");

    const json = await runCli(['plan', '-f', 'profiles/colocated-qos.yaml', '--show-scripts', '--output', 'json']);
    expect(json.code).toBe(0);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
    expect(json.stderr).toContain('--- pre-join script of nodepool/online ---');
  });

  it('plans for the --region given', async () => {
    // the document's content only (plan as a process: the tests above)
    const result = await runCliInProcess(['plan', '-f', 'profiles/quickstart.yaml', '--region', 'cn-shanghai', '--output', 'json']);
    const plan = JSON.parse(result.stdout) as { region: string; operations: Array<{ body: { region_id?: string } }> };
    expect(plan.region).toBe('cn-shanghai');
    expect(plan.operations[0]?.body.region_id).toBe('cn-shanghai');
  });

  it('refuses a profile whose scenario requirements fail, located in the file, before planning anything', async () => {
    const file = join(scratch, 'bad-sandbox.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: ackl2/v1',
        'kind: ClusterProfile',
        'metadata: { name: bad, region: cn-hangzhou }',
        'cluster:',
        '  kubernetesVersion: 1.28.15-aliyun.1',
        '  network:',
        '    vpcId: vpc-bp1ackl2demo0001',
        '    vswitchIds: [vsw-bp1nodeh00001]',
        '    podVswitchIds: [vsw-bp1podh000004]',
        'nodePools:',
        '  - name: tenants',
        '    instanceTypes: [ecs.g7.xlarge]',
        '    desiredSize: 1',
        '    dataDisks: [{ sizeGiB: 200 }]',
        '    login: { keyPair: ackl2-demo }',
        '    scenarios:',
        '      sandboxed: {}',
        '',
      ].join('\n'),
    );
    const result = await runCli(['plan', '-f', file, '--output', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:12:21 nodePools[0].instanceTypes[0]: sandboxed: runs only on ECS bare metal (ecs.ebm*); "ecs.g7.xlarge" is not`);
    expect(result.stderr).toContain(`${file}:17:7 nodePools[0].scenarios.sandboxed: sandboxed: runs only on ECS bare metal`);
    const document = JSON.parse(result.stdout) as { ok: boolean; error: { issues: unknown[] } };
    expect(document.ok).toBe(false);
    expect(document.error.issues.length).toBeGreaterThanOrEqual(2);
  });

  it('prints the CLI.md document for every file in profiles/, and refuses a base with one located issue', async () => {
    const names = readdirSync(join(REPO_ROOT, 'profiles')).filter((n) => n.endsWith('.yaml')).sort();
    expect(names.length).toBeGreaterThanOrEqual(6);
    const base = await runCli(['plan', '-f', 'profiles/bases/base.yaml', '--output', 'json']);
    expect(base.code).toBe(2);
    const baseDocument = JSON.parse(base.stdout) as { ok: boolean; error: { issues: Array<{ path: string[]; message: string; location: { line: number } }> } };
    expect(baseDocument.ok).toBe(false);
    expect(baseDocument.error.issues.map((i) => [i.path, i.location.line])).toEqual([[['kind'], 11]]);
    expect(baseDocument.error.issues[0]!.message).toContain('this is a base profile (kind: ClusterProfileBase)');
    expect(base.stderr).toContain('profiles/bases/base.yaml:11:7 kind: this is a base profile');
    // one run for them all: each entry of { plans } is the document a run of that file alone prints
    const all = await runCli(['plan', ...names.flatMap((name) => ['-f', `profiles/${name}`]), '--output', 'json']);
    expect(all.code, all.stderr).toBe(0);
    const { plans } = JSON.parse(all.stdout) as { plans: Record<string, unknown>[] };
    expect(plans).toHaveLength(names.length);
    for (const [i, name] of names.entries()) {
      const document = plans[i]!;
      expect(Object.keys(document), name).toEqual(['profile', 'region', 'operations']);
      const operations = document.operations as Array<Record<string, unknown>>;
      expect(operations[0]).toMatchObject({ id: 'cluster', api: 'CreateCluster', method: 'POST', path: '/clusters', dependsOn: [] });
      for (const op of operations) {
        // `inline: true` marks a node pool CreateCluster carries (src/plan/inline-pools.ts).
        expect(Object.keys(op), `${name} ${String(op.id)}`).toEqual(['id', 'api', 'method', 'path', 'body', 'dependsOn', ...(op.inline === true ? ['inline'] : [])]);
        if (op.inline !== undefined) expect(op).toMatchObject({ api: 'CreateClusterNodePool', inline: true });
        const pool = /^(nodepool|join)\/(.+)$/.exec(String(op.id));
        if (pool?.[1] === 'nodepool') {
          expect(op).toMatchObject({ api: 'CreateClusterNodePool', body: { nodepool_info: { name: pool[2] } } });
          // After the cluster, and after what its nodes' components read when they start (the eBPF conntrack config under DataPath V2).
          expect(op.dependsOn, `${name} ${String(op.id)}`).toEqual(name.includes('alinux3') && operations.some((o) => o.id === 'ebpf-conntrack') ? ['cluster', 'ebpf-conntrack'] : ['cluster']);
        }
        if (pool?.[1] === 'join') expect(op).toMatchObject({ api: 'AttachInstancesToNodePool', path: `/clusters/{cluster_id}/nodepools/{nodepool_id:${pool[2]}}/attach`, dependsOn: [`nodepool/${pool[2]}`] });
      }
    }
  });

  it('needs a -f (several files: test/commands/profile-files.e2e.test.ts)', async () => {
    const none = await runCli(['plan']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('error: no profile to plan');
  });
});

describe('ackl2 scenarios', () => {
  it('lists the catalogue as a table', async () => {
    const result = await runCli(['scenarios']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+SEED §\s+SCOPES\s+ON TODAY'S ACK$/);
    expect(lines.filter((l) => /^(terwayDataPathV2|bbr|sandboxed|fastScale|dnsConntrack|resourceQos|dataAcceleration|podSysctls|bfqIo)\s/.test(l))).toHaveLength(9);
    expect(result.stdout).toMatch(/sandboxed\s+3\.2\s+pool\s+1\.16 to 1\.34 only/);
  });

  it('gives the full catalogue with option JSON Schemas in JSON', async () => {
    const result = await offline(['scenarios', '--output', 'json']);
    const { scenarios } = JSON.parse(result.stdout) as { scenarios: Array<{ id: string; seedSection: string; scopes: string[]; sets: string[]; requires: string[]; options: { type: string; properties: Record<string, { default?: unknown }>; required?: string[] } }> };
    expect(scenarios.map((s) => s.id)).toEqual(['terwayDataPathV2', 'bbr', 'sandboxed', 'fastScale', 'dnsConntrack', 'resourceQos', 'dataAcceleration', 'podSysctls', 'bfqIo']);
    const byId = new Map(scenarios.map((s) => [s.id, s]));
    expect(byId.get('dnsConntrack')?.options.properties.udpTimeoutSeconds?.default).toBe(10);
    expect(byId.get('podSysctls')?.options.properties.allow?.default).toEqual(['net.ipv4.tcp_keepalive_*']);
    expect(byId.get('sandboxed')?.scopes).toEqual(['pool']);
    for (const scenario of scenarios) expect(scenario.options.type, scenario.id).toBe('object');
  });
});

describe('ackl2 validate on profiles/', () => {
  it('passes every file there as a complete profile, and the partial base in profiles/bases/ as a base', async () => {
    const names = readdirSync(join(REPO_ROOT, 'profiles'), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
    expect(names.every((n) => n.endsWith('.yaml'))).toBe(true);
    const files = [...names.map((n) => `profiles/${n}`), 'profiles/bases/base.yaml'];
    const result = await runCli(['validate', '--output', 'json', ...files.flatMap((f) => ['-f', f])]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as { ok: boolean; files: Array<{ file: string; valid: boolean; kind: string; issues: Array<{ severity: string }> }> };
    expect(document.ok).toBe(true);
    expect(document.files.map((f) => [f.file, f.valid, f.kind])).toEqual(files.map((f) => [f, true, f.includes('/bases/') ? 'base' : 'profile']));
    for (const file of document.files) expect(file.issues.filter((i) => i.severity === 'error'), file.file).toEqual([]);
    const human = await runCli(['validate', '-f', 'profiles/bases/base.yaml']);
    expect(human.stdout).toBe('✔ profiles/bases/base.yaml: valid base profile (extend it; it is not planned on its own)\n');
  });
});

describe('ackl2 profiles', () => {
  it('lists the ready-made profiles with a one-line description', async () => {
    const result = await offline(['profiles']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^NAME\s+KIND\s+OS\s+CATALOGUE\s+SCENARIOS\s+DESCRIPTION\n/);
    expect(result.stdout).toMatch(/\nquickstart\s+profile\s+AliyunLinux2\s+2024-03\s+bbr\s+Quickstart: one small cluster/);
    expect(result.stdout).toMatch(/\nbase\s+base\s+-\s+2024-03\s+-\s+Base \(partial\)/);
  });

  it('prints one profile\'s path for scripts, and plans it', async () => {
    const result = await runCli(['profiles', '--path', 'quickstart']);
    expect(result.code).toBe(0);
    const path = result.stdout.trim();
    // The built CLI may live outside the checkout (ACKL2_DIST), with profiles/ linked beside it.
    expect(realpathSync(path)).toBe(realpathSync(join(REPO_ROOT, 'profiles', 'quickstart.yaml')));
    expect(existsSync(path)).toBe(true);
    expect((await runCliInProcess(['plan', '-f', path])).code).toBe(0); // a read-back: the path is a profile that plans
    expect(realpathSync((await runCli(['profiles', '--path', 'builtin:web'])).stdout.trim())).toBe(realpathSync(join(REPO_ROOT, 'profiles', 'web.yaml')));
  });

  it('names the choices for an unknown profile', async () => {
    const result = await runCli(['profiles', '--path', 'quikstart']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: no ready-made profile named "quikstart"');
    expect(result.stderr).toContain('choose one of: ai-training, ai-training-alinux3, autoscaling, autoscaling-alinux3, base, colocated-qos, colocated-qos-alinux3, quickstart, quickstart-alinux3, sandboxed, sandboxed-alinux3, web, web-alinux3');
  });
});

describe('offline commands', () => {
  it('the no-SDK hook does stop an SDK import', () => {
    const result = spawnSync(process.execPath, ['--import', noSdkHook, '--input-type=module', '-e', "await import('@alicloud/cs20151215')"], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('SDK imported: @alicloud/cs20151215');
  });

  // plan (JSON and --show-scripts), scenarios and profiles run with the hook above (offline())
});
