/**
 * The emulator's HTTP front: tells ACK (ROA) from ECS (RPC) traffic, verifies signatures,
 * injects faults and flow control, dispatches to the service backends over one state, renders
 * each service's answer in its own style, and logs every call. Control endpoints under
 * /_emulator/ need no signature but only answer loopback clients.
 */

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, gatewayErrors } from './api-error.js';
import { matchAckRoute } from './ack/routes.js';
import { checkRequestShape } from './ack/shape-check.js';
import type { BackendContext } from './context.js';
import { ECS_ACTIONS } from './ecs/actions.js';
import { VPC_ACTIONS, VPC_VERSION } from './vpc/actions.js';
import { FaultController, FlowControl, parseFaultSpec, type FaultSpec, type RequestFault } from './faults.js';
import { isObject } from './json.js';
import { settle, type Durations } from './lifecycle.js';
import type { StateFile } from './persistence.js';
import { IdFactory, SeededRandom } from './random.js';
import { verifySignature, type AcceptedCredentials, type SignedRequest } from './signature.js';
import { initialState, type EmulatorState, type Json, type JsonObject } from './state.js';
import type { World } from './world.js';

export const ACK_VERSION = '2015-12-15';
export const ECS_VERSION = '2014-05-26';
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** How long the rest of a refused body is read before the connection is cut. */
const DISCARD_GRACE_MS = 5_000;
const MAX_CALLS = 20_000;

export interface CallRecord {
  time: string;
  service: 'ack' | 'ecs' | 'vpc' | 'unknown';
  action: string;
  method: string;
  path: string;
  status: number;
  errorCode?: string;
  durationMs: number;
  /** The fault injected into this call, if any (taskFail: the task it started will fail). */
  fault?: RequestFault | 'taskFail';
  mutating: boolean;
  requestId: string;
}

export interface EmulatorCore {
  credentials: AcceptedCredentials;
  durations: Durations;
  world: World;
  seed: number;
  faultSpec: FaultSpec;
  flow: { qps: number; burst?: number | undefined; perAction?: Record<string, number> | undefined };
  now: () => number;
  stateFile?: StateFile | undefined;
}

type Service = 'ack' | 'ecs';

interface Classified {
  service: Service | 'vpc' | 'unknown';
  action: string;
  mutating: boolean;
  run?: (ctx: BackendContext) => { status: number; body: Json };
}

export class EmulatorServer {
  state: EmulatorState;
  readonly calls: CallRecord[] = [];
  private faults: FaultController;
  private flow: FlowControl;
  private ids: IdFactory;

  constructor(private readonly core: EmulatorCore) {
    const saved = core.stateFile?.load();
    this.state = saved ?? initialState(core.world, core.seed ^ 0x5eed, core.now());
    this.ids = new IdFactory(new SeededRandom(this.state.idSeed));
    this.faults = new FaultController(core.faultSpec, core.seed);
    this.flow = new FlowControl(core.flow);
    if (!saved) this.persist();
  }

