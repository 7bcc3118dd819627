/**
 * End-to-end harness for the read/delete/kubeconfig/images/pin commands: an in-process
 * emulator on loopback, the BUILT CLI run as a child process against it (`--endpoint` via
 * ACKL2_ENDPOINT, the emulator's AccessKey in the environment, a private HOME), and cloud
 * setup through the official SDK clients. Every run is checked for leaked secrets.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { clients, clusterRequest, cs, poolRequest, waitTask } from '../emulator/helpers.js';
import { runCli, type CliResult } from '../helpers/cli.js';

export { cs, WORLD } from '../emulator/helpers.js';

/** Task durations in ms (speed 1): clusters and pools are ready in a blink. */
export const FAST = { clusterCreateMs: 80, nodePoolCreateMs: 60, scaleMs: 60, attachMs: 60, clusterDeleteMs: 150, deletedVisibleMs: 100, quickTaskMs: 20 };

export interface Harness {
  emulator: RunningEmulator;
  home: string;
  sdk: cs.default;
  /** Run the built CLI against the emulator; extra env wins. Fails the test on a leaked secret. */
  cli(args: string[], options?: { env?: Record<string, string | undefined>; cwd?: string; input?: string }): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  // The ready-made AliyunLinux2 profiles belong to 2024-03; a test of today's ACK names 2026-11.
  const emulator = await startEmulator({ durations: FAST, accessKeySecret: 'e2e-Secret-9f8e7d6c5b4a', seed: 11, ...options, ...(options.world === undefined ? { catalogue: options.catalogue ?? '2024-03' } : {}) });
  const home = mkdtempSync(join(tmpdir(), 'ackl2-cmd-'));
  const sdk = clients(emulator).cs;
  return {
    emulator,
    home,
    sdk,
    async cli(args, extra = {}) {
      const result = await runCli(args, {
        cwd: extra.cwd,
        input: extra.input,
        env: {
          HOME: home,
          KUBECONFIG: undefined,
          CI: undefined,
          ACKL2_ENDPOINT: emulator.endpoint,
          ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.accessKeySecret,
          ALIBABA_CLOUD_REGION_ID: emulator.region,
          ACKL2_POLL: '40ms,1.5,150ms',
          ...extra.env,
        },
      });
      expect(result.stdout + result.stderr, 'the AccessKey secret leaked into the output').not.toContain(emulator.accessKeySecret);
      return result;
    },
    async close() {
      await emulator.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface MadeCluster {
  clusterId: string;
  name: string;
}

/** A running cluster (Terway, zones h+i) with the given pools, each active. */
export async function makeCluster(
  sdk: cs.default,
  name: string,
  options: { pools?: { name: string; size: number; imageId?: string }[]; deletionProtection?: boolean; publicAccess?: boolean } = {},
): Promise<MadeCluster> {
  const created = await sdk.createCluster(
    clusterRequest({
      name,
      deletionProtection: options.deletionProtection ?? false,
      endpointPublicAccess: options.publicAccess ?? false,
      tags: [new cs.Tag({ key: 'ackl2.io/profile', value: name })],
    }),
  );
  const clusterId = created.body!.clusterId!;
  const task = await waitTask(sdk, created.body!.taskId!);
  if (task.state !== 'success') throw new Error(`cluster ${name}: task ${task.state}`);
  for (const pool of options.pools ?? []) {
    const made = await sdk.createClusterNodePool(clusterId, poolRequest(pool.name, pool.size, pool.imageId ? { imageId: pool.imageId } : {}));
    const poolTask = await waitTask(sdk, made.body!.taskId!);
    if (poolTask.state !== 'success') throw new Error(`pool ${pool.name}: task ${poolTask.state}`);
  }
  return { clusterId, name };
}

/** Calls the emulator saw for one action (to prove a refusal cost nothing). */
export function callsOf(emulator: RunningEmulator, action: string): number {
  return emulator.calls().filter((c) => c.action === action).length;
}

export function json(result: CliResult): any {
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(`stdout is not one JSON document:\n${result.stdout}\n--- stderr:\n${result.stderr}`);
  }
}
