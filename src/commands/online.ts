/**
 * Where an online command gets its cloud session: the composition of the global options and
 * settings (endpoint, --emulator, credentials profile, request rate, debug log) into
 * cloud/session.ts, starting the built-in emulator for `--emulator`. The SDKs and the emulator
 * load here, on demand, never on the start-up path. `withSession` always closes the session
 * (an in-process `--emulator` flushes its state on close).
 */

import type { CloudSession, EmulatorInfo } from '../cloud/session.js';
import { UserError } from '../errors.js';
import { regionFor } from './command-support.js';
import type { CommandContext } from './context.js';

export async function openCloudSession(ctx: CommandContext, options: { region: string; signal?: AbortSignal | undefined }): Promise<CloudSession> {
  if (ctx.sessions) return ctx.sessions.open(options.region);
  const { global } = ctx;
  refuseEmulatorWithEndpoint(ctx);
  const { openSession } = await import('../cloud/session.js');
  const emulator = global.emulator ? await startLocalEmulator(ctx) : undefined;
  try {
    return await openSession({
      region: options.region,
      endpoint: emulator?.info.endpoint ?? global.endpoint,
      keyPair: emulator?.keyPair,
      profile: global.profile,
      env: ctx.env,
      ratePerSecond: ctx.settings.maxRps,
      ratePerAction: ctx.settings.maxRpsPerAction,
      signal: options.signal ?? ctx.signal,
      debug: global.debug ? (line) => ctx.reporter.debug(line) : undefined,
      emulator,
    });
  } catch (error) {
    await emulator?.close().catch(() => undefined);
    throw error;
  }
}

export function refuseEmulatorWithEndpoint(ctx: CommandContext): void {
  if (ctx.global.emulator && ctx.global.endpoint) {
    throw new UserError('--emulator and --endpoint (or ACKL2_ENDPOINT) cannot be combined', {
      hint: 'use --emulator for a built-in emulator, or --endpoint URL for one that is already running',
    });
  }
}

export async function withSession<T>(ctx: CommandContext, work: (session: CloudSession) => Promise<T>, options: { region?: string; signal?: AbortSignal } = {}): Promise<T> {
  const session = await openCloudSession(ctx, { region: options.region ?? regionFor(ctx), signal: options.signal });
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

export interface LocalEmulator {
  info: EmulatorInfo;
  keyPair: { accessKeyId: string; accessKeySecret: string };
  close(): Promise<void>;
}

/** `--emulator`: the built-in emulator on a free loopback port, its world in the user's cache. */
export async function startLocalEmulator(ctx: CommandContext): Promise<LocalEmulator> {
  const { startEmulator, defaultStatePath } = await import('../emulator/index.js');
  const catalogue = ctx.global.emulatorCatalog;
  const statePath = defaultStatePath(ctx.env, catalogue);
  // The built-in emulator's world is one file, held by one process at a time: wait for it.
  const waitForLock = {
    signal: ctx.signal,
    onWait: (holder: number) =>
      ctx.reporter.info(
        `waiting for another ackl2 command with --emulator (pid ${holder}) to finish with the local emulator's world (${statePath}); to run commands side by side, serve it once with \`ackl2 emulator --state ${statePath}\``,
      ),
  };
  const emulator = await startEmulator({ port: 0, statePath, speed: ctx.settings.emulatorSpeed, waitForLock, catalogue });
  ctx.reporter.info(`using the local ackl2 emulator at ${emulator.endpoint} playing catalogue ${emulator.catalogue} (state: ${statePath}); nothing is created in Alibaba Cloud`);
  return {
    info: { endpoint: emulator.endpoint, statePath, catalogue: emulator.catalogue },
    keyPair: { accessKeyId: emulator.accessKeyId, accessKeySecret: emulator.accessKeySecret },
    close: () => emulator.close(),
  };
}
