/**
 * The kube steps of dnsConntrack through the built CLI, the emulator playing each cluster's API
 * server: NodeLocal DNSCache (CoreDNS prefer_udp, namespace injection labels) and the eBPF UDP
 * conntrack timeout in Terway's eni-config under DataPath V2. Create merges, a rerun skips,
 * foreign keys and labels stay, a 409 is retried, and an unreachable API server fails the
 * step with a way to resume and without the cluster's token.
 */

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kubeApi, type KubeApi } from '../../src/cloud/kube-api.js';
import { normalizeKubeconfig } from '../../src/kube/kubeconfig.js';
import type { KubeObject } from '../../src/kube/objects.js';
import { jsonOf, startCloud, writeProfile, type TestCloud } from './harness.js';
import { readFileSync } from 'node:fs';

let cloud: TestCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

const NAME = 'dns-e2e';
const profileText = `apiVersion: ackl2/v1
kind: ClusterProfile
extends: [builtin:base]
metadata: { name: ${NAME} }
cluster: { deletionProtection: false, kubernetesVersion: 1.36.1-aliyun.1, network: { proxyMode: iptables } }
scenarios:
  terwayDataPathV2: {}
  dnsConntrack: { nodeLocalDns: true, injectNamespaces: [default, shop], udpTimeoutSeconds: 12 }
nodePools:
  - name: web
    instanceTypes: [ecs.g7.xlarge]
    desiredSize: 1
    image: { os: AliyunLinux3, id: aliyun_3_x64_20G_container_optimized_alibase_20260715.vhd }
    login: { keyPair: ackl2-demo }
`;

const configMap = (name: string): KubeObject => ({ kind: 'ConfigMap', metadata: { name, namespace: 'kube-system' } });
const namespace = (name: string): KubeObject => ({ kind: 'Namespace', metadata: { name } });
const terwayConf = (object: KubeObject | undefined) => JSON.parse(object?.data?.['10-terway.conf'] ?? '{}') as Record<string, unknown>;

/** The cluster's API server as a test client, through the kubeconfig `ackl2 kubeconfig` writes. */
async function clusterApi(c: TestCloud): Promise<KubeApi> {
  const file = join(c.env.HOME!, 'kubeconfig');
  // set-up, not the subject (kubeconfig --write: test/commands/kubeconfig.e2e.test.ts): in-process
  const result = await c.inProcess(['kubeconfig', '--cluster', NAME, '--region', 'cn-hangzhou', '--private', '--write', file]);
  expect(result.code, result.stderr).toBe(0);
  return kubeApi(normalizeKubeconfig(readFileSync(file, 'utf8'), NAME));
}

function clusterToken(c: TestCloud): string {
  const token = Object.values(c.emulator.state().clusters).find((k) => k.name === NAME)?.kubeToken;
  expect(token).toBeTruthy();
  return token!;
}