  /** Never throws: every failure becomes an answer (or a dropped socket for `reset`). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = randomUUID().toUpperCase();
    const { body, tooLarge, aborted } = await readBody(req);
    if (aborted) {
      res.destroy();
      return;
    }
    // The raw request target, never resolved as a URL: `//host/x` is a path here, not a host.
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const rawPath = (queryAt < 0 ? target : target.slice(0, queryAt)) || '/';
    const rawQuery = queryAt < 0 ? undefined : target.slice(queryAt + 1);
    if (rawPath.startsWith('/_emulator/') || rawPath === '/_emulator') {
      if (tooLarge) {
        discardRest(req);
        res.writeHead(413, { 'content-type': 'application/json;charset=utf-8', connection: 'close' });
        res.end(JSON.stringify({ error: `the request body is larger than ${MAX_BODY_BYTES} bytes` }));
        return;
      }
      this.control(req, res, rawPath, body);
      return;
    }
    const headers = flattenHeaders(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const call: CallRecord = { time: new Date(started).toISOString(), service: 'unknown', action: '', method, path: rawPath, status: 0, durationMs: 0, mutating: false, requestId };
    const finish = (status: number, payload: Json, extraHeaders: Record<string, string> = {}) => {
      call.status = status;
      call.durationMs = Date.now() - started;
      this.record(call);
      if (res.headersSent || res.destroyed) return;
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId, 'content-length': Buffer.byteLength(text), ...extraHeaders });
      res.end(text);
    };
    const fail = (error: ApiError, service: Service) => {
      call.errorCode = error.code;
      finish(error.status, renderError(error, service, requestId, headers.host ?? ''), error.headers);
    };
    const guessedService: Service = rpcStyle(rawPath) ? 'ecs' : 'ack';
    if (tooLarge) {
      // Answer, read the rest into nothing so the client gets to see the answer, then close.
      discardRest(req);
      fail(gatewayErrors.tooLarge(MAX_BODY_BYTES), guessedService);
      return;
    }
    try {
      await this.serve({ req, method, rawPath, rawQuery, headers, body, call, started, requestId, finish, fail, guessedService });
    } catch (error) {
      // A bug in a backend must cost one answer, never the server.
      fail(asApiError(error), guessedService);
    }
  }

  private async serve(r: {
    req: IncomingMessage;
    method: string;
    rawPath: string;
    rawQuery: string | undefined;
    headers: Record<string, string>;
    body: Buffer;
    call: CallRecord;
    started: number;
    requestId: string;
    finish: (status: number, payload: Json, extraHeaders?: Record<string, string>) => void;
    fail: (error: ApiError, service: Service) => void;
    guessedService: Service;
  }): Promise<void> {
    const { req, method, rawPath, rawQuery, headers, body, call, started, requestId, finish, fail } = r;
    const query = Object.fromEntries(new URLSearchParams(rawQuery ?? ''));
    const form = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(body.toString('utf8'))) : {};
    const signed: SignedRequest = { method, rawPath, query, rawQuery, form, headers, body };

    let classified: Classified;
    try {
      classified = this.classify(method, rawPath, headers, query, form, body);
    } catch (error) {
      fail(asApiError(error), r.guessedService);
      return;
    }
    const service: Service = classified.service === 'ack' ? 'ack' : 'ecs';
    call.service = classified.service;
    call.action = classified.action;
    call.mutating = classified.mutating;
    try {
      if (!classified.run) throw gatewayErrors.unknownAction(`${method} ${rawPath}${classified.action ? ` (${classified.action})` : ''}`);
      const now = this.core.now();
      verifySignature(signed, this.core.credentials, now);

      const decision = this.faults.forRequest(classified.action);
      if (decision) call.fault = decision.fault;
      if (decision?.fault === 'reset') {
        call.durationMs = Date.now() - started;
        this.record(call);
        req.socket.destroy();
        return;
      }
      if (decision?.fault === 'unavailable') throw gatewayErrors.unavailable();
      if (decision?.fault === 'throttle') throw gatewayErrors.throttled();
      if (decision?.fault === 'slow') await sleep(this.faults.slowMs);
      if (!this.flow.take(classified.action, this.core.now())) throw gatewayErrors.throttled();

      const at = this.core.now();
      const settled = settle(this.state, at, this.core.durations);
      const ctx: BackendContext = { state: this.state, now: at, ids: this.ids, faults: this.faults, action: classified.action, durations: this.core.durations, requestId };
      let result: { status: number; body: Json };
      try {
        result = classified.run(ctx);
      } finally {
        if (ctx.injectedTaskFail) call.fault = 'taskFail';
        this.state.idSeed = this.ids.seed;
        if (settled || classified.mutating) this.persist();
      }
      finish(result.status, result.body);
    } catch (error) {
      fail(asApiError(error), service);
    }
  }

  private classify(method: string, rawPath: string, headers: Record<string, string>, query: Record<string, string>, form: Record<string, string>, body: Buffer): Classified {
    const params = { ...query, ...form };
    const version = headers['x-acs-version'] ?? params.Version;
    const rpc = rpcStyle(rawPath);
    if (version === ECS_VERSION || (rpc && version === undefined)) {
      const action = headers['x-acs-action'] ?? params.Action ?? '';
      const handler = ECS_ACTIONS[action];
      return {
        service: 'ecs',
        action,
        mutating: !/^(Describe|List|Get|Query)/.test(action),
        run: handler ? (ctx) => ({ status: 200, body: { RequestId: ctx.requestId, ...handler(params, ctx) } }) : undefined,
      };
    }
    if (version === VPC_VERSION && rpc) {
      const action = headers['x-acs-action'] ?? params.Action ?? '';
      const handler = VPC_ACTIONS[action];
      return {
        service: 'vpc',
        action,
        mutating: !/^(Describe|List|Get|Query)/.test(action),
        run: handler ? (ctx) => ({ status: 200, body: { RequestId: ctx.requestId, ...handler(params, ctx) } }) : undefined,
      };
    }
    if (version === ACK_VERSION || (!rpc && version === undefined)) {
      const match = matchAckRoute(method, rawPath);
      if (!match) return { service: 'ack', action: headers['x-acs-action'] ?? '', mutating: method !== 'GET' };
      return {
        service: 'ack',
        action: match.route.action,
        mutating: match.route.mutating,
        run: (ctx) => {
          const jsonBody = parseJsonBody(body, headers['content-type']);
          checkRequestShape(match.route.action, jsonBody);
          const out = match.route.handler({ method, path: rawPath, pathParams: match.pathParams, query, body: jsonBody }, ctx);
          return { status: out.status ?? 200, body: out.body };
        },
      };
    }
    throw gatewayErrors.invalidVersion(String(version));
  }

  private record(call: CallRecord): void {
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
  }

  /** The state settled to now (a copy). */
  snapshot(): EmulatorState {
    if (settle(this.state, this.core.now(), this.core.durations)) this.persist();
    return structuredClone(this.state);
  }

