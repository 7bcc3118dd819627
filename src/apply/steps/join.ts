/** A `join/<pool>` step: attach the instances not yet in the pool, in batches, and report each. */

import { chunk } from '../../cloud/paging.js';
import type { Submitted } from '../../cloud/types.js';
import { CloudError } from '../../errors.js';
import { listClusterNodes } from '../discover.js';
import { POOL_FAILED_STATES, POOL_READY_STATES } from '../intents.js';
import type { StepReport } from '../types.js';
import type { PlannedStep } from '../intents.js';
import type { RunResult } from '../scheduler.js';
import type { StepContext } from '../step-context.js';
import { isTaskFailed, taskError } from '../tasks.js';

/** AttachInstancesToNodePool takes at most 100 instances a call (the Terraform provider's limit too). */
export const ATTACH_BATCH_SIZE = 100;

/** "The node pool is busy with another task": wait for it, then attach what is left. */
const POOL_BUSY = /NodePoolState/;
const BUSY_ATTEMPTS = 5;

export async function runJoin(ctx: StepContext, step: PlannedStep, r: StepReport): Promise<RunResult> {
  const { options, state, ack, emit, body, waitTask, failTask, createOrAdopt, watcherFor } = ctx;
  const pool = step.pool!;
  const intent = step.intent;
  if (intent.kind !== 'attach') {
    const already = step.op.body.instances;
    for (const id of Array.isArray(already) ? already : []) if (typeof id === 'string') state.joins.push({ pool, instanceId: id, result: 'already-attached' });
    emit(step.op.id, 'skipped', intent.kind === 'done' ? intent.reason : 'nothing to attach');
    return 'done';
  }
  const clusterId = state.requireCluster();
  const nodepoolId = state.requirePool(pool);
  r.resourceId = nodepoolId;
  for (const id of intent.alreadyAttached) state.joins.push({ pool, instanceId: id, result: 'already-attached' });
  const batches = chunk(intent.instances, ATTACH_BATCH_SIZE);
  r.action = 'attached';
  let deferred = false;
  for (const [index, batch] of batches.entries()) {
    const label = batches.length > 1 ? ` (batch ${index + 1}/${batches.length})` : '';
    emit(step.op.id, 'running', `attaching ${batch.length} instance(s) to node pool ${pool}${label}`);
    let remaining = batch;
    const lookup = async () => {
      const inPool = new Set((await listClusterNodes(ack, clusterId, nodepoolId)).map((n) => n.instanceId));
      remaining = remaining.filter((id) => !inPool.has(id));
      for (const id of batch) if (inPool.has(id) && !state.joins.some((j) => j.instanceId === id)) state.joins.push({ pool, instanceId: id, result: 'attached' });
      return remaining.length === 0 ? { taskId: undefined, requestId: undefined } : undefined;
    };
    let value: Submitted = {};
    for (let attempt = 1; remaining.length > 0; attempt++) {
      try {
        ({ value } = await createOrAdopt(async () => ack.attachInstancesToNodePool(clusterId, nodepoolId, body({ ...step.op.body, instances: remaining })), lookup));
        break;
      } catch (error) {
        // The pool is busy with another task (another run attaching, a scale-out): wait until
        // it settles, see what is left to attach, and try again.
        if (options.signal.aborted || attempt >= BUSY_ATTEMPTS || !(error instanceof CloudError && POOL_BUSY.test(error.code))) throw error;
        emit(step.op.id, 'waiting', `node pool ${pool} is busy with another task; attaching once it is active`);
        await watcherFor(clusterId).until(nodepoolId, (p) => POOL_READY_STATES.has(p.state) || POOL_FAILED_STATES.has(p.state));
        await lookup();
      }
    }
    if (remaining.length === 0) continue;
    r.taskId = value.taskId;
    if (options.noWait || !value.taskId) {
      for (const id of remaining) state.joins.push({ pool, instanceId: id, result: 'submitted' });
      deferred = deferred || options.noWait === true;
      continue;
    }
    const task = await waitTask(step.op.id, value.taskId, `attaching to node pool ${pool}`);
    const perInstance = new Map(task.results.filter((x) => x.data).map((x) => [x.data!, x.status ?? '']));
    const taskFailed = isTaskFailed(task.state);
    for (const id of remaining) {
      const status = perInstance.get(id);
      const failed = status !== undefined ? isTaskFailed(status) : taskFailed;
      state.joins.push({ pool, instanceId: id, result: failed ? 'failed' : 'attached', message: failed ? taskError(task) : undefined });
    }
    if (taskFailed || remaining.some((id) => isTaskFailed(perInstance.get(id) ?? ''))) {
      failTask(step, task, `attaching instances to node pool ${pool}`, value.requestId);
    }
  }
  emit(step.op.id, deferred ? 'info' : 'done', deferred ? `attach submitted to node pool ${pool}` : `instances attached to node pool ${pool}`);
  return deferred ? 'deferred' : 'done';
}
