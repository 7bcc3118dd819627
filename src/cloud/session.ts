/**
 * What an online command calls to get its gateways: picks the endpoint (the cloud, an
 * `--endpoint` / ACKL2_ENDPOINT override, or an in-process `--emulator`), resolves
 * credentials, builds the official SDK clients with their own retries off, and wires the one
 * rate limiter, retry policy and debug log shared by everything the command does.
 * The SDKs (and the emulator) are imported here, lazily, never on the start-up path.
 */

import type { CommandContext } from '../commands/context.js';
import { UserError } from '../errors.js';
import { VERSION } from '../version.js';
import { createAckGateway } from './ack.js';
import { resolveCredentials, staticCredentials, type ResolvedCredentials } from './credentials.js';
import { darabonba, loadCs, loadEcs, loadOpenApi, loadVpc } from './sdk.js';
import { createEcsGateway } from './ecs.js';
import { createVpcGateway } from './vpc.js';
import { ApiInvoker, type CallStats } from './invoker.js';
import { DEFAULT_REQUESTS_PER_SECOND, RateLimiter } from './rate-limiter.js';
import { Redactor } from './redact.js';
import type { CloudGateways } from './types.js';

export interface EmulatorInfo {
  endpoint: string;
  statePath: string;
}

export interface CloudSession extends CloudGateways {
  region: string;
  /** The endpoint override in use (undefined: the cloud's regional endpoints). */
  endpoint: string | undefined;
  /** Set when ackl2 started an in-process emulator for this command (`--emulator`). */
  emulator: EmulatorInfo | undefined;
  stats: CallStats;
  redactor: Redactor;
  /** Stop the in-process emulator, if any (state is flushed). */
  close(): Promise<void>;
}

export interface ParsedEndpoint {
  /** host[:port] as the SDK wants it. */
  host: string;
  protocol: 'http' | 'https';
  /** Normalised URL for messages. */
  url: string;
}

/** `127.0.0.1:8700`, `localhost:8700`, `[::1]:8700`: a local emulator, which speaks plain http. */
const LOOPBACK_HOST = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?\/?$/i;

export function parseEndpoint(raw: string): ParsedEndpoint {
  const text = raw.trim();
  // A bare host is the cloud (https), except loopback: the form the SDKs take for an emulator.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : LOOPBACK_HOST.test(text) ? `http://${text}` : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UserError(`--endpoint "${raw}" is not a URL`, { hint: 'use e.g. --endpoint http://127.0.0.1:8700 (an emulator) or https://cs.cn-hangzhou.aliyuncs.com' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`--endpoint "${raw}" must be http:// or https://`, { hint: 'use e.g. --endpoint http://127.0.0.1:8700' });
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.username || url.password) {
    throw new UserError(`--endpoint "${raw}" must be a bare origin (no path, query or user info)`, { hint: 'use e.g. --endpoint http://127.0.0.1:8700' });
  }
  return { host: url.host, protocol: url.protocol === 'http:' ? 'http' : 'https', url: `${url.protocol}//${url.host}` };
}

/** ACKL2_MAX_RPS: the client-side request rate (default 10/s). */
export function requestRateFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.ACKL2_MAX_RPS;
  if (raw === undefined || raw === '') return DEFAULT_REQUESTS_PER_SECOND;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 1000) {
    throw new UserError(`ACKL2_MAX_RPS="${raw}" is not a request rate`, { hint: 'set a number of requests per second between 0.1 and 1000, or unset it (default 10)' });
  }
  return value;
}

/** ACKL2_EMULATOR_SPEED: divide the `--emulator` task durations (demos, tests). Default 1. */
export function emulatorSpeedFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.ACKL2_EMULATOR_SPEED;
  if (raw === undefined || raw === '') return 1;
  const speed = Number(raw);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 1000) {
    throw new UserError(`ACKL2_EMULATOR_SPEED="${raw}" is not a speed factor`, { hint: 'set a number such as 10 (ten times faster), or unset it' });
  }
  return speed;
}

interface EmulatorHandle {
  info: EmulatorInfo;
  accessKeyId: string;
  accessKeySecret: string;
  close(): Promise<void>;
}

