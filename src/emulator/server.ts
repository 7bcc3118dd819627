/**
 * The emulator's HTTP front, as a pipeline (one module per stage, in pipeline/):
 *
 *   read -> guard -> classify -> authenticate -> faults -> dispatch -> render
 *
 * Every request is read (bounded) and must name the emulator in its Host header. Control
 * calls (`/_emulator/*`) branch off to the control plane (control-plane.ts); API calls are
 * classified by the route tables, verified like the cloud verifies signatures, meet injected
 * faults and flow control, are dispatched to the service handlers over one state, and are
 * answered in each service's style. Every API call lands in the call log.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getHeapSpaceStatistics } from 'node:v8';
import { gatewayErrors } from './api-error.js';
import { CallLog, type ActionTotals, type CallLogStats, type CallRecord } from './call-log.js';
import type { ClockChange, ClockView, EmulatorClock } from './clock.js';
import { handleControl, isControlPath, type ControlTarget, type EmulatorStats, type FaultUpdate } from './control-plane.js';
import { FaultController, FlowControl, type FaultSpec } from './faults.js';
import type { Durations } from './lifecycle.js';
import type { HousekeepingStats } from './memory-housekeeping.js';
import { settle } from './settle.js';
import type { StateFile } from './persistence.js';
import { authenticate } from './pipeline/authenticate.js';
import { classify, decodeParameters, serviceByPath, type Service } from './pipeline/classify.js';
import { dispatch, type WorldRuntime } from './pipeline/dispatch.js';
import { hostAllowed } from './pipeline/guard.js';
import { injectFaults, type FaultStage } from './pipeline/inject-faults.js';
import { discardRest, MAX_BODY_BYTES, readRequest, type RawRequest } from './pipeline/read.js';
import { asApiError, renderError, sendJson } from './pipeline/render.js';
import { IdFactory, SeededRandom } from './random.js';
import { isKubePath, kubeActionOf, serveKube } from './kube-api.js';
import type { AcceptedCredentials } from './signature.js';
import { initialState, type EmulatorState } from './state.js';
import type { World } from './world.js';

export { ACK_VERSION, ECS_VERSION } from './pipeline/classify.js';
export type { CallRecord } from './call-log.js';

export interface EmulatorCore {
  credentials: AcceptedCredentials;
  durations: Durations;
  world: World;
  seed: number;
  faultSpec: FaultSpec;
  flow: { qps: number; burst?: number | undefined; perAction?: Record<string, number> | undefined };
  clock: EmulatorClock;
  /** Needed by control calls that change the emulator. */
  controlToken: string;
  stateFile?: StateFile | undefined;
  /** The most calls the call log keeps (default CALL_LOG_CAP); its totals count every call. */
  callLogCap?: number | undefined;
  /** What the process's memory housekeeping did (memory-housekeeping.ts), for /_emulator/stats. */
  housekeeping?: (() => HousekeepingStats) | undefined;
}

/** A virtual clock starts at real time: never behind a saved world it continues. */
function catchUp(clock: EmulatorClock, state: EmulatorState): void {
  if (clock.kind !== 'virtual') return;
  const latest = Math.max(state.created, ...Object.values(state.tasks).map((t) => Math.max(t.updated, t.created)), ...Object.values(state.clusters).map((c) => c.updated ?? 0));
  if (latest > clock.now()) clock.change({ advanceMs: latest - clock.now() });
}

export class EmulatorServer implements WorldRuntime, FaultStage, ControlTarget {
  state: EmulatorState;
  ids: IdFactory;
  faults: FaultController;
  readonly flow: FlowControl;
  readonly log: CallLog;
  private seed: number;

  constructor(private readonly core: EmulatorCore) {
    this.seed = core.seed;
    this.log = new CallLog(core.callLogCap);
    const saved = core.stateFile?.load();
    this.state = saved ?? initialState(core.world, core.seed ^ 0x5eed, core.clock.now());
    this.ids = new IdFactory(new SeededRandom(this.state.idSeed));
    this.faults = new FaultController(core.faultSpec, core.seed);
    this.flow = new FlowControl(core.flow);
    if (saved) catchUp(core.clock, saved);
    else this.persist();
  }

  get clock(): EmulatorClock {
    return this.core.clock;
  }

  get durations(): Durations {
    return this.core.durations;
  }

  readonly wallNow = (): number => this.core.clock.wallNow();