  persist(): void {
    this.core.stateFile?.save(this.state);
  }

  reset(): void {
    this.state = initialState(this.core.world, this.core.seed ^ 0x5eed, this.core.now());
    this.ids = new IdFactory(new SeededRandom(this.state.idSeed));
    this.faults = new FaultController(this.core.faultSpec, this.core.seed);
    this.flow.reset();
    this.calls.length = 0;
    this.persist();
  }

  // ------------------------------------------------------------------ control plane

  private control(req: IncomingMessage, res: ServerResponse, rawPath: string, body: Buffer): void {
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload, null, 2);
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (!isLoopback(req.socket.remoteAddress)) {
      send(403, { error: 'the /_emulator/ control endpoints only answer loopback clients' });
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const path = rawPath.replace(/\/+$/, '');
    try {
      if (path === '/_emulator/state' && method === 'GET') {
        if (settle(this.state, this.core.now(), this.core.durations)) this.persist();
        send(200, this.state);
      } else if (path === '/_emulator/reset' && method === 'POST') {
        this.reset();
        send(200, { ok: true });
      } else if (path === '/_emulator/calls' && method === 'GET') {
        send(200, { calls: this.calls });
      } else if (path === '/_emulator/calls' && method === 'DELETE') {
        this.calls.length = 0;
        send(200, { ok: true });
      } else if (path === '/_emulator/faults' && method === 'GET') {
        send(200, this.faults.snapshot());
      } else if (path === '/_emulator/faults' && method === 'POST') {
        this.faults.update(parseFaultUpdate(body));
        send(200, this.faults.snapshot());
      } else if (path === '/_emulator/health' && method === 'GET') {
        send(200, { ok: true });
      } else {
        send(404, { error: `unknown control endpoint ${method} ${rawPath}`, endpoints: ['GET /_emulator/state', 'POST /_emulator/reset', 'GET|DELETE /_emulator/calls', 'GET|POST /_emulator/faults', 'GET /_emulator/health'] });
      }
    } catch (error) {
      send(400, { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** POST /_emulator/faults: `{"spec":"throttle=0.1"}` or `{"probabilities":{..},"slowMs":..,"oneShot":[..],"clear":true}`. */
function parseFaultUpdate(body: Buffer): Partial<FaultSpec> & { clear?: boolean } {
  const text = body.toString('utf8').trim();
  const raw: unknown = text === '' ? {} : JSON.parse(text);
  if (!isObject(raw)) throw new Error('expected a JSON object');
  const change: Partial<FaultSpec> & { clear?: boolean } = {};
  if (raw.clear === true) change.clear = true;
  if (typeof raw.spec === 'string') {
    const spec = parseFaultSpec(raw.spec);
    change.probabilities = spec.probabilities;
    change.slowMs = spec.slowMs;
    change.oneShot = spec.oneShot;
  }
  if (raw.probabilities !== undefined || raw.oneShot !== undefined || raw.slowMs !== undefined) {
    const parts: string[] = [];
    if (isObject(raw.probabilities)) for (const [k, v] of Object.entries(raw.probabilities)) parts.push(`${k}=${String(v)}`);
    if (raw.slowMs !== undefined) parts.push(`slowMs=${String(raw.slowMs)}`);
    if (Array.isArray(raw.oneShot)) {
      for (const f of raw.oneShot) {
        if (!isObject(f)) throw new Error('oneShot entries are objects {fault, action, count}');
        parts.push(`${String(f.fault)}@${String(f.action ?? '*')}*${String(f.count ?? 1)}`);
      }
    }
    const spec = parseFaultSpec(parts.join(','));
    if (raw.probabilities !== undefined) change.probabilities = spec.probabilities;
    if (raw.slowMs !== undefined) change.slowMs = spec.slowMs;
    change.oneShot = [...(change.oneShot ?? []), ...spec.oneShot];
  }
  return change;
}

/** RPC requests go to the root path; ROA requests name their resource in the path. */
function rpcStyle(rawPath: string): boolean {
  return rawPath === '/' || rawPath === '';
}

function parseJsonBody(body: Buffer, contentType: string | undefined): JsonObject {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  if (contentType !== undefined && !contentType.includes('json') && !text.trimStart().startsWith('{')) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'InvalidParameter', 'the request body is not valid JSON');
  }
  return isObject(parsed) ? parsed : {};
}

/**
 * The gateway's own errors are POP style whichever service was called (clients that read only
 * `Code`/`Message`, such as pop-core's ROAClient, see them). ACK's errors are ACK style
 * (`code`, `message`, `requestId`, `status`) with their POP-style twins added, so those older
 * clients see the code and message of an ACK error too; the official SDKs read either.
 */
function renderError(error: ApiError, service: Service, requestId: string, host: string): JsonObject {
  const pop = {
    RequestId: requestId,
    HostId: host,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${service === 'ack' ? 'CS' : 'Ecs'}&requestId=${requestId}`,
  };
  if (service === 'ecs' || error.gateway) return pop;
  return { code: error.code, message: error.message, requestId, status: error.status, Code: error.code, Message: error.message, RequestId: requestId };
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return gatewayErrors.internal(error instanceof Error ? error.message : String(error));
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}

/**
 * The body, or `tooLarge` as soon as it passes MAX_BODY_BYTES (the rest is not read), or
 * `aborted` when the client went away before sending all of it.
 */
function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean; aborted: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        resolve({ body: Buffer.alloc(0), tooLarge: true, aborted: false });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge: false, aborted: false }));
    // Settles once: after 'end' these change nothing; before it, the upload was cut off.
    req.on('error', () => resolve({ body: Buffer.alloc(0), tooLarge: false, aborted: true }));
    req.on('close', () => resolve({ body: Buffer.alloc(0), tooLarge: false, aborted: true }));
  });
}

/** Reads what is left of a refused body into nothing; a client that keeps sending is cut off. */
function discardRest(req: IncomingMessage): void {
  req.resume();
  setTimeout(() => req.socket.destroy(), DISCARD_GRACE_MS).unref();
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
