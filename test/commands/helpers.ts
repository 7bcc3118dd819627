/**
 * The e2e harness of test/e2e/harness.ts for the read/delete/kubeconfig/images/pin commands,
 * with cloud setup through the official SDK clients: the emulator on the wall clock with short
 * task durations (these tests set clusters up through the SDK, outside any CLI run), the CLI
 * polling as a person's run would, not in CI mode, in the emulator's region.
 */

import { expect } from 'vitest';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/index.js';
import { startCloud } from '../e2e/harness.js';
import { clients, clusterRequest, cs, poolRequest, waitTask, type CsClient } from '../emulator/helpers.js';
import type { CliResult } from '../helpers/cli.js';

export { cs, WORLD } from '../emulator/helpers.js';

/** Task durations in ms (speed 1): clusters and pools are ready in a blink. */
export const FAST = { clusterCreateMs: 80, nodePoolCreateMs: 60, scaleMs: 60, attachMs: 60, clusterDeleteMs: 150, deletedVisibleMs: 100, quickTaskMs: 20 };

export interface Harness {
  emulator: RunningEmulator;
  home: string;
  /** What `cli` runs the CLI with (a private HOME, the endpoint, the AccessKey, the region). */
  env: Record<string, string | undefined>;
  sdk: CsClient;
  /** Run the built CLI against the emulator; extra env wins. Fails the test on a leaked secret. */
  cli(args: string[], options?: { env?: Record<string, string | undefined>; cwd?: string; input?: string }): Promise<CliResult>;
  /** `cli` inside the test's process (runCliInProcess): only for a step that is not the test's subject. */
  inProcess(args: string[], options?: { env?: Record<string, string | undefined>; cwd?: string; input?: string }): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const cloud = await startCloud({ clock: 'wall', qps: undefined, durations: FAST, accessKeySecret: 'e2e-Secret-9f8e7d6c5b4a', seed: 11, ...options });
  // the emulator's own flow control (qps) stays on: the CLI's default rate limits apply
  const noSecret = async (run: Promise<CliResult>) => {
    const result = await run;
    expect(result.stdout + result.stderr, 'the AccessKey secret leaked into the output').not.toContain(cloud.emulator.accessKeySecret);
    return result;
  };
  const env = { ...cloud.env, KUBECONFIG: undefined, CI: undefined, ACKL2_MAX_RPS: undefined, ACKL2_MAX_RPS_PER_ACTION: undefined, ALIBABA_CLOUD_REGION_ID: cloud.emulator.region, ACKL2_POLL: '40ms,1.5,150ms' };
  return {
    emulator: cloud.emulator,
    home: cloud.env.HOME!,
    env,
    sdk: clients(cloud.emulator).cs,
    cli: (args, extra = {}) => noSecret(cloud.run(args, { cwd: extra.cwd, input: extra.input, env: { ...env, ...extra.env } })),
    inProcess: (args, extra = {}) => noSecret(cloud.inProcess(args, { cwd: extra.cwd, input: extra.input, env: { ...env, ...extra.env } })),
    close: () => cloud.close(),
  };
}

export interface MadeCluster {
  clusterId: string;
  name: string;
}

/** A running cluster (Terway, zones h+i) with the given pools, each active. */
export async function makeCluster(
  sdk: CsClient,
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
