/**
 * `ackl2 nodepool scale --cluster C --pool P --size N`: set `scaling_group.desired_size`
 * (ModifyClusterNodePool), then wait until the pool is active with N nodes. Sizes outside
 * 0..2000 and autoscaling pools are refused before any call; the same size is a no-op.
 */

import { regionFor } from './command-support.js';
import { formatDuration, parseDuration } from '../apply/duration.js';
import { ackl2Command } from './hints.js';
import { resolveCluster, resolvePool } from './cluster-ref.js';
import { pollScheduleFrom, pollUntil } from '../apply/poll.js';
import { RunSignal } from '../apply/run-signal.js';
import { table } from '../ui/table.js';
import { openCloudSession } from './online.js';
import type { NodePoolSummary } from '../cloud/types.js';
import { Interrupted, OperationFailed, TimeoutError, UserError } from '../errors.js';
import { POOL_FAILED_STATES } from '../apply/intents.js';
import { isTaskFailed, taskFailed, waitForTask } from '../apply/tasks.js';
import { confirmChanges, yesOption } from './confirm.js';
import { defineCommand, flag, value } from './define.js';
import { nodeCounts } from '../results/node-counts.js';
import type { NodepoolScaleResult } from '../results/schemas.js';

export const MAX_POOL_SIZE = 2000;

export function parseSize(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UserError(`--size "${text}" is not a whole number of nodes`, { hint: `give 0 to ${MAX_POOL_SIZE}, e.g. --size 6` });
  const size = Number(text.trim());
  if (size > MAX_POOL_SIZE) throw new UserError(`--size ${size} is above the ${MAX_POOL_SIZE} nodes a node pool can have`, { hint: `give 0 to ${MAX_POOL_SIZE}, or add another pool (ackl2 nodepool add)` });
  return size;
}

function isSettled(pool: NodePoolSummary, size: number): boolean {
  return pool.state === 'active' && pool.nodes.total === size && pool.nodes.initial === 0 && pool.nodes.removing === 0;
}

