/**
 * Test helpers: the official SDK clients (ACK, ECS) pointed at a running emulator, and small
 * polling utilities. Nothing here builds HTTP by hand: requests go through the SDKs.
 */

import type * as CsModule from '@alicloud/cs20151215';
import type * as EcsModule from '@alicloud/ecs20140526';
import type * as OpenApiModule from '@alicloud/openapi-core';
import { loadCs, loadEcs, loadOpenApi, loadVpc } from '../../src/cloud/sdk.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

// Through ackl2's own loader (src/cloud/sdk.ts): model classes required when first used. A
// namespace import of a package requires all of its models (2,083 files for ECS; about 1.9 s
// of CPU for the three in every test worker that imports this file).
const csModule = loadCs();
const ecsModule = loadEcs();
const vpcModule = loadVpc();
const openapi = loadOpenApi();

// each loader answers the package's module.exports: its client class is `default`
export const CsClient = csModule.default;
export type CsClient = CsModule.default;
export const EcsClient = ecsModule.default;
export type EcsClient = EcsModule.default;
export const OpenApiClient = openapi.default;
export const VpcClient = vpcModule.default;
export { csModule as cs, ecsModule as ecs, openapi, vpcModule as vpc };

export interface ClientOptions {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  /** 'v2' makes the SDK use its legacy ROA/RPC HMAC-SHA1 signatures (doROARequest/doRPCRequest). */
  signatureAlgorithm?: string;
  regionId?: string;
}

export function sdkConfig(emulator: RunningEmulator, options: ClientOptions = {}): OpenApiModule.$OpenApiUtil.Config {
  return new openapi.$OpenApiUtil.Config({
    accessKeyId: options.accessKeyId ?? emulator.accessKeyId,
    accessKeySecret: options.accessKeySecret ?? emulator.accessKeySecret,
    securityToken: options.securityToken,
    endpoint: emulator.host,
    protocol: 'http',
    regionId: options.regionId ?? emulator.region,
    signatureAlgorithm: options.signatureAlgorithm,
    readTimeout: 10_000,
    connectTimeout: 5_000,
  });
}

export function clients(emulator: RunningEmulator, options: ClientOptions = {}): { cs: CsModule.default; ecs: EcsModule.default } {
  const config = sdkConfig(emulator, options);
  return { cs: new CsClient(config), ecs: new EcsClient(sdkConfig(emulator, options)) };
}

/**
 * The catalogue a test's requests belong to: these helpers send AliyunLinux2 pools (WORLD), so
 * they play `2024-03` unless the test names another catalogue or brings its own world.
 */
export function withCatalogue(options: EmulatorOptions, catalogue = LEGACY_CATALOGUE): EmulatorOptions {
  return options.world !== undefined || options.catalogue !== undefined ? options : { ...options, catalogue };
}

/** The last catalogue with AliyunLinux2 node pools (what WORLD's requests need). */
export const LEGACY_CATALOGUE = '2024-03';

/** A fast emulator (speed 50: creation in ~120 ms) with a known secret and no flow control surprises. */
export function fastEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator(withCatalogue({ speed: 50, accessKeySecret: 'test-secret', seed: 7, ...options }));
}

/** The SDK error's code and status (ClientError/ServerError/ThrottlingError carry both). */
export async function apiError(promise: Promise<unknown>): Promise<{ code: string; statusCode: number; message: string; data: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; statusCode?: number; message?: string; data?: Record<string, unknown> };
    return { code: String(e.code), statusCode: Number(e.statusCode), message: String(e.message), data: e.data ?? {} };
  }
  throw new Error('expected the call to fail, it succeeded');
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000, intervalMs = 60): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * A clock that only moves when told: an emulator on it makes every intermediate state
 * observable, whatever the machine's load. Starts at real time (signatures stay fresh).
 */
export interface SteppedClock {
  now(): number;
  advance(ms: number): void;
}

