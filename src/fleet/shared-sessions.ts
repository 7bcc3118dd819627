/**
 * The cloud sessions of a fleet run: one per region (one credential resolution each), all
 * drawing on ONE rate limiter, so fifty profiles together stay under the account's API quota
 * exactly as one profile does. With `--emulator`, one in-process emulator serves them all.
 * Profiles borrow a session; only `closeAll` ends them.
 */

import type { CloudSession } from '../cloud/session.js';
import type { RateLimiter } from '../cloud/rate-limiter.js';
import type { CommandContext } from '../commands/context.js';
import { refuseEmulatorWithEndpoint, startLocalEmulator, type LocalEmulator } from '../commands/online.js';

export class SharedSessions {
  private readonly byRegion = new Map<string, Promise<CloudSession>>();
  private emulator: Promise<LocalEmulator | undefined> | undefined;
  private limiter: RateLimiter | undefined;

  constructor(
    private readonly ctx: CommandContext,
    private readonly signal: AbortSignal,
  ) {}

  /** The region's session, opened on first use; its close() is a no-op (closeAll ends it). */
  open(region: string): Promise<CloudSession> {
    let session = this.byRegion.get(region);
    if (!session) {
      session = this.openRegion(region);
      this.byRegion.set(region, session);
      // A failed open is retried by the next profile of that region, not cached.
      session.catch(() => this.byRegion.delete(region));
    }
    return session.then((shared) => ({ ...shared, close: async () => undefined }));
  }

  async closeAll(): Promise<void> {
    const sessions = await Promise.allSettled([...this.byRegion.values()]);
    for (const s of sessions) if (s.status === 'fulfilled') await s.value.close().catch(() => undefined);
    const emulator = await this.emulator?.catch(() => undefined);
    await emulator?.close().catch(() => undefined);
  }

  private async openRegion(region: string): Promise<CloudSession> {
    const { ctx } = this;
    refuseEmulatorWithEndpoint(ctx);
    const { openSession } = await import('../cloud/session.js');
    const { RateLimiter } = await import('../cloud/rate-limiter.js');
    this.limiter ??= new RateLimiter({ ratePerSecond: ctx.settings.maxRps });
    this.emulator ??= ctx.global.emulator ? startLocalEmulator(ctx) : Promise.resolve(undefined);
    const emulator = await this.emulator;
    return openSession({
      region,
      endpoint: emulator?.info.endpoint ?? ctx.global.endpoint,
      keyPair: emulator?.keyPair,
      profile: ctx.global.profile,
      ratePerSecond: ctx.settings.maxRps,
      limiter: this.limiter,
      signal: this.signal,
      debug: ctx.global.debug ? (line) => ctx.reporter.debug(`${region}: ${line}`) : undefined,
      // The emulator is the fleet's: reported in each session, stopped once by closeAll.
      emulator: emulator ? { info: emulator.info, close: async () => undefined } : undefined,
    });
  }
}
