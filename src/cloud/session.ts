/**
 * An online command's gateways: the official SDK clients (their own retries off) behind one
 * invoker (rate limit, retries, redacted debug log), with credentials from a fixed key pair or
 * the default chain. Which endpoint, which emulator and which settings is the caller's
 * (src/commands/online.ts). The SDKs are required on first use, never on the start-up path.
 */

import { UserError } from '../errors.js';
import { VERSION } from '../version.js';
import { createAckGateway } from './ack.js';
import { resolveCredentials, staticCredentials, type ResolvedCredentials } from './credentials.js';
import { darabonba, loadCs, loadEcs, loadOpenApi, loadVpc } from './sdk.js';
import { createEcsGateway } from './ecs.js';
import { createVpcGateway } from './vpc.js';
import { ApiInvoker, type CallStats } from './invoker.js';
import { FlowLimiter, type RequestGate } from './flow-limiter.js';
import { Redactor } from './redact.js';
import type { CloudGateways } from './types.js';

export interface EmulatorInfo {
  endpoint: string;
  statePath: string;
  /** The dated ACK offer it plays (a later `--emulator` run must name the same one to see this world). */
  catalogue: string;
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

export interface SessionOptions {
  region: string;
  /** An endpoint override (`--endpoint`, ACKL2_ENDPOINT, a started emulator); default: the cloud's regional endpoints. */
  endpoint?: string | undefined;
  /** A fixed key pair (an emulator's); default: the credentials chain. */
  keyPair?: { accessKeyId: string; accessKeySecret: string } | undefined;
  /** aliyun CLI credentials profile for the chain. */
  profile?: string | undefined;
  /** The run's environment, where the chain's first step reads a key pair (default: the process's). */
  env?: NodeJS.ProcessEnv | undefined;
  /** Requests per second of all actions together. */
  ratePerSecond: number;
  /** Requests per second of any one action (default: ratePerSecond). */
  ratePerAction?: number | undefined;
  /** A limiter shared with other sessions (a fleet run: one for every profile and region); default: a new one at these rates. */
  limiter?: RequestGate | undefined;
  signal: AbortSignal;
  debug?: ((line: string) => void) | undefined;
  /** An emulator the caller started for this session: reported in the session, stopped by close(). */
  emulator?: { info: EmulatorInfo; close(): Promise<void> } | undefined;
}

/**
 * The gateways of one command. Starting an emulator and reading settings are the caller's
 * (src/commands/online.ts); this only wires SDK clients, credentials, the rate limit and the log.
 */
export async function openSession(options: SessionOptions): Promise<CloudSession> {
  const rate = options.ratePerSecond;
  const redactor = new Redactor();
  const endpoint = options.endpoint ? parseEndpoint(options.endpoint) : undefined;
  const { emulator } = options;
  let credentials: ResolvedCredentials;
  try {
    credentials = options.keyPair
      ? await staticCredentials(options.keyPair.accessKeyId, options.keyPair.accessKeySecret, redactor)
      : await resolveCredentials({ profile: options.profile, redactor, env: options.env });
    options.debug?.(`credentials from ${credentials.source}; endpoint ${endpoint?.url ?? 'the regional endpoints of Alibaba Cloud'}; region ${options.region}; at most ${options.ratePerAction ?? rate} requests/s per API action, ${rate} in all`);

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
      limiter: options.limiter ?? new FlowLimiter({ totalPerSecond: rate, perActionPerSecond: options.ratePerAction ?? rate }),
      signal: options.signal,
      debug: options.debug,
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
    return {
      region: options.region,
      endpoint: endpoint?.url,
      emulator: emulator?.info,
      ack,
      ecs,
      vpc,
      stats: invoker.stats,
      redactor,
      close: async () => {
        if (emulator) await emulator.close();
      },
    };
  } catch (error) {
    if (emulator) await emulator.close().catch(() => undefined);
    throw error;
  }
}
