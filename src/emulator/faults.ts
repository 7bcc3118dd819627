/**
 * Fault injection and flow control. Probabilities per fault class, one-shot faults aimed at
 * an action ("fail the next CreateClusterNodePool task"), and a token bucket per action like
 * the cloud's API flow control. All dice come from one seeded stream, so a run replays.
 */

import { UserError } from '../errors.js';
import { SeededRandom } from './random.js';

export const FAULT_CLASSES = ['throttle', 'unavailable', 'reset', 'slow', 'taskFail', 'conflict'] as const;
export type FaultClass = (typeof FAULT_CLASSES)[number];
/** Faults that hit a request (taskFail hits the task the request starts; conflict a write to the emulated API server). */
export type RequestFault = Exclude<FaultClass, 'taskFail' | 'conflict'>;

export interface OneShotFault {
  fault: FaultClass;
  /** Action name (CreateClusterNodePool) or "*" for any action. */
  action: string;
  /** How many more times it fires. */
  count: number;
}

export interface FaultSpec {
  probabilities: Partial<Record<FaultClass, number>>;
  /** Latency added by a `slow` fault. */
  slowMs: number;
  oneShot: OneShotFault[];
}

export const DEFAULT_SLOW_MS = 300;

export function emptyFaultSpec(): FaultSpec {
  return { probabilities: {}, slowMs: DEFAULT_SLOW_MS, oneShot: [] };
}

const SPEC_HELP = 'e.g. throttle=0.1,unavailable=0.05,reset=0.02,slow=0.1,slowMs=500,taskFail=0.01,taskFail@CreateClusterNodePool,throttle@DescribeTaskInfo*3';

/**
 * `throttle=0.1,slow=0.2,slowMs=500,taskFail@CreateClusterNodePool,throttle@DescribeTaskInfo*3`:
 * probabilities per class, the added latency of `slow`, and one-shot faults (`CLASS@ACTION[*N]`).
 */
export function parseFaultSpec(spec: string): FaultSpec {
  const result = emptyFaultSpec();
  const problems: string[] = [];
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const oneShot = /^([A-Za-z]+)@([A-Za-z*][A-Za-z0-9]*)(?:\*(\d+))?$/.exec(item);
    if (oneShot) {
      const [, fault, action, count] = oneShot as unknown as [string, string, string, string | undefined];
      if (!isFaultClass(fault)) problems.push(`unknown fault class "${fault}" in "${item}" (known: ${FAULT_CLASSES.join(', ')})`);
      else result.oneShot.push({ fault, action, count: count === undefined ? 1 : Number(count) });
      continue;
    }
    const pair = /^([A-Za-z]+)=(.*)$/.exec(item);
    if (!pair) {
      problems.push(`cannot read "${item}"`);
      continue;
    }
    const [, key, value] = pair as unknown as [string, string, string];
    const number = Number(value);
    if (key === 'slowMs') {
      if (!Number.isInteger(number) || number < 0) problems.push(`slowMs must be a whole number of milliseconds, not "${value}"`);
      else result.slowMs = number;
    } else if (!isFaultClass(key)) {
      problems.push(`unknown fault class "${key}" (known: ${FAULT_CLASSES.join(', ')}, slowMs)`);
    } else if (value.trim() === '' || Number.isNaN(number) || number < 0 || number > 1) {
      problems.push(`${key} must be a probability between 0 and 1, not "${value}"`);
    } else {
      result.probabilities[key] = number;
    }
  }
  if (problems.length > 0) throw new UserError(`bad fault spec: ${problems.join('; ')}`, { hint: SPEC_HELP });
  return result;
}

function isFaultClass(value: string): value is FaultClass {
  return (FAULT_CLASSES as readonly string[]).includes(value);
}

export interface FaultDecision {
  fault: RequestFault;
  oneShot: boolean;
}

export class FaultController {
  private spec: FaultSpec;
  private readonly dice: SeededRandom;

  constructor(spec: FaultSpec, seed: number) {
    this.spec = structuredClone(spec);
    this.dice = new SeededRandom(seed);
  }

  snapshot(): FaultSpec {
    return structuredClone(this.spec);
  }

  /** Replace the probabilities and latency, add one-shot faults. */
  update(change: Partial<FaultSpec> & { clear?: boolean }): void {
    if (change.clear) this.spec = emptyFaultSpec();
    if (change.probabilities) this.spec.probabilities = { ...change.probabilities };
    if (change.slowMs !== undefined) this.spec.slowMs = change.slowMs;
    if (change.oneShot) this.spec.oneShot.push(...change.oneShot.map((f) => ({ ...f })));
  }

  get slowMs(): number {
    return this.spec.slowMs;
  }

  /** The fault to inject into this request, if any. One die per class per request (replayable). */
  forRequest(action: string): FaultDecision | undefined {
    for (const fault of ['reset', 'unavailable', 'throttle', 'slow'] as const) {
      if (this.consumeOneShot(fault, action)) return { fault, oneShot: true };
    }
    const rolls = (['reset', 'unavailable', 'throttle', 'slow'] as const).map((fault) => ({ fault, roll: this.dice.next() }));
    for (const { fault, roll } of rolls) {
      if (roll < (this.spec.probabilities[fault] ?? 0)) return { fault, oneShot: false };
    }
    return undefined;
  }

  /** Whether the task this action starts is to fail. */
  taskFails(action: string): { fail: boolean; oneShot: boolean } {
    if (this.consumeOneShot('taskFail', action)) return { fail: true, oneShot: true };
    return { fail: this.dice.next() < (this.spec.probabilities.taskFail ?? 0), oneShot: false };
  }

  /**
   * A one-shot fault aimed at a call to the emulated API server (GetConfigMap, ApplyNamespace, ...).
   * Only one-shots: the probabilities' dice stay with the cloud API, so seeded runs replay as before.
   */
  oneShotFor(action: string): RequestFault | undefined {
    return (['reset', 'unavailable'] as const).find((fault) => this.consumeOneShot(fault, action));
  }

  /** Whether this write to the emulated API server (ApplyConfigMap, ApplyNamespace) answers 409 as if someone else wrote first. */
  conflicts(action: string): boolean {
    if (this.consumeOneShot('conflict', action)) return true;
    const probability = this.spec.probabilities.conflict ?? 0;
    return probability > 0 && this.dice.next() < probability;
  }

  private consumeOneShot(fault: FaultClass, action: string): boolean {
    const index = this.spec.oneShot.findIndex((f) => f.fault === fault && (f.action === action || f.action === '*') && f.count > 0);
    if (index < 0) return false;
    const entry = this.spec.oneShot[index]!;
    entry.count -= 1;
    if (entry.count <= 0) this.spec.oneShot.splice(index, 1);
    return true;
  }
}

export interface FlowControlOptions {
  /** Requests per second per action (token refill rate); 0 disables flow control. */
  qps: number;
  /** Bucket size (burst); defaults to qps. */
  burst?: number | undefined;
  /** Per-action overrides of qps. */
  perAction?: Record<string, number> | undefined;
}

/** A token bucket per action, as the cloud's per-API flow control. */
export class FlowControl {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly options: FlowControlOptions) {}

  /** Take a token for this action; false when the action is over its rate. */
  take(action: string, now: number): boolean {
    const qps = this.options.perAction?.[action] ?? this.options.qps;
    if (!(qps > 0) || !Number.isFinite(qps)) return true;
    const burst = this.options.perAction?.[action] !== undefined ? qps : (this.options.burst ?? qps);
    const bucket = this.buckets.get(action) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * qps);
    bucket.at = now;
    this.buckets.set(action, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}