export function steppedClock(): SteppedClock {
  let t = Date.now();
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** An emulator on its virtual clock (default durations, flow control off: time only moves on request). */
export async function steppedEmulator(options: EmulatorOptions = {}): Promise<{ emulator: RunningEmulator; clock: SteppedClock }> {
  const emulator = await startEmulator(withCatalogue({ accessKeySecret: 'test-secret', seed: 7, qps: 0, clock: 'virtual', ...options }));
  return { emulator, clock: { now: () => emulator.clock().now, advance: (ms) => void emulator.changeClock({ advanceMs: ms }) } };
}

/**
 * Poll DescribeTaskInfo until the task leaves `running`: on a stepped clock by moving it a
 * second per poll, else every 60 ms (under the 20/s flow control).
 */
export async function waitTask(cs: CsModule.default, taskId: string, clock?: SteppedClock): Promise<CsModule.DescribeTaskInfoResponseBody> {
  return waitFor(
    async () => {
      const body = (await cs.describeTaskInfo(taskId)).body!;
      if (body.state !== 'running') return body;
      clock?.advance(1000);
      return undefined;
    },
    `task ${taskId}`,
    10_000,
    clock ? 0 : 60,
  );
}

/** Control-plane GET/POST/DELETE with the emulator's token (not the cloud API: plain fetch is the right tool). */
export async function control(emulator: RunningEmulator, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${emulator.endpoint}${path}`, { method, headers: { authorization: `Bearer ${emulator.token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  return response.json();
}

export const WORLD = {
  region: 'cn-hangzhou',
  vpc: 'vpc-bp1ackl2demo0001',
  otherVpc: 'vpc-bp1other000002',
  vswH: 'vsw-bp1nodeh00001',
  vswI: 'vsw-bp1nodei00002',
  vswJ: 'vsw-bp1nodej00003',
  podH: 'vsw-bp1podh000004',
  podI: 'vsw-bp1podi000005',
  otherVsw: 'vsw-bp1other00006',
  al2Newest: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd',
  al3Newest: 'aliyun_3_x64_20G_alibase_20240819.vhd',
  /** The newest 2024-03 version (AliyunLinux2 pools allowed). */
  version: '1.28.9-aliyun.1',
} as const;

/** What catalogue 2026-11 (today's ACK) offers, for tests on it. */
export const TODAY = {
  catalogue: '2026-11',
  version: '1.35.7-aliyun.1',
  sandboxedVersion: '1.34.1-aliyun.1',
  al3Newest: 'aliyun_3_x64_20G_alibase_20260715.vhd',
  al3ContainerOptimized: 'aliyun_3_x64_20G_container_optimized_alibase_20260715.vhd',
} as const;

/** A valid CreateCluster request (Terway, two zones), to be varied per test. */
export function clusterRequest(overrides: Partial<ConstructorParameters<typeof CsModule.CreateClusterRequest>[0]> = {}): CsModule.CreateClusterRequest {
  return new csModule.CreateClusterRequest({
    name: 'shop-dev',
    regionId: WORLD.region,
    clusterType: 'ManagedKubernetes',
    clusterSpec: 'ack.pro.small',
    kubernetesVersion: WORLD.version,
    vpcid: WORLD.vpc,
    vswitchIds: [WORLD.vswH, WORLD.vswI],
    podVswitchIds: [WORLD.podH, WORLD.podI],
    serviceCidr: '172.21.0.0/20',
    proxyMode: 'ipvs',
    deletionProtection: false,
    tags: [new csModule.Tag({ key: 'ackl2.io/profile', value: 'shop-dev' })],
    ...overrides,
  });
}

/** A valid CreateClusterNodePool request (AL2, containerd). */
export function poolRequest(name: string, size = 2, overrides: { instanceTypes?: string[]; vswitchIds?: string[]; runtime?: string; imageType?: string; imageId?: string; keyPair?: string } = {}): CsModule.CreateClusterNodePoolRequest {
  return new csModule.CreateClusterNodePoolRequest({
    nodepoolInfo: new csModule.CreateClusterNodePoolRequestNodepoolInfo({ name }),
    scalingGroup: new csModule.CreateClusterNodePoolRequestScalingGroup({
      vswitchIds: overrides.vswitchIds ?? [WORLD.vswH, WORLD.vswI],
      instanceTypes: overrides.instanceTypes ?? ['ecs.g7.xlarge'],
      desiredSize: size,
      imageType: overrides.imageType ?? 'AliyunLinux',
      imageId: overrides.imageId ?? WORLD.al2Newest,
      keyPair: overrides.keyPair ?? 'ackl2-demo',
      systemDiskCategory: 'cloud_essd',
      systemDiskSize: 120,
      tags: [new csModule.CreateClusterNodePoolRequestScalingGroupTags({ key: 'ackl2.io/profile', value: 'shop-dev' })],
    }),
    kubernetesConfig: new csModule.CreateClusterNodePoolRequestKubernetesConfig({ runtime: overrides.runtime ?? 'containerd', runtimeVersion: '1.6.36', preUserData: Buffer.from('#!/bin/bash\necho hi\n').toString('base64') }),
  });
}

/** Create a cluster and wait until it is running. */
export async function runningCluster(cs: CsModule.default, name = 'shop-dev', clock?: SteppedClock): Promise<string> {
  const created = await cs.createCluster(clusterRequest({ name, tags: [new csModule.Tag({ key: 'ackl2.io/profile', value: name })] }));
  const task = await waitTask(cs, created.body!.taskId!, clock);
  if (task.state !== 'success') throw new Error(`cluster task ended ${task.state}`);
  return created.body!.clusterId!;
}
