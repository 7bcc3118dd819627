/**
 * `ackl2 kubeconfig` through the built CLI: merge into ~/.kube/config (or $KUBECONFIG's first
 * file) keeping everything else, idempotent, mode 0600 in a 0700 directory, readable by
 * kubectl; `--write` alone; the credentials never on stdout/stderr unless `--write -`.
 */

import { execFile, execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { callsOf, cs, json, makeCluster, startHarness, type Harness, type MadeCluster } from './helpers.js';

const exec = promisify(execFile);

/** What `kubectl config view` makes of a file (it fails on anything it cannot load). */
async function kubectlView(file: string, extra: string[] = []): Promise<any> {
  const { stdout } = await exec('kubectl', ['config', 'view', '--kubeconfig', file, '-o', 'json', ...extra], { env: { ...process.env, KUBECONFIG: '' } });
  return JSON.parse(stdout);
}

const mode = (path: string) => statSync(path).mode & 0o777;

/** A kubeconfig as kubectl writes it, with another cluster the merge must keep. */
const OTHER_KUBECONFIG = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: T1RIRVItQ0E=
    server: https://10.1.2.3:6443
  name: other
contexts:
- context:
    cluster: other
    namespace: team
    user: other-admin
  name: other
current-context: other
kind: Config
preferences: {}
users:
- name: other-admin
  user:
    token: other-token-value
`;

describe('ackl2 kubeconfig', () => {
  let h: Harness;
  let pub: MadeCluster;
  let priv: MadeCluster;
  /** The secret parts ACK returns (the emulator's are fixed per cluster). */
  let secrets: string[];

  beforeAll(async () => {
    h = await startHarness();
    [pub, priv] = await Promise.all([makeCluster(h.sdk, 'shop-prod', { publicAccess: true }), makeCluster(h.sdk, 'vpc-only')]);
    const raw = parseYaml((await h.sdk.describeClusterUserKubeconfig(pub.clusterId, new cs.DescribeClusterUserKubeconfigRequest({}))).body!.config!);
    secrets = [raw.users[0].user['client-key-data'], raw.users[0].user['client-certificate-data'], raw.clusters[0].cluster['certificate-authority-data'], raw.users[0].user.token];
    expect(secrets.every((s) => typeof s === 'string' && s.length > 20)).toBe(true);
  });
  afterAll(() => h.close());

  const noSecrets = (text: string) => {
    for (const secret of secrets) expect(text).not.toContain(secret);
  };

  it('creates ~/.kube (0700) and config (0600), sets the current context, and kubectl reads it', async () => {
    const r = await h.cli(['kubeconfig', '--cluster', 'shop-prod']);
    expect(r.code, r.stderr).toBe(0);
    noSecrets(r.stdout + r.stderr);
    const file = join(h.home, '.kube', 'config');
    expect(r.stdout).toContain(`added context shop-prod.cn-hangzhou for cluster shop-prod (${pub.clusterId}) in ${file}`);
    expect(r.stdout).toContain('current context: shop-prod.cn-hangzhou');
    expect(mode(join(h.home, '.kube'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);

    const view = await kubectlView(file);
    expect(view['current-context']).toBe('shop-prod.cn-hangzhou');
    expect(view.clusters).toEqual([{ name: 'shop-prod.cn-hangzhou', cluster: { server: `${h.emulator.endpoint}/_kube/${pub.clusterId}`, 'certificate-authority-data': 'DATA+OMITTED' } }]);
    expect(view.contexts).toEqual([{ name: 'shop-prod.cn-hangzhou', context: { cluster: 'shop-prod.cn-hangzhou', user: 'shop-prod.cn-hangzhou' } }]);
    // --raw shows the credentials ACK returned, intact.
    const raw = await kubectlView(file, ['--raw']);
    expect(raw.users[0].user['client-key-data']).toBe(secrets[0]);
  });

  it('merges into an existing kubeconfig: keeps other entries and their current context, twice gives the same bytes', async () => {
    const dir = join(h.home, 'merge');
    mkdirSync(dir);
    const file = join(dir, 'config');
    writeFileSync(file, OTHER_KUBECONFIG, { mode: 0o644 });
    const env = { KUBECONFIG: `${file}:${join(h.home, 'second-config')}` };

    const first = await h.cli(['kubeconfig', '--cluster', pub.clusterId, '-o', 'json'], { env });
    expect(first.code, first.stderr).toBe(0);
    noSecrets(first.stdout + first.stderr);
    expect(json(first)).toMatchObject({ file, merged: true, replaced: false, context: 'shop-prod.cn-hangzhou', currentContext: 'other', endpoint: 'public' });
    const once = readFileSync(file, 'utf8');
    expect(mode(file)).toBe(0o600);

    const second = await h.cli(['kubeconfig', '--cluster', 'shop-prod'], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('updated context shop-prod.cn-hangzhou');
    expect(second.stdout).toContain('the current context stays other; switch with: kubectl config use-context shop-prod.cn-hangzhou');
    expect(readFileSync(file, 'utf8')).toBe(once);

    // Only the first $KUBECONFIG path is written; kubectl format (flush sequences) is kept.
    expect(() => statSync(join(h.home, 'second-config'))).toThrow();
    expect(once.startsWith('apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: T1RIRVItQ0E=\n    server: https://10.1.2.3:6443\n  name: other\n- name: shop-prod.cn-hangzhou\n')).toBe(true);

    const view = await kubectlView(file, ['--raw']);
    expect(view['current-context']).toBe('other');
    expect(view.clusters.map((c: any) => c.name)).toEqual(['other', 'shop-prod.cn-hangzhou']);
    expect(view.users.map((u: any) => u.name)).toEqual(['other-admin', 'shop-prod.cn-hangzhou']);
    expect(view.users[0].user.token).toBe('other-token-value');
    expect(view.contexts.find((c: any) => c.name === 'other').context).toEqual({ cluster: 'other', namespace: 'team', user: 'other-admin' });
  });

  it('--private on a VPC-only cluster; without it, a user error that points at --private and asks nothing of ACK', async () => {
    const before = callsOf(h.emulator, 'DescribeClusterUserKubeconfig');
    const refused = await h.cli(['kubeconfig', '--cluster', 'vpc-only']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`cluster vpc-only (${priv.clusterId}) has no public API server endpoint`);
    expect(refused.stderr).toContain('rerun with --private');
    expect(callsOf(h.emulator, 'DescribeClusterUserKubeconfig')).toBe(before);

    const file = join(h.home, 'private', 'kube.yaml');
    const r = await h.cli(['kubeconfig', '--cluster', 'vpc-only', '--private', '--write', file]);
    expect(r.code, r.stderr).toBe(0);
    noSecrets(r.stdout + r.stderr);
    expect(r.stdout).toContain(`wrote the kubeconfig of cluster vpc-only (${priv.clusterId}) to ${file} (mode 0600)`);
    expect(mode(file)).toBe(0o600);
    expect(mode(join(h.home, 'private'))).toBe(0o700);
    const view = await kubectlView(file);
    expect(view['current-context']).toBe('vpc-only.cn-hangzhou');
    expect(view.clusters).toEqual([{ name: 'vpc-only.cn-hangzhou', cluster: { server: `${h.emulator.endpoint}/_kube/${priv.clusterId}`, 'certificate-authority-data': 'DATA+OMITTED' } }]);
  });

  it('--write - prints the kubeconfig (and only then); -o json makes it a JSON kubeconfig', async () => {
    const [asYaml, asJson] = await Promise.all([
      h.cli(['kubeconfig', '--cluster', 'shop-prod', '--write', '-']),
      h.inProcess(['kubeconfig', '--cluster', 'shop-prod', '--write', '-', '-o', 'json']), // the same run rendered as JSON
    ]);
    expect(asYaml.code, asYaml.stderr).toBe(0);
    const doc = parseYaml(asYaml.stdout);
    expect(doc).toMatchObject({ apiVersion: 'v1', kind: 'Config', 'current-context': 'shop-prod.cn-hangzhou' });
    expect(doc.users[0].user['client-key-data']).toBe(secrets[0]);
    noSecrets(asYaml.stderr);
    expect(json(asJson)).toEqual(doc);
  });

  it('an unknown cluster writes nothing', async () => {
    const file = join(h.home, 'untouched');
    const r = await h.cli(['kubeconfig', '--cluster', 'shop-prd', '--write', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no cluster named "shop-prd"');
    expect(r.stderr).toContain('did you mean "shop-prod"?');
    expect(() => statSync(file)).toThrow();
  });

  it('an existing kubeconfig that is not valid YAML is refused with its position, and left as it was', async () => {
    const file = join(h.home, 'broken-config');
    const broken = 'apiVersion: v1\nclusters:\n- name: x\n  cluster: [unclosed\n';
    writeFileSync(file, broken, { mode: 0o600 });
    const r = await h.cli(['kubeconfig', '--cluster', 'shop-prod'], { env: { KUBECONFIG: file } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`error: ${file}:\\d+:\\d+: not a valid kubeconfig`));
    expect(r.stderr).toContain('--write PATH');
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });

  it('--write /dev/stdout and a FIFO as $KUBECONFIG are refused: no credentials anywhere, the FIFO left a FIFO', async () => {
    const r = await h.cli(['kubeconfig', '--cluster', 'shop-prod', '--write', '/dev/stdout']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing to write /dev/stdout: it is inside /dev; ackl2 writes regular files only');
    noSecrets(r.stdout + r.stderr);

    const fifo = join(h.home, 'fifo-config');
    execFileSync('mkfifo', [fifo]);
    const merged = await h.cli(['kubeconfig', '--cluster', 'shop-prod'], { env: { KUBECONFIG: fifo } });
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain(`refusing to read ${fifo}: it is a FIFO (named pipe)`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    noSecrets(merged.stdout + merged.stderr);
  });
});