  /** Never throws: every failure becomes an answer (or a dropped socket for `reset`). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const read = await readRequest(req);
    if (read.aborted) {
      res.destroy();
      return;
    }
    const raw = read.request;
    if (!hostAllowed(raw.headers.host)) {
      if (raw.tooLarge) discardRest(req);
      sendJson(res, 403, { error: `refused: the Host header must name the emulator as 127.0.0.1 or localhost, not "${raw.headers.host ?? ''}"` });
      return;
    }
    if (isControlPath(raw.rawPath)) {
      handleControl(req, res, raw, this, this.core.controlToken);
      return;
    }
    if (isKubePath(raw.rawPath)) {
      this.serveKubeApi(res, raw);
      return;
    }
    await this.serveApi(req, res, raw, started);
  }

  private serveKubeApi(res: ServerResponse, raw: RawRequest): void {
    const fault = this.faults.oneShotFor(kubeActionOf(raw.method, raw.rawPath));
    if (fault === 'reset') {
      res.destroy();
      return;
    }
    if (fault === 'unavailable') {
      sendJson(res, 503, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'the server is currently unable to handle the request', reason: 'ServiceUnavailable', code: 503 });
      return;
    }
    let body: unknown;
    try {
      body = raw.body.length > 0 ? JSON.parse(raw.body.toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    settle(this.state, this.core.clock.now(), this.core.durations);
    const answer = serveKube(this.state, { method: raw.method, path: raw.rawPath, authorization: raw.headers.authorization, body, conflict: (action) => this.faults.conflicts(action) });
    if (answer.changed) this.persist();
    sendJson(res, answer.status, answer.body);
  }

  private async serveApi(req: IncomingMessage, res: ServerResponse, raw: RawRequest, started: number): Promise<void> {
    const requestId = randomUUID().toUpperCase();
    const call: CallRecord = { time: new Date(started).toISOString(), service: 'unknown', action: '', method: raw.method, path: raw.rawPath, status: 0, durationMs: 0, mutating: false, requestId };
    const logged = (status: number) => {
      call.status = status;
      call.durationMs = Date.now() - started;
      this.log.record(call);
    };
    let service: Service = serviceByPath(raw.rawPath);
    try {
      if (raw.tooLarge) {
        // Answer, read the rest into nothing so the client gets to see the answer, then close.
        discardRest(req);
        throw gatewayErrors.tooLarge(MAX_BODY_BYTES);
      }
      const request = decodeParameters(raw);
      const classified = classify(request);
      service = classified.service;
      call.service = classified.service;
      call.action = classified.action;
      call.mutating = classified.mutating;
      const run = classified.run;
      if (!run) throw gatewayErrors.unknownAction(`${raw.method} ${raw.rawPath}${classified.action ? ` (${classified.action})` : ''}`);
      authenticate(request, this.core.credentials, this.wallNow());
      if ((await injectFaults(classified.action, this, (fault) => (call.fault = fault))) === 'drop') {
        logged(0);
        req.socket.destroy();
        return;
      }
      const result = dispatch({ ...classified, run }, this, requestId, () => (call.fault = 'taskFail'), `http://127.0.0.1:${req.socket.localPort}`);
      logged(result.status);
      sendJson(res, result.status, result.body, { 'x-acs-request-id': requestId });
    } catch (error) {
      const apiError = asApiError(error);
      call.errorCode = apiError.code;
      logged(apiError.status);
      sendJson(res, apiError.status, renderError(apiError, service, requestId, raw.headers.host ?? ''), { 'x-acs-request-id': requestId, ...apiError.headers });
    }
  }

  /** The state settled to now (a copy). */
  snapshot(): EmulatorState {
    if (settle(this.state, this.core.clock.now(), this.core.durations)) this.persist();
    return structuredClone(this.state);
  }

  persist(): void {
    this.core.stateFile?.save(this.state);
  }

  /** Back to the initial world and the start-up faults; a fresh seed (ids, fault dice) unless one is given. */
  reset(seed?: number): { seed: number } {
    this.seed = seed ?? randomBytes(4).readUInt32BE(0);
    this.state = initialState(this.core.world, this.seed ^ 0x5eed, this.core.clock.now());
    this.ids = new IdFactory(new SeededRandom(this.state.idSeed));
    this.faults = new FaultController(this.core.faultSpec, this.seed);
    this.flow.reset();
    this.log.clear();
    this.persist();
    return { seed: this.seed };
  }

  calls(): CallRecord[] {
    return structuredClone(this.log.entries);
  }

  callStats(): CallLogStats {
    return this.log.stats();
  }

  callTotals(): Record<string, ActionTotals> {
    return this.log.byAction();
  }

  stats(): EmulatorStats {
    settle(this.state, this.core.clock.now(), this.core.durations);
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const records: Record<string, number> = {};
    for (const [name, value] of Object.entries(this.state)) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && name !== 'world') records[name] = Object.keys(value).length;
    }
    const heapSpaces = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]));
    const housekeeping = this.core.housekeeping?.() ?? { everyMs: 0, collections: 0 };
    return { memory: { rss, heapUsed, heapTotal, external, arrayBuffers }, heapSpaces, housekeeping, calls: this.log.stats(), records };
  }

  clearCalls(): void {
    this.log.clear();
  }

  faultSpec(): FaultSpec {
    return this.faults.snapshot();
  }

  updateFaults(change: FaultUpdate): FaultSpec {
    this.faults.update(change);
    return this.faults.snapshot();
  }

  clockView(): ClockView {
    return this.core.clock.view();
  }

  changeClock(change: ClockChange): ClockView {
    return this.core.clock.change(change);
  }
}
