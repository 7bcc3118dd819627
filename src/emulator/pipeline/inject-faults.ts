/**
 * Stage 4, faults: the injected fault for this call, if any (a dropped connection, a 503, a
 * throttle, added latency), then the per-action flow control every cloud API has. Returns
 * 'drop' when the connection is to be cut without an answer; throws the gateway's error.
 */

import { gatewayErrors } from '../api-error.js';
import type { FaultController, FlowControl, RequestFault } from '../faults.js';

export interface FaultStage {
  faults: FaultController;
  flow: FlowControl;
  /** Real time (flow control is about the client's request rate). */
  wallNow: () => number;
}

export async function injectFaults(action: string, stage: FaultStage, onFault: (fault: RequestFault) => void): Promise<'drop' | undefined> {
  const decision = stage.faults.forRequest(action);
  if (decision) onFault(decision.fault);
  if (decision?.fault === 'reset') return 'drop';
  if (decision?.fault === 'unavailable') throw gatewayErrors.unavailable();
  if (decision?.fault === 'throttle') throw gatewayErrors.throttled();
  if (decision?.fault === 'slow') await sleep(stage.faults.slowMs);
  if (!stage.flow.take(action, stage.wallNow())) throw gatewayErrors.throttled();
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
