/**
 * The cloud sessions of a fleet run: one per region (one credential resolution each), all
 * drawing on ONE flow limiter (per API action, under a total cap), so fifty profiles together
 * stay under the account's per-action quotas exactly as one profile does; and one store of
 * preflight answers per region, so what every profile asks alike is read once. With
 * `--emulator`, one in-process emulator serves them all. Profiles borrow a session; only
 * `closeAll` ends them.
 */

import type { CloudSession } from '../cloud/session.js';
import type { FlowLimiter } from '../cloud/flow-limiter.js';
import { FactsCache } from '../apply/facts-cache.js';
import type { ClusterWatcher } from '../apply/pool-watcher.js';
import type { CommandContext, RegionSessions } from '../commands/context.js';
import { refuseEmulatorWithEndpoint, startLocalEmulator, type LocalEmulator } from '../commands/online.js';
import type { Turns } from './turns.js';

export class SharedSessions implements RegionSessions {
  private readonly byRegion = new Map<string, Promise<CloudSession>>();
  private emulator: Promise<LocalEmulator | undefined> | undefined;
  private limiter: FlowLimiter | undefined;
  private readonly facts = new Map<string, FactsCache>();
  private readonly clusterWatchers = new Map<string, ClusterWatcher>();

  constructor(
    private readonly ctx: CommandContext,
    private readonly signal: AbortSignal,
    /** The run's turn-taking (turns.ts): shared answers reach the profiles one per turn. */
    private readonly turns?: Turns,
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

  /** The region's one cluster poll, shared by every profile waiting for its cluster (made by `make` on first use). */
  clusterWatcherOf(region: string, make: (signal: AbortSignal) => ClusterWatcher): ClusterWatcher {
    let watcher = this.clusterWatchers.get(region);
    if (!watcher) {
      watcher = make(this.signal);
      this.clusterWatchers.set(region, watcher);
    }
    return watcher;
  }

  /** The region's preflight answers, shared by every profile of the run in that region. */
  factsOf(region: string): FactsCache {
    let facts = this.facts.get(region);
    if (!facts) {
      const { turns } = this;
      facts = new FactsCache(turns && (() => turns.next()));
      this.facts.set(region, facts);
    }
    return facts;
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
    const { FlowLimiter } = await import('../cloud/flow-limiter.js');
    this.limiter ??= new FlowLimiter({ totalPerSecond: ctx.settings.maxRps, perActionPerSecond: ctx.settings.maxRpsPerAction });
    this.emulator ??= ctx.global.emulator ? startLocalEmulator(ctx) : Promise.resolve(undefined);
    const emulator = await this.emulator;
    return openSession({
      region,
      endpoint: emulator?.info.endpoint ?? ctx.global.endpoint,
      keyPair: emulator?.keyPair,
      profile: ctx.global.profile,
      env: ctx.env,
      ratePerSecond: ctx.settings.maxRps,
      ratePerAction: ctx.settings.maxRpsPerAction,
      limiter: this.limiter,
      signal: this.signal,
      debug: ctx.global.debug ? (line) => ctx.reporter.debug(`${region}: ${line}`) : undefined,
      // The emulator is the fleet's: reported in each session, stopped once by closeAll.
      emulator: emulator ? { info: emulator.info, close: async () => undefined } : undefined,
    });
  }
}