async function startLocalEmulator(ctx: CommandContext): Promise<EmulatorHandle> {
  const { startEmulator, defaultStatePath } = await import('../emulator/index.js');
  const statePath = defaultStatePath(ctx.env);
  // The built-in emulator's world is one file, held by one process at a time: wait for it.
  const waitForLock = {
    signal: ctx.signal,
    onWait: (holder: number) =>
      ctx.reporter.info(
        `waiting for another ackl2 command with --emulator (pid ${holder}) to finish with the local emulator's world (${statePath}); to run commands side by side, serve it once with \`ackl2 emulator --state ${statePath}\``,
      ),
  };
  const emulator = await startEmulator({ port: 0, statePath, speed: emulatorSpeedFrom(ctx.env), waitForLock });
  ctx.reporter.info(`using the local ackl2 emulator at ${emulator.endpoint} (state: ${statePath}); nothing is created in Alibaba Cloud`);
  return {
    info: { endpoint: emulator.endpoint, statePath },
    accessKeyId: emulator.accessKeyId,
    accessKeySecret: emulator.accessKeySecret,
    close: () => emulator.close(),
  };
}

export async function openSession(ctx: CommandContext, options: { region: string; signal?: AbortSignal | undefined }): Promise<CloudSession> {
  const { global } = ctx;
  if (global.emulator && global.endpoint) {
    throw new UserError('--emulator and --endpoint (or ACKL2_ENDPOINT) cannot be combined', {
      hint: 'use --emulator for a built-in emulator, or --endpoint URL for one that is already running',
    });
  }
  const rate = requestRateFrom(ctx.env);
  const redactor = new Redactor();
  let endpoint = global.endpoint ? parseEndpoint(global.endpoint) : undefined;

  let emulator: EmulatorHandle | undefined;
  let credentials: ResolvedCredentials;
  try {
    if (global.emulator) {
      emulator = await startLocalEmulator(ctx);
      endpoint = parseEndpoint(emulator.info.endpoint);
      credentials = await staticCredentials(emulator.accessKeyId, emulator.accessKeySecret, redactor);
    } else {
      credentials = await resolveCredentials({ profile: global.profile, redactor });
    }
    ctx.reporter.debug(`credentials from ${credentials.source}; endpoint ${endpoint?.url ?? 'the regional endpoints of Alibaba Cloud'}; region ${options.region}; at most ${rate} requests/s`);

    const openapi = loadOpenApi();
    const config = () =>
      new openapi.$OpenApiUtil.Config({
        credential: credentials.client,
        regionId: options.region,
        endpoint: endpoint?.host,
        protocol: endpoint?.protocol ?? 'https',
        userAgent: `ackl2/${VERSION}`,
        connectTimeout: 5_000,
        readTimeout: 30_000,
        // One retry policy: ApiInvoker's. The SDK's own stays off.
        retryOptions: new (darabonba().RetryOptions)({ retryable: false }),
      });
    const runtime = () => new (darabonba().RuntimeOptions)({});

    const invoker = new ApiInvoker({
      limiter: new RateLimiter({ ratePerSecond: rate }),
      signal: options.signal ?? ctx.signal,
      debug: global.debug ? (line) => ctx.reporter.debug(line) : undefined,
      redact: redactor.redact,
      endpoint: endpoint?.url,
    });
    const ack = createAckGateway(
      () => {
        const sdk = loadCs();
        return { sdk, client: new sdk.default(config()) };
      },
      invoker,
      options.region,
      runtime,
    );
    const ecs = createEcsGateway(
      () => {
        const sdk = loadEcs();
        return { sdk, client: new sdk.default(config()) };
      },
      invoker,
      options.region,
      runtime,
    );
    const vpc = createVpcGateway(
      () => {
        const sdk = loadVpc();
        return { sdk, client: new sdk.default(config()) };
      },
      invoker,
      options.region,
      runtime,
    );
    const running = emulator;
    return {
      region: options.region,
      endpoint: endpoint?.url,
      emulator: running?.info,
      ack,
      ecs,
      vpc,
      stats: invoker.stats,
      redactor,
      close: async () => {
        if (running) await running.close();
      },
    };
  } catch (error) {
    if (emulator) await emulator.close().catch(() => undefined);
    throw error;
  }
}
