/**
 * The local ACK/ECS emulator, in process: `startEmulator()` serves the ACK (2015-12-15, ROA)
 * and ECS (2014-05-26, RPC) OpenAPIs on 127.0.0.1 so the unmodified official SDKs work with
 * only `endpoint` and `protocol: 'http'` changed. Loaded lazily (never on the start-up path of
 * --help/validate/plan) and never imports the SDKs: it is the server, they are the clients.
 */

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { homeOf } from '../home.js';
import { createClock, type ClockChange, type ClockOption, type ClockView } from './clock.js';
import { emptyFaultSpec, parseFaultSpec, type FaultSpec } from './faults.js';
import { scaleDurations, type Durations } from './lifecycle.js';
import { startHousekeeping } from './memory-housekeeping.js';
import { StateFile, type LockWait } from './persistence.js';
import { newControlToken } from './pipeline/guard.js';
import { EmulatorServer, type CallRecord } from './server.js';
import type { StsCredentials } from './signature.js';
import type { EmulatorState } from './state.js';
import { loadWorldFile } from './world-file.js';
import { defaultWorld, type World } from './world.js';
import { withSpareInstances } from './spare-instances.js';
import { DEFAULT_CATALOGUE, catalogueNames } from '../catalog/index.js';

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Persist the world to this JSON file (atomic writes, locked); in memory when absent. */
  statePath?: string;
  /** Divide every task duration by this factor (10 makes tests fast). Default 1. */
  speed?: number;
  /** Task durations at speed 1, overriding the defaults (a few seconds each). */
  durations?: Partial<Durations>;
  /** Fault probabilities and one-shot faults: a spec string (`throttle=0.1,taskFail@CreateClusterNodePool`) or parsed. */
  faults?: string | FaultSpec;
  /** Seed for fault dice and generated ids, so a run replays. Random when absent. */
  seed?: number;
  /** Seed this many more Running instances in the demo VPC of cn-hangzhou (spare-instances.ts). */
  spareInstances?: number;
  /** The world to start from: an object, or a YAML/JSON file path. Default: the built-in world. */
  world?: World | string;
  /** The dated catalogue the built-in world plays (`2026-11`, `2024-03`); not with `world`. Default `2026-11`. */
  catalogue?: string;
  /** The AccessKey pair the emulator accepts. Defaults: id `LTAI5tEmulatorAckl2`, a random secret. */
  accessKeyId?: string;
  accessKeySecret?: string;
  /** An STS triple also accepted (requests must carry its security token). */
  sts?: StsCredentials;
  /** Per-action flow control: requests per second (token bucket). Default 20; 0 disables. */
  qps?: number;
  /** Bucket size; defaults to qps. */
  burst?: number;
  /** Per-action qps overrides, e.g. { DescribeTaskInfo: 5 }. */
  qpsPerAction?: Record<string, number>;
  /**
   * Emulated time: the wall clock (default), or a virtual clock that moves only when told
   * (`advanceClock`, POST /_emulator/clock) and by `stepMs` per API call served. See clock.ts.
   */
  clock?: ClockOption;
  /** A clock function (epoch ms) used for everything, signatures included: unit tests of time. */
  now?: () => number;
  /** The token control calls that change the emulator need. Random when absent. */
  token?: string;
  /** Wait while another live emulator holds the state file, instead of failing at once. */
  waitForLock?: LockWait;
  /** The most calls the call log keeps (default 20,000; 0 keeps none); its per-action totals count every call. */
  callLog?: number;
  /**
   * Every this many ms, a full garbage collection if the heap in use grew (memory-housekeeping.ts).
   * Default 0: V8's own heuristics alone. `ackl2 emulator` (its own process) turns it on.
   */
  gcEveryMs?: number;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  /** `127.0.0.1:PORT`: what the official SDKs take as `endpoint` (with protocol: 'http'). */
  host: string;
  port: number;
  accessKeyId: string;
  accessKeySecret: string;
  /** The region the default world (and the ready-made profiles) use. */
  region: string;
  /** The dated catalogue the world plays, `custom` for a world file that names none. */
  catalogue: string;
  /** Control calls that change the emulator send it as `Authorization: Bearer TOKEN`. */
  token: string;
  /** The emulated time and the kind of clock. */
  clock(): ClockView;
  /** Move a virtual clock forward and/or set its step per API call (a wall clock refuses). */
  changeClock(change: ClockChange): ClockView;
  /** Back to the initial world; a fresh seed unless one is given. */
  reset(seed?: number): { seed: number };
  /** Current state, settled to now (a copy). */
  state(): EmulatorState;
  /** The call log (a copy). */
  calls(): CallRecord[];
  /** Stop listening, flush the state file and release its lock. */
  close(): Promise<void>;
}

export const DEFAULT_ACCESS_KEY_ID = 'LTAI5tEmulatorAckl2';
export const DEFAULT_REGION = 'cn-hangzhou';
export const DEFAULT_QPS = 20;

/**
 * `$XDG_CACHE_HOME/ackl2/emulator-state.json`, else `~/.cache/ackl2/emulator-state.json`;
 * a catalogue other than the default gets its own file (`emulator-state-2024-03.json`), so
 * switching catalogues never meets the other world.
 */
export function defaultStatePath(env: NodeJS.ProcessEnv = process.env, catalogue: string = DEFAULT_CATALOGUE): string {
  const cache = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homeOf(env), '.cache');
  return join(cache, 'ackl2', catalogue === DEFAULT_CATALOGUE ? 'emulator-state.json' : `emulator-state-${catalogue}.json`);
}

