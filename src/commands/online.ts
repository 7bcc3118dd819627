/**
 * The frame of a read-or-delete command that talks to the cloud: pick the region, open one
 * session (SDKs loaded lazily here, never on the start-up path), always close it (an
 * in-process `--emulator` flushes its state on close).
 */

import { regionFor } from './command-support.js';
import type { CloudSession } from '../cloud/session.js';
import type { CommandContext } from './context.js';

export async function withSession<T>(ctx: CommandContext, work: (session: CloudSession) => Promise<T>, options: { region?: string; signal?: AbortSignal } = {}): Promise<T> {
  const region = options.region ?? regionFor(ctx);
  const { openSession } = await import('../cloud/session.js');
  const session = await openSession(ctx, { region, signal: options.signal });
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