export default defineCommand({
  name: 'nodepool scale',
  description: "set a pool's desired size and wait until it is active",
  options: {
    cluster: value('--cluster <name>', 'cluster name or id', { required: true }),
    pool: value('--pool <name>', 'node pool name or id', { required: true }),
    size: value('--size <n>', 'desired number of nodes', { required: true, parse: parseSize }),
    yes: yesOption(),
    wait: flag('--no-wait', 'return once submitted'),
    timeout: value('--timeout <duration>', 'give up waiting after this long', { default: '30m', parse: parseDuration }),
  },
  examples: ['ackl2 nodepool scale --cluster shop-prod --pool web --size 3 --yes'],
  run: async (options, ctx) => {
    const started = performance.now();
    const { size, timeout: timeoutMs } = options;
    const region = regionFor(ctx);
    const resume = ackl2Command(ctx, ['nodepool', 'scale', '--cluster', options.cluster, '--pool', options.pool, '--size', String(size), ...(options.yes ? ['--yes'] : [])]);
    const stop = new RunSignal(ctx.signal);
    const session = await openCloudSession(ctx, { region, signal: stop.signal });
    let outcome: { cluster: string; clusterId: string; pool: NodePoolSummary; previous: number | undefined; changed: boolean; taskId: string | undefined; waited: boolean };
    try {
      const { ack } = session;
      const cluster = await resolveCluster(ack, options.cluster);
      const pool = await resolvePool(ack, cluster, options.pool);
      if (pool.autoScaling?.enabled) {
        throw new UserError(`node pool ${pool.name} autoscales (${pool.autoScaling.min ?? '?'}..${pool.autoScaling.max ?? '?'} nodes); its size is not set by hand; nothing was changed`, {
          hint: 'change autoscaling.min / autoscaling.max in the profile instead',
        });
      }
      // A failed scale-out is retried by asking for the size again (as create does); a pool
      // being deleted is gone for good.
      const retry = pool.state === 'failed';
      if (!retry && POOL_FAILED_STATES.has(pool.state)) {
        throw new UserError(`node pool ${pool.name} is ${pool.state}; it cannot be scaled; nothing was changed`, { hint: 'see ackl2 get nodepools --cluster ' + cluster.name });
      }
      const previous = pool.desiredSize;
      if (previous === size && isSettled(pool, size)) {
        ctx.reporter.info(`node pool ${pool.name} already has ${size} node${size === 1 ? '' : 's'}: nothing to do`);
        outcome = { cluster: cluster.name, clusterId: cluster.clusterId, pool, previous, changed: false, taskId: undefined, waited: false };
      } else {
        let taskId: string | undefined;
        // Ask again when the size differs, the pool failed, or it rests (active) at another node
        // count than it should (a failed scale-in): waiting alone would never see it settle.
        const resting = pool.state === 'active';
        if (previous !== size || retry || resting) {
          await confirmChanges(ctx, {
            yes: options.yes,
            question: `Scale node pool ${pool.name} of cluster ${cluster.name} from ${previous ?? '?'} to ${size} node${size === 1 ? '' : 's'}?`,
            command: resume,
          });
          ctx.reporter.event({ id: `nodepool/${pool.name}`, status: 'running', message: retry ? `${pool.state}: asking for its ${size} node(s) again` : `scaling from ${previous ?? '?'} to ${size} node(s)` });
          taskId = (await ack.modifyClusterNodePool(cluster.clusterId, pool.nodepoolId, { scaling_group: { desired_size: size } })).taskId;
        }
        let current = pool;
        const leftInPlace = `left in place: node pool ${pool.name} of cluster ${cluster.name} as the task left it (it had ${previous ?? '?'} node(s), ${size} asked; see it with ackl2 get nodepools --cluster ${cluster.name})`;
        if (options.wait !== false) {
          await ctx.reporter.startLive();
          stop.startTimeout(timeoutMs);
          const schedule = pollScheduleFrom(ctx.settings.poll, session.emulator !== undefined);
          if (taskId) {
            const task = await waitForTask(ack, taskId, { schedule, signal: stop.signal });
            if (isTaskFailed(task.state)) throw taskFailed(`nodepool/${pool.name}`, task, `scaling node pool ${pool.name}`, { hint: `${leftInPlace}; rerun to try again: ${resume}` });
          }
          let last = '';
          current = await pollUntil(async () => {
            const p = await ack.describeClusterNodePoolDetail(cluster.clusterId, pool.nodepoolId);
            const text = `${p.state}, ${p.nodes.total} node(s)`;
            if (text !== last) {
              last = text;
              ctx.reporter.event({ id: `nodepool/${pool.name}`, status: 'waiting', message: text });
            }
            if (POOL_FAILED_STATES.has(p.state)) throw new OperationFailed({ operationId: `nodepool/${pool.name}`, taskId, message: `node pool ${pool.name} ended in state ${p.state}`, hint: `${leftInPlace}; rerun to try again: ${resume}` });
            return isSettled(p, size) ? p : undefined;
          }, { schedule, signal: stop.signal, checkFirst: true });
          ctx.reporter.event({ id: `nodepool/${pool.name}`, status: 'done', message: `active with ${size} node(s)` });
        }
        outcome = { cluster: cluster.name, clusterId: cluster.clusterId, pool: current, previous, changed: previous !== size || retry || resting, taskId, waited: options.wait !== false };
      }
    } catch (error) {
      const reason = stop.reason;
      if (error instanceof Interrupted) throw error;
      if (reason?.kind === 'timeout') throw new TimeoutError(`gave up waiting after ${formatDuration(reason.afterMs)} (--timeout); the pool keeps scaling`, { hint: `check again with: ${resume}` });
      if (reason?.kind === 'interrupted') throw new Interrupted(`interrupted (${reason.signal}); the pool keeps scaling`, { hint: `wait for it with: ${resume}` });
      throw error;
    } finally {
      stop.clearTimeout();
      ctx.reporter.stopLive();
      await session.close();
    }

    const { pool } = outcome;
    const document: NodepoolScaleResult = {
      ok: true,
      cluster: { name: outcome.cluster, id: outcome.clusterId },
      nodePool: { name: pool.name, id: pool.nodepoolId, state: pool.state, nodes: nodeCounts({ desired: outcome.waited || !outcome.changed ? pool.desiredSize ?? size : size, total: pool.nodes.total, healthy: pool.nodes.healthy, failed: pool.nodes.failed }) },
      previousSize: outcome.previous ?? null,
      changed: outcome.changed,
      waited: outcome.waited,
      taskId: outcome.taskId ?? null,
      apiCalls: session.stats.requests,
      mutatingCalls: session.stats.mutatingRequests,
      durationMs: Math.round(performance.now() - started),
    };
    ctx.reporter.result(document, () =>
      [
        table(['NODE POOL', 'ID', 'STATE', 'SIZE', 'NODES'], [[pool.name, pool.nodepoolId, outcome.waited || !outcome.changed ? pool.state : 'scaling', size, pool.nodes.total]]),
        '',
        `${outcome.changed ? `scaled ${outcome.previous ?? '?'} -> ${size}` : 'no changes'}${outcome.changed && !outcome.waited ? ' (submitted, not waited for)' : ''}; ${document.apiCalls} API calls in ${formatDuration(document.durationMs)}`,
      ].join('\n'),
    );
  },
});