/** The world to start from: built-in (playing the catalogue), a copy of the given one, or read from a file. */
async function resolveWorld(world: World | string | undefined, catalogue: string | undefined): Promise<World> {
  if (world !== undefined && catalogue !== undefined) {
    throw new UserError('a catalogue and a world file cannot be combined', { hint: 'a world file carries its own offer (its optional `catalogue:` names it); pass one or the other' });
  }
  if (catalogue !== undefined && !catalogueNames().includes(catalogue)) {
    throw new UserError(`unknown catalogue "${catalogue}"`, { hint: `choose one of: ${catalogueNames().join(', ')} (docs/emulator.md, "Catalogues")` });
  }
  if (world === undefined) return defaultWorld(catalogue);
  if (typeof world === 'string') return loadWorldFile(world);
  return structuredClone(world);
}

function checkedCallLogCap(cap: number | undefined): number | undefined {
  if (cap !== undefined && (!Number.isInteger(cap) || cap < 0)) throw new UserError(`the call log cap must be a whole number of calls (0 or more), not ${cap}`);
  return cap;
}

/** The catalogue name a world reports. */
export function catalogueOf(world: World): string {
  return world.catalogue ?? 'custom';
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`port must be a whole number from 0 to 65535, not ${port}`);
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new UserError(`speed must be a positive number, not ${speed}`);
  const qps = options.qps ?? DEFAULT_QPS;
  const callLogCap = checkedCallLogCap(options.callLog);
  const gcEveryMs = options.gcEveryMs ?? 0;
  if (!Number.isInteger(gcEveryMs) || gcEveryMs < 0) throw new UserError(`the garbage collection interval must be a whole number of ms (0 or more), not ${gcEveryMs}`);
  if (!(qps >= 0)) throw new UserError(`qps must be 0 (off) or a positive number, not ${qps}`);
  const faultSpec = typeof options.faults === 'string' ? parseFaultSpec(options.faults) : (options.faults ?? emptyFaultSpec());
  const world = withSpareInstances(await resolveWorld(options.world, options.catalogue), options.spareInstances ?? 0);
  const seed = options.seed ?? randomBytes(4).readUInt32BE(0);
  const accessKeyId = options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID;
  const accessKeySecret = options.accessKeySecret ?? randomBytes(18).toString('base64url');
  if (accessKeyId === '' || accessKeySecret === '') throw new UserError('the AccessKey id and secret must not be empty');

  const clock = createClock(options.clock, options.now);
  const controlToken = options.token ?? newControlToken();
  const stateFile = options.statePath ? new StateFile(options.statePath) : undefined;
  if (options.waitForLock) await stateFile?.lockWhenFree(options.waitForLock);
  else stateFile?.lock();
  let emulator: EmulatorServer;
  const housekeeping = startHousekeeping({ everyMs: gcEveryMs });
  try {
    emulator = new EmulatorServer({
      credentials: { accessKeyId, accessKeySecret, sts: options.sts },
      durations: scaleDurations(options.durations ?? {}, speed),
      world,
      seed,
      faultSpec,
      flow: { qps, burst: options.burst, perAction: options.qpsPerAction },
      clock,
      controlToken,
      stateFile,
      callLogCap,
      housekeeping: () => housekeeping.stats(),
    });
    const saved = catalogueOf(emulator.snapshot().world);
    if (saved !== catalogueOf(world)) {
      throw new UserError(`the emulator state file ${options.statePath} holds a world playing catalogue ${saved}, not ${catalogueOf(world)}`, {
        hint: `pick the catalogue it holds, or give this catalogue its own state file (--state); the file was left as it is`,
      });
    }
  } catch (error) {
    housekeeping.stop();
    stateFile?.unlock();
    throw error;
  }

  const server = createServer((req, res) => {
    emulator.handle(req, res).catch(() => res.destroy());
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    housekeeping.stop();
    stateFile?.unlock();
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`the emulator cannot listen on 127.0.0.1:${port}${code ? ` (${code})` : ''}`, { hint: code === 'EADDRINUSE' ? 'pick another --port, or 0 for any free port' : undefined });
  }
  const actualPort = (server.address() as AddressInfo).port;
  const host = `127.0.0.1:${actualPort}`;
  const regionIds = world.regions.map((r) => r.id);
  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://${host}`,
    host,
    port: actualPort,
    accessKeyId,
    accessKeySecret,
    region: regionIds.includes(DEFAULT_REGION) ? DEFAULT_REGION : (regionIds[0] ?? DEFAULT_REGION),
    catalogue: catalogueOf(world),
    token: controlToken,
    clock: () => emulator.clockView(),
    changeClock: (change) => emulator.changeClock(change),
    reset: (seed) => emulator.reset(seed),
    state: () => emulator.snapshot(),
    calls: () => emulator.calls(),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).finally(() => {
        housekeeping.stop();
        try {
          emulator.persist();
        } finally {
          stateFile?.unlock();
        }
      });
      return closed;
    },
  };
}

export type { ActionTotals, CallLogStats, CallRecord } from './call-log.js';
export type { ClockChange, ClockOption, ClockView } from './clock.js';
export { StateFileLocked } from './persistence.js';
export type { FaultSpec, OneShotFault, FaultClass } from './faults.js';
export type { Durations } from './lifecycle.js';
export type { World } from './world.js';
export type { EmulatorState } from './state.js';
export type { StsCredentials } from './signature.js';
export { parseFaultSpec } from './faults.js';
export { defaultWorld } from './world.js';
export { loadWorldFile } from './world-file.js';
export { ACK_ERRORS } from './ack/errors.js';
