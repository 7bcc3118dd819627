/** The emulated API server (src/emulator/kube-api.ts) through ackl2's own client (src/cloud/kube-api.ts). */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeApi } from '../../src/cloud/kube-api.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { normalizeKubeconfig, type ClusterKubeconfig } from '../../src/kube/kubeconfig.js';
import { clients, clusterRequest, cs, steppedEmulator, waitTask } from './helpers.js';

describe('the emulated API server', () => {
  let emulator: RunningEmulator;
  let kube: ClusterKubeconfig;
  let clusterId: string;
  beforeAll(async () => {
    let clock;
    ({ emulator, clock } = await steppedEmulator());
    const ack = clients(emulator).cs;
    const created = await ack.createCluster(clusterRequest({ name: 'kube-api', addons: [new cs.Addon({ name: 'terway-eniip', config: '{"IPVlan":"true"}' })] }));
    clusterId = created.body!.clusterId!;
    await waitTask(ack, created.body!.taskId!, clock);
    const answer = await ack.describeClusterUserKubeconfig(clusterId, new cs.DescribeClusterUserKubeconfigRequest({ privateIpAddress: true }));
    kube = normalizeKubeconfig(answer.body!.config!, 'kube-api');
  });
  afterAll(() => emulator.close());

  it('serves GET/POST/PUT of ConfigMaps per cluster, with resourceVersion conflicts', async () => {
    const api = kubeApi(kube);
    const slo = (namespace = 'kube-system') => ({ kind: 'ConfigMap', metadata: { name: 'ack-slo-config', namespace } });
    expect(await api.get(slo())).toBeUndefined();
    const created = await api.create({ ...slo(), data: { a: '1' } });
    expect(created).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'ack-slo-config', namespace: 'kube-system', resourceVersion: '1' }, data: { a: '1' } });
    await expect(api.create(slo())).rejects.toMatchObject({ status: 409 });
    const read = (await api.get(slo()))!;
    const updated = await api.replace({ ...read, data: { a: '1', b: '2' } });
    expect(updated.metadata.resourceVersion).toBe('2');
    await expect(api.replace({ ...read, data: {} })).rejects.toMatchObject({ status: 409 });
    expect((await api.get(slo()))!.data).toEqual({ a: '1', b: '2' });
    expect(await api.get(slo('default'))).toBeUndefined();
    await expect(api.create({ ...slo('no-such-namespace'), data: {} })).rejects.toMatchObject({ status: 404 });
  });

  it('serves Namespaces (labels kept and replaced with resourceVersion checks) and seeds what ACK installs', async () => {
    const api = kubeApi(kube);
    const ns = (name: string) => ({ kind: 'Namespace', metadata: { name } });
    const fresh = (await api.get(ns('default')))!;
    expect(fresh.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'default' });
    const labelled = await api.replace({ ...fresh, metadata: { ...fresh.metadata, labels: { ...fresh.metadata.labels, team: 'a' } } });
    expect(labelled.metadata).toMatchObject({ resourceVersion: '2', labels: { 'kubernetes.io/metadata.name': 'default', team: 'a' } });
    await expect(api.replace(fresh)).rejects.toMatchObject({ status: 409 });
    expect(await api.get(ns('apps'))).toBeUndefined();
    expect(await api.create({ ...ns('apps'), metadata: { name: 'apps', labels: { x: 'y' } } })).toMatchObject({ kind: 'Namespace', metadata: { name: 'apps', labels: { x: 'y' } } });
    const coredns = await api.get({ kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' } });
    expect(coredns?.data?.Corefile).toMatch(/forward \. \/etc\/resolv\.conf \{\s+prefer_udp\s+\}/);
    const eniConfig = await api.get({ kind: 'ConfigMap', metadata: { name: 'eni-config', namespace: 'kube-system' } });
    expect(JSON.parse(eniConfig!.data!['10-terway.conf']!)).toMatchObject({ type: 'terway', cilium_args: '' });
  });

  it('refuses a wrong token and 404s for an unknown cluster', async () => {
    const wrongToken = { ...kube, user: { name: kube.name, user: { token: 'not-the-token' } } };
    await expect(kubeApi(wrongToken).get({ kind: 'ConfigMap', metadata: { name: 'x', namespace: 'kube-system' } })).rejects.toMatchObject({ status: 401 });
    const server = String((kube.cluster.cluster as { server: string }).server).replace(clusterId, 'c-unknown');
    const unknown = { ...kube, cluster: { name: kube.name, cluster: { ...(kube.cluster.cluster as object), server } } };
    await expect(kubeApi(unknown).create({ kind: 'ConfigMap', metadata: { name: 'x', namespace: 'kube-system' } })).rejects.toMatchObject({ status: 404 });
  });

  it('refuses plain http to a non-loopback API server before sending credentials', () => {
    const remote = { ...kube, cluster: { name: kube.name, cluster: { server: 'http://203.0.113.7:6443' } } };
    expect(() => kubeApi(remote)).toThrow(/only over TLS/);
  });
});
