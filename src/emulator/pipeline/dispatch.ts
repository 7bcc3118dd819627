/**
 * Stage 5, dispatch: time moves on (a stepping virtual clock ticks once per call served),
 * finished tasks settle, the service handler runs over the one state, and the state is saved
 * when anything changed.
 */

import type { EmulatorClock } from '../clock.js';
import type { BackendContext } from '../context.js';
import type { FaultController } from '../faults.js';
import type { Durations } from '../lifecycle.js';
import { settle } from '../settle.js';
import type { IdFactory } from '../random.js';
import type { EmulatorState, Json } from '../state.js';
import type { Classified } from './classify.js';

/** The emulator's mutable world as dispatch sees it (fields are replaced on reset). */
export interface WorldRuntime {
  state: EmulatorState;
  ids: IdFactory;
  faults: FaultController;
  readonly clock: EmulatorClock;
  readonly durations: Durations;
  persist(): void;
}

export interface Dispatched {
  status: number;
  body: Json;
}

/** `onTaskFail`: the task this call started was set to fail (for the call log). */
export function dispatch(classified: Classified & { run: NonNullable<Classified['run']> }, world: WorldRuntime, requestId: string, onTaskFail: () => void, origin?: string): Dispatched {
  world.clock.tick();
  const at = world.clock.now();
  const settled = settle(world.state, at, world.durations);
  const ctx: BackendContext = { state: world.state, now: at, ids: world.ids, faults: world.faults, action: classified.action, durations: world.durations, requestId, origin };
  try {
    return classified.run(ctx);
  } finally {
    if (ctx.injectedTaskFail) onTaskFail();
    world.state.idSeed = world.ids.seed;
    if (settled || classified.mutating) world.persist();
  }
}
