/**
 * The emulator plays a dated catalogue: one test per catalogue fact, each failing if the
 * emulator drifts back to the old world (AliyunLinux2 on 1.30, versions ACK no longer offers).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultStatePath, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { UserError } from '../../src/errors.js';
import { apiError, clients, clusterRequest, control, cs, ecs, fastEmulator, LEGACY_CATALOGUE, poolRequest, TODAY, waitTask, WORLD, type CsClient } from './helpers.js';

const versionsOf = async (ack: CsClient) =>
  (await ack.describeKubernetesVersionMetadata(new cs.DescribeKubernetesVersionMetadataRequest({ region: WORLD.region, clusterType: 'ManagedKubernetes' }))).body ?? [];

describe('catalogue 2026-11 (the default): ACK as it is today', () => {
  let emulator: RunningEmulator;
  let ack: CsClient;
  let clusterId: string;
  beforeAll(async () => {
    emulator = await startEmulator({ speed: 50, accessKeySecret: 'test-secret', seed: 7 });
    ack = clients(emulator).cs;
    const created = await ack.createCluster(clusterRequest({ name: 'today', kubernetesVersion: TODAY.version }));
    clusterId = created.body!.clusterId!;
    await waitTask(ack, created.body!.taskId!);
  });
  afterAll(() => emulator.close());

  it('is the default, and names itself in the state', async () => {
    expect(emulator.catalogue).toBe('2026-11');
    expect(await control(emulator, 'GET', '/_emulator/state')).toMatchObject({ catalogue: '2026-11' });
  });

  it('DescribeKubernetesVersionMetadata lists 1.34, 1.35 and 1.36 with their end-of-support dates', async () => {
    const versions = await versionsOf(ack);
    expect(versions.map((v) => v.version)).toEqual(['1.34.1-aliyun.1', '1.35.1-aliyun.1', '1.35.2-aliyun.1', '1.35.7-aliyun.1', '1.36.1-aliyun.1']);
    expect(versions.find((v) => v.version === '1.36.1-aliyun.1')?.expirationDate).toBe('2027-05-30T00:00:00Z');
    expect(versions.find((v) => v.version === '1.34.1-aliyun.1')?.expirationDate).toBe('2026-09-30T00:00:00Z');
  });

  it('offers no AliyunLinux2 image on any version, Alibaba Cloud Linux 3 and its container-optimized edition on all', async () => {
    for (const v of await versionsOf(ack)) {
      const types = new Set(v.images?.map((i) => i.imageType));
      expect(types.has('AliyunLinux'), v.version).toBe(false);
      expect(types.has('AliyunLinux3'), v.version).toBe(true);
      expect(types.has('AliyunLinux3ContainerOptimized'), v.version).toBe(true);
    }
  });

  it('offers runV sandboxes on 1.34 only', async () => {
    const runv = (await versionsOf(ack)).filter((v) => v.runtimes?.some((r) => r.name === 'Sandboxed-Container.runv')).map((v) => v.version);
    expect(runv).toEqual(['1.34.1-aliyun.1']);
  });

  it('CreateCluster refuses 1.30 and 1.28, naming what is offered', async () => {
    for (const version of ['1.30.7-aliyun.1', '1.28.9-aliyun.1']) {
      const error = await apiError(ack.createCluster(clusterRequest({ name: 'old', kubernetesVersion: version })));
      expect(error).toMatchObject({ code: 'ErrorKubernetesVersionNotSupported', statusCode: 400 });
      expect(error.message).toMatch(/supported: 1\.34\.1-aliyun\.1, .*1\.36\.1-aliyun\.1/);
    }
  });

  it('CreateCluster refuses image_type AliyunLinux from 1.30 on', async () => {
    const error = await apiError(ack.createCluster(clusterRequest({ name: 'al2', kubernetesVersion: TODAY.version, imageType: 'AliyunLinux' })));
    expect(error).toMatchObject({ code: 'ErrorImageTypeNotSupported', statusCode: 400 });
    expect(error.message).toMatch(/AliyunLinux cannot be used .* 1\.35\.7-aliyun\.1; creatable: AliyunLinux3, AliyunLinux3ContainerOptimized, ContainerOS/);
  });

  it('CreateClusterNodePool refuses an AliyunLinux2 image (and image_type), accepts Alibaba Cloud Linux 3 container-optimized (cgroup v2 on 1.35)', async () => {
    const byImage = await apiError(ack.createClusterNodePool(clusterId, poolRequest('al2-image', 1, { imageType: '', imageId: WORLD.al2Newest })));
    expect(byImage).toMatchObject({ code: 'ErrorImageTypeNotSupported', statusCode: 400 });
    const byType = await apiError(ack.createClusterNodePool(clusterId, poolRequest('al2-type', 1)));
    expect(byType).toMatchObject({ code: 'ErrorImageTypeNotSupported' });
    const al3 = await ack.createClusterNodePool(clusterId, poolRequest('al3', 1, { imageType: 'AliyunLinux3ContainerOptimized', imageId: TODAY.al3ContainerOptimized, runtime: 'containerd' }));
    expect(al3.body?.nodepoolId).toMatch(/^np/);
  });

  it('CreateClusterNodePool refuses runV on 1.35 and accepts it on a 1.34 cluster', async () => {
    const sandbox = { runtime: 'Sandboxed-Container.runv', instanceTypes: ['ecs.ebmg7.32xlarge'], imageType: 'AliyunLinux3', imageId: TODAY.al3Newest };
    const refused = await apiError(ack.createClusterNodePool(clusterId, poolRequest('runv-135', 1, sandbox)));
    expect(refused).toMatchObject({ code: 'ErrorRuntimeNotSupported', statusCode: 400 });
    expect(refused.message).toMatch(/Sandboxed-Container\.runv is not offered with Kubernetes 1\.35\.7-aliyun\.1/);
    const old = await ack.createCluster(clusterRequest({ name: 'sandbox-134', kubernetesVersion: TODAY.sandboxedVersion }));
    await waitTask(ack, old.body!.taskId!);
    const accepted = await ack.createClusterNodePool(old.body!.clusterId!, poolRequest('runv-134', 1, sandbox));
    expect(accepted.body?.nodepoolId).toMatch(/^np/);
  });

  it('DescribeImages lists the catalogue public images: the newest Alibaba Cloud Linux 3 of 2026', async () => {
    const { ecs: ec } = clients(emulator);
    const answer = await ec.describeImages(new ecs.DescribeImagesRequest({ regionId: WORLD.region, imageFamily: 'acs:alibaba_cloud_linux_3_2104_lts_x64', imageOwnerAlias: 'system' }));
    expect(answer.body?.images?.image?.[0]?.imageId).toBe(TODAY.al3Newest);
  });
});

describe('catalogue 2024-03: the last offer with AliyunLinux2 node pools', () => {
  let emulator: RunningEmulator;
  let ack: CsClient;
  beforeAll(async () => {
    emulator = await fastEmulator({ catalogue: LEGACY_CATALOGUE });
    ack = clients(emulator).cs;
  });
  afterAll(() => emulator.close());

  it('names itself in the state', async () => {
    expect(emulator.catalogue).toBe('2024-03');
    expect(await control(emulator, 'GET', '/_emulator/state')).toMatchObject({ catalogue: '2024-03' });
  });

  it('offers only versions below 1.30, every one with AliyunLinux2 images and runV', async () => {
    const versions = await versionsOf(ack);
    expect(versions.map((v) => v.version)).toEqual(['1.24.6-aliyun.1', '1.26.3-aliyun.1', '1.28.3-aliyun.1', '1.28.9-aliyun.1']);
    for (const v of versions) {
      expect(v.images?.some((i) => i.imageType === 'AliyunLinux' && i.imageId === WORLD.al2Newest), v.version).toBe(true);
      expect(v.runtimes?.map((r) => r.name)).toContain('Sandboxed-Container.runv');
    }
  });

  it('creates an AliyunLinux2 pool on 1.28, and refuses 1.30', async () => {
    const created = await ack.createCluster(clusterRequest({ name: 'legacy', kubernetesVersion: WORLD.version }));
    await waitTask(ack, created.body!.taskId!);
    const pool = await ack.createClusterNodePool(created.body!.clusterId!, poolRequest('al2', 1));
    expect(pool.body?.nodepoolId).toMatch(/^np/);
    expect(await apiError(ack.createCluster(clusterRequest({ name: 'newer', kubernetesVersion: '1.30.7-aliyun.1' })))).toMatchObject({ code: 'ErrorKubernetesVersionNotSupported' });
  });
});

describe('choosing a catalogue', () => {
  it('refuses an unknown catalogue, naming the choices, and a catalogue next to a world file', async () => {
    const unknown = await startEmulator({ catalogue: '2019-01' }).then(() => undefined, (e: unknown) => e);
    expect(unknown).toBeInstanceOf(UserError);
    expect((unknown as UserError).message).toMatch(/unknown catalogue "2019-01"/);
    expect((unknown as UserError).hint).toMatch(/2026-11, 2024-03/);
    const both = await startEmulator({ catalogue: '2024-03', world: 'world.yaml' }).then(() => undefined, (e: unknown) => e);
    expect((both as UserError).message).toMatch(/cannot be combined/);
  });

  it('refuses a state file that holds another catalogue world, and leaves it as it is', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'ackl2-catalogue-')), 'state.json');
    const first = await startEmulator({ statePath, catalogue: LEGACY_CATALOGUE });
    await first.close();
    const before = readFileSync(statePath, 'utf8');
    const error = await startEmulator({ statePath }).then(() => undefined, (e: unknown) => e);
    expect((error as UserError).message).toMatch(/holds a world playing catalogue 2024-03, not 2026-11/);
    expect(readFileSync(statePath, 'utf8')).toBe(before);
    expect(existsSync(`${statePath}.lock`)).toBe(false);
  });

  it('gives --emulator a state file per catalogue', () => {
    const env = { HOME: '/home/u', XDG_CACHE_HOME: '' };
    expect(defaultStatePath(env)).toBe('/home/u/.cache/ackl2/emulator-state.json');
    expect(defaultStatePath(env, '2024-03')).toBe('/home/u/.cache/ackl2/emulator-state-2024-03.json');
  });
});
