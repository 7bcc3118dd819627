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
    const created = await ack.createCluster(clusterRequest({ name: 'kube-api' }));
    clusterId = created.body!.clusterId!;
    await waitTask(ack, created.body!.taskId!, clock);
    const answer = await ack.describeClusterUserKubeconfig(clusterId, new cs.DescribeClusterUserKubeconfigRequest({ privateIpAddress: true }));
    kube = normalizeKubeconfig(answer.body!.config!, 'kube-api');
  });
  afterAll(() => emulator.close());

  it('serves GET/POST/PUT of ConfigMaps per cluster, with resourceVersion conflicts', async () => {
    const api = kubeApi(kube);
    expect(await api.getConfigMap('kube-system', 'ack-slo-config')).toBeUndefined();
    const created = await api.createConfigMap({ metadata: { name: 'ack-slo-config', namespace: 'kube-system' }, data: { a: '1' } });
    expect(created).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'ack-slo-config', namespace: 'kube-system', resourceVersion: '1' }, data: { a: '1' } });
    await expect(api.createConfigMap({ metadata: { name: 'ack-slo-config', namespace: 'kube-system' } })).rejects.toMatchObject({ status: 409 });
    const read = (await api.getConfigMap('kube-system', 'ack-slo-config'))!;
    const updated = await api.replaceConfigMap({ ...read, data: { a: '1', b: '2' } });
    expect(updated.metadata.resourceVersion).toBe('2');
    await expect(api.replaceConfigMap({ ...read, data: {} })).rejects.toMatchObject({ status: 409 });
    expect((await api.getConfigMap('kube-system', 'ack-slo-config'))!.data).toEqual({ a: '1', b: '2' });
    expect(await api.getConfigMap('default', 'ack-slo-config')).toBeUndefined();
  });

  it('refuses a wrong token and 404s for an unknown cluster', async () => {
    const wrongToken = { ...kube, user: { name: kube.name, user: { token: 'not-the-token' } } };
    await expect(kubeApi(wrongToken).getConfigMap('kube-system', 'x')).rejects.toMatchObject({ status: 401 });
    const server = String((kube.cluster.cluster as { server: string }).server).replace(clusterId, 'c-unknown');
    const unknown = { ...kube, cluster: { name: kube.name, cluster: { ...(kube.cluster.cluster as object), server } } };
    await expect(kubeApi(unknown).createConfigMap({ metadata: { name: 'x', namespace: 'kube-system' } })).rejects.toMatchObject({ status: 404 });
  });

  it('refuses plain http to a non-loopback API server before sending credentials', () => {
    const remote = { ...kube, cluster: { name: kube.name, cluster: { server: 'http://203.0.113.7:6443' } } };
    expect(() => kubeApi(remote)).toThrow(/only over TLS/);
  });
});
