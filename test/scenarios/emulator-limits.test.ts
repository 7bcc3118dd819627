/** The emulator refuses what ACK refuses for the tunings: cgroup v1 images from 1.35, sandboxed pools with DataPath V2. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScenarioLimits } from '../../src/emulator/ack/validate.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { apiError, clients, clusterRequest, cs, fastEmulator, poolRequest, waitTask, WORLD, type CsClient } from '../emulator/helpers.js';

const addons = (config: string) => [{ name: 'terway-eniip', config }];

describe('checkScenarioLimits (image type x version x cgroup, runtime x DataPath V2)', () => {
  it.each([
    ['AliyunLinux3', '1.35.2-aliyun.1'],
    ['AliyunLinux3', '1.36.1-aliyun.1'],
    ['AliyunLinux', '1.35.2-aliyun.1'],
  ])('refuses the cgroup v1 image type %s on %s', (imageType, kubernetesVersion) => {
    expect(() => checkScenarioLimits({ kubernetesVersion }, 'containerd', imageType)).toThrow(
      expect.objectContaining({ code: 'ErrorImageTypeNotSupported', message: expect.stringContaining('supports cgroup v2 only') }),
    );
  });

  it.each([
    ['AliyunLinux3ContainerOptimized', '1.35.2-aliyun.1'],
    ['ContainerOS', '1.36.1-aliyun.1'],
    ['AliyunLinux3', '1.34.1-aliyun.1'],
  ])('accepts %s on %s', (imageType, kubernetesVersion) => {
    expect(() => checkScenarioLimits({ kubernetesVersion }, 'containerd', imageType)).not.toThrow();
  });

  it('refuses runV only where Terway asks for eBPF acceleration', () => {
    const runv = 'Sandboxed-Container.runv';
    expect(() => checkScenarioLimits({ kubernetesVersion: '1.30.7-aliyun.1', addons: addons('{"IPVlan":"true"}') }, runv, 'AliyunLinux3')).toThrow(
      expect.objectContaining({ code: 'ErrorRuntimeNotSupported' }),
    );
    expect(() => checkScenarioLimits({ kubernetesVersion: '1.30.7-aliyun.1', addons: addons('{"IPVlan":"false"}') }, runv, 'AliyunLinux3')).not.toThrow();
    expect(() => checkScenarioLimits({ kubernetesVersion: '1.30.7-aliyun.1', addons: addons('{"IPVlan":"true"}') }, 'containerd', 'AliyunLinux3')).not.toThrow();
  });
});

describe('the emulator, through the official SDK', () => {
  let emulator: RunningEmulator;
  let ack: CsClient;
  beforeAll(async () => {
    emulator = await fastEmulator();
    ack = clients(emulator).cs;
  });
  afterAll(() => emulator.close());

  it('refuses a sandboxed pool in a DataPath V2 cluster and creates nothing', async () => {
    const created = await ack.createCluster(
      clusterRequest({ name: 'dpv2', addons: [new cs.Addon({ name: 'terway-eniip', config: '{"IPVlan":"true","NetworkPolicy":"false"}' })] }),
    );
    await waitTask(ack, created.body!.taskId!);
    const clusterId = created.body!.clusterId!;
    const before = Object.keys(emulator.state().nodePools);
    const request = poolRequest('tenants', 1, { instanceTypes: ['ecs.ebmg7.32xlarge'], runtime: 'Sandboxed-Container.runv', imageType: 'AliyunLinux3', imageId: WORLD.al3Newest });
    const error = await apiError(ack.createClusterNodePool(clusterId, request));
    expect(error).toMatchObject({ code: 'ErrorRuntimeNotSupported', statusCode: 400 });
    expect(error.message).toContain('DataPath V2');
    expect(Object.keys(emulator.state().nodePools)).toEqual(before);
  });
});
