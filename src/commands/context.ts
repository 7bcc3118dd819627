/**
 * What every command receives: the parsed global options, the reporter, and the process
 * surroundings (injectable so commands can be tested in-process).
 */

import type { Settings } from '../settings.js';
import type { OutputFormat, Reporter } from '../ui/reporter.js';
import type { CloudSession } from '../cloud/session.js';
import type { FactsSource } from '../apply/facts-cache.js';
import type { ClusterWatcher } from '../apply/pool-watcher.js';

export interface GlobalOptions {
  region?: string | undefined;
  /** aliyun CLI credentials profile name (as ALIBABA_CLOUD_PROFILE). */
  profile?: string | undefined;
  endpoint?: string | undefined;
  emulator: boolean;
  /** The dated catalogue the `--emulator` plays (--emulator-catalog or ACKL2_EMULATOR_CATALOG); default 2026-11. */
  emulatorCatalog?: string | undefined;
  output: OutputFormat;
  events: boolean;
  quiet: boolean;
  debug: boolean;
  color: boolean;
  /** --allow-outside-project: `extends` may read bases outside the project. */
  allowOutsideProject?: boolean;
}

export interface CommandContext {
  global: GlobalOptions;
  reporter: Reporter;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The ACKL2_* settings (and CI, NO_COLOR), read once by main.ts. */
  settings: Settings;
  /** Aborted on SIGINT/SIGTERM; long-running commands stop cleanly and say how to resume. */
  signal: AbortSignal;
  /** True when a person can answer a prompt (stdin and stderr are TTYs, CI unset). */
  interactive: boolean;
  /** Set inside a fleet run: every profile takes its region's session (and the one flow limiter, and the region's preflight answers) from here. */
  sessions?: RegionSessions | undefined;
}

/** What a fleet run lends each of its profiles (fleet/shared-sessions.ts is the one implementation). */
export interface RegionSessions {
  /** The region's session; closing it is the fleet's job, not the borrower's. */
  open(region: string): Promise<CloudSession>;
  /** The region's preflight answers, shared by every profile of the run in that region. */
  factsOf(region: string): FactsSource;
  /** The region's one cluster watcher, made by `make` on first use and shared by the run's profiles. */
  clusterWatcherOf(region: string, make: (signal: AbortSignal) => ClusterWatcher): ClusterWatcher;
}
