/**
 * The control plane: `/_emulator/*`, for tests and people, never signed like the cloud API.
 * Reads are open to loopback clients; calls that change the emulator (reset, faults, clock,
 * clearing the call log) need the per-run token (`Authorization: Bearer TOKEN`, printed in
 * the ready line). A table of routes: a new control call is one row.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { UserError } from '../errors.js';
import type { ClockChange, ClockView } from './clock.js';
import { parseFaultSpec, type FaultSpec } from './faults.js';
import { isObject } from './json.js';
import { carriesToken, isLoopbackPeer } from './pipeline/guard.js';
import { discardRest, MAX_BODY_BYTES, type RawRequest } from './pipeline/read.js';
import { sendJson } from './pipeline/render.js';
import type { ActionTotals, CallLogStats, CallRecord } from './call-log.js';
import type { HousekeepingStats } from './memory-housekeeping.js';
import type { EmulatorState } from './state.js';

export const CONTROL_PREFIX = '/_emulator';

/** What the control plane can see and change. */
export interface ControlTarget {
  /** The state settled to now (a copy). */
  snapshot(): EmulatorState;
  /** Back to the initial world; a fresh fault sequence unless a seed is given. */
  reset(seed?: number): { seed: number };
  calls(): CallRecord[];
  /** How many calls the bounded log keeps, has dropped, and may keep. */
  callStats(): CallLogStats;
  /** Every call since the log was last cleared, per action: exact even when the log dropped calls. */
  callTotals(): Record<string, ActionTotals>;
  /** What a long-running emulator holds: its memory and the size of each collection. */
  stats(): EmulatorStats;
  clearCalls(): void;
  faultSpec(): FaultSpec;
  updateFaults(change: FaultUpdate): FaultSpec;
  clockView(): ClockView;
  changeClock(change: ClockChange): ClockView;
}

export interface EmulatorStats {
  /** process.memoryUsage() of the emulator, in bytes. */
  memory: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
  /** The size V8 holds for each heap space (new_space grows under allocation pressure), in bytes. */
  heapSpaces: Record<string, number>;
  /** The full collections the emulator ran itself (`--gc-every`; everyMs 0: off). */
  housekeeping: HousekeepingStats;
  calls: CallLogStats;
  /** Records per collection of the state (tasks, clusters, nodes, ...). */
  records: Record<string, number>;
}

export type FaultUpdate = Partial<FaultSpec> & { clear?: boolean };

interface ControlRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Changes the emulator: needs the token. */
  changes: boolean;
  run(target: ControlTarget, body: Buffer): unknown;
}

const CONTROL_ROUTES: ControlRoute[] = [
  { method: 'GET', path: '/state', changes: false, run: (t) => withCatalogue(t.snapshot()) },
  { method: 'POST', path: '/reset', changes: true, run: (t, body) => ({ ok: true, ...t.reset(parseReset(body).seed) }) },
  { method: 'GET', path: '/calls', changes: false, run: (t) => ({ calls: t.calls(), ...t.callStats(), byAction: t.callTotals() }) },
  { method: 'GET', path: '/calls/totals', changes: false, run: (t) => ({ ...t.callStats(), byAction: t.callTotals() }) },
  { method: 'GET', path: '/stats', changes: false, run: (t) => t.stats() },
  {
    method: 'DELETE',
    path: '/calls',
    changes: true,
    run: (t) => {
      t.clearCalls();
      return { ok: true };
    },
  },
  { method: 'GET', path: '/faults', changes: false, run: (t) => t.faultSpec() },
  { method: 'POST', path: '/faults', changes: true, run: (t, body) => t.updateFaults(parseFaultUpdate(body)) },
  { method: 'GET', path: '/clock', changes: false, run: (t) => t.clockView() },
  { method: 'POST', path: '/clock', changes: true, run: (t, body) => t.changeClock(parseClockChange(body)) },
  { method: 'GET', path: '/health', changes: false, run: () => ({ ok: true }) },
];

const ENDPOINTS = CONTROL_ROUTES.map((r) => `${r.method} ${CONTROL_PREFIX}${r.path}${r.changes ? ' (token)' : ''}`);

export function isControlPath(rawPath: string): boolean {
  return rawPath === CONTROL_PREFIX || rawPath.startsWith(`${CONTROL_PREFIX}/`);
}

export function handleControl(req: IncomingMessage, res: ServerResponse, request: RawRequest, target: ControlTarget, token: string): void {
  const send = (status: number, payload: unknown) => sendJson(res, status, payload, {}, 2);
  if (request.tooLarge) {
    discardRest(req);
    sendJson(res, 413, { error: `the request body is larger than ${MAX_BODY_BYTES} bytes` }, { connection: 'close' });
    return;
  }
  if (!isLoopbackPeer(req.socket.remoteAddress)) {
    send(403, { error: 'the /_emulator/ control endpoints only answer loopback clients' });
    return;
  }
  const path = request.rawPath.replace(/\/+$/, '').slice(CONTROL_PREFIX.length);
  const route = CONTROL_ROUTES.find((r) => r.method === request.method && r.path === path);
  if (!route) {
    send(404, { error: `unknown control endpoint ${request.method} ${request.rawPath}`, endpoints: ENDPOINTS });
    return;
  }
  if (route.changes && !carriesToken(request.headers, token)) {
    send(401, { error: `${request.method} ${CONTROL_PREFIX}${route.path} changes the emulator: send the token of its ready line as "Authorization: Bearer TOKEN"` });
    return;
  }
  try {
    send(200, route.run(target, request.body));
  } catch (error) {
    send(400, { error: error instanceof Error ? error.message : String(error) });
  }
}

function jsonObject(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  const raw: unknown = text === '' ? {} : JSON.parse(text);
  if (!isObject(raw)) throw new Error('expected a JSON object');
  return raw;
}

/** POST /_emulator/reset: `{}` or `{"seed": N}` (replays the run started with --seed N). */
function parseReset(body: Buffer): { seed?: number } {
  const raw = jsonObject(body);
  if (raw.seed === undefined) return {};
  if (typeof raw.seed !== 'number' || !Number.isInteger(raw.seed) || raw.seed < 0 || raw.seed > 0xffffffff) throw new UserError(`seed must be a whole number from 0 to 4294967295, not ${JSON.stringify(raw.seed)}`);
  return { seed: raw.seed };
}

/** POST /_emulator/clock: `{"advanceMs": N}` and/or `{"stepMs": N}`. */
function parseClockChange(body: Buffer): ClockChange {
  const raw = jsonObject(body);
  const change: ClockChange = {};
  for (const key of ['advanceMs', 'stepMs'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'number') throw new UserError(`${key} must be a number of milliseconds, not ${JSON.stringify(value)}`);
    change[key] = value;
  }
  if (change.advanceMs === undefined && change.stepMs === undefined) throw new UserError('expected {"advanceMs": N} and/or {"stepMs": N}');
  return change;
}

/** POST /_emulator/faults: `{"spec":"throttle=0.1"}` or `{"probabilities":{..},"slowMs":..,"oneShot":[..],"clear":true}`. */
function parseFaultUpdate(body: Buffer): FaultUpdate {
  const raw = jsonObject(body);
  const change: FaultUpdate = {};
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

/** The state with the catalogue its world plays in front (`custom` for a world file that names none). */
function withCatalogue(state: EmulatorState): { catalogue: string } & EmulatorState {
  return { catalogue: state.world.catalogue ?? 'custom', ...state };
}