describe('kube steps: NodeLocal DNSCache and the eBPF conntrack timeout', () => {
  it('create merges, a rerun skips, a change made since is merged back keeping foreign keys, through a 409', async () => {
    cloud = await startCloud({ catalogue: '2026-11' });
    const file = writeProfile(profileText);
    // the plan's rendering only (plan as a process: test/plan/cli.e2e.test.ts)
    const plan = await cloud.inProcess(['plan', '-f', file]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(`${plan.stdout}${plan.stderr}`).not.toMatch(/manual step/);

    const first = await cloud.run(['create', '-f', file, '--yes', '--output', 'json']);
    expect(first.code, first.stderr).toBe(0);
    const api = await clusterApi(cloud);
    // ACK's CoreDNS already prefers UDP: read, found, left alone.
    expect(first.stderr).toContain('kube-system/coredns already holds these settings');
    expect((await api.get(configMap('coredns')))?.metadata.resourceVersion).toBe('1');
    expect((await api.get(namespace('default')))?.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'default', 'node-local-dns-injection': 'enabled' });
    expect((await api.get(namespace('shop')))?.metadata.labels).toEqual({ 'node-local-dns-injection': 'enabled' });
    const eni = await api.get(configMap('eni-config'));
    expect(terwayConf(eni)).toMatchObject({ eniip_virtual_type: 'datapathv2', type: 'terway', cilium_args: '--bpf-ct-timeout-regular-any=12s --bpf-ct-timeout-service-any=12s' });
    expect(Object.keys(eni!.data!).sort()).toEqual(['10-terway.conf', 'disable_network_policy', 'eni_conf']);
    // The pool came after eni-config, so its nodes started with it: no restart note.
    expect(first.stderr).not.toContain('terway-eniip pods are recreated');

    const rerun = await cloud.run(['create', '-f', file, '--yes', '--output', 'json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(jsonOf(rerun).changed).toBe(false);
    expect((await api.get(namespace('shop')))?.metadata.resourceVersion).toBe('1');

    // Someone changes all three since: an old Corefile plus a key of theirs, other Cilium flags, other labels.
    const coredns = (await api.get(configMap('coredns')))!;
    const oldCorefile = coredns.data!.Corefile!.replace(/forward \. \/etc\/resolv\.conf \{\s*prefer_udp\s*\}/, 'forward . /etc/resolv.conf');
    await api.replace({ ...coredns, data: { Corefile: oldCorefile, 'custom.server': 'example.com:53 { forward . 10.0.0.2 }' } });
    const eniNow = (await api.get(configMap('eni-config')))!;
    await api.replace({ ...eniNow, data: { ...eniNow.data, '10-terway.conf': JSON.stringify({ ...terwayConf(eniNow), cilium_args: '--bpf-ct-global-any-max=262144 --bpf-ct-timeout-regular-any=60s' }) } });
    const shop = (await api.get(namespace('shop')))!;
    await api.replace({ ...shop, metadata: { ...shop.metadata, labels: { team: 'payments' } } });

    await cloud.faults('conflict@ApplyConfigMap,conflict@ApplyNamespace');
    const repair = await cloud.run(['create', '-f', file, '--yes', '--output', 'json']);
    expect(repair.code, repair.stderr).toBe(0);
    // Both injected 409s were met (and retried): none is left over.
    expect(((await (await fetch(`${cloud.emulator.endpoint}/_emulator/faults`)).json()) as { oneShot: unknown[] }).oneShot).toEqual([]);
    const repaired = (await api.get(configMap('coredns')))!;
    expect(repaired.data!['custom.server']).toBe('example.com:53 { forward . 10.0.0.2 }');
    expect(repaired.data!.Corefile).toBe(oldCorefile.replace('forward . /etc/resolv.conf', 'forward . /etc/resolv.conf {\n        prefer_udp\n    }'));
    expect(terwayConf(await api.get(configMap('eni-config'))).cilium_args).toBe('--bpf-ct-global-any-max=262144 --bpf-ct-timeout-regular-any=12s --bpf-ct-timeout-service-any=12s');
    expect((await api.get(namespace('shop')))?.metadata.labels).toEqual({ team: 'payments', 'node-local-dns-injection': 'enabled' });
    // The web pool's nodes ran before eni-config changed: the step says how they pick it up.
    expect(repair.stderr).toContain('until their terway-eniip pods are recreated (kubectl -n kube-system get pod | grep terway-eniip');
  });

  it('an unreachable API server fails the steps with the resume command, never the token; the rerun finishes', async () => {
    cloud = await startCloud({ catalogue: '2026-11' });
    const file = writeProfile(profileText);
    await cloud.faults('reset@GetConfigMap*20');
    const failed = await cloud.run(['create', '-f', file, '--yes']);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/ebpf-conntrack: GET \/api\/v1\/namespaces\/kube-system\/configmaps\/eni-config at http:\/\/127\.0\.0\.1:\d+/);
    expect(failed.stderr).toMatch(/not reachable from here/);
    expect(failed.stderr).toContain(`ackl2 create -f ${file}`);
    const token = clusterToken(cloud);
    expect(`${failed.stdout}${failed.stderr}`).not.toContain(token);

    await cloud.faults('', true);
    const resumed = await cloud.run(['create', '-f', file, '--yes', '--output', 'json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const api = await clusterApi(cloud);
    expect(terwayConf(await api.get(configMap('eni-config'))).cilium_args).toBe('--bpf-ct-timeout-regular-any=12s --bpf-ct-timeout-service-any=12s');
  });

  it('validate refuses a namespace name Kubernetes would refuse, located, before any API call', async () => {
    cloud = await startCloud({ catalogue: '2026-11' });
    const file = writeProfile(profileText.replace('injectNamespaces: [default, shop]', 'injectNamespaces: [default, Shop_1]'));
    const result = await cloud.run(['validate', '-f', file]);
    expect(result.code).toBe(2);
    expect(`${result.stdout}${result.stderr}`).toMatch(/profile\.yaml:8:\d+ scenarios\.dnsConntrack\.injectNamespaces\[1\]: must be a Kubernetes namespace name/);
    expect(await cloud.calls()).toEqual([]);
  });
});
