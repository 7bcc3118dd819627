/**
 * `ackl2 nodepool delete --cluster C --pool P [--yes]`: DeleteClusterNodepool after
 * confirmation; ACK drains the nodes and releases the instances it made. A pool that is
 * already gone is reported and exits 0, so scripts can rerun it.
 */

import { parseDuration } from '../apply/duration.js';
import { confirmChanges, yesOption } from './confirm.js';
import { withLeftInPlace } from '../apply/failure.js';
import { ackl2Command } from './hints.js';
import { pollScheduleFrom } from '../apply/poll.js';
import { RunSignal } from '../apply/run-signal.js';
import { UserError } from '../errors.js';
import { deleteNodePool } from '../lifecycle/apply-updates.js';
import { isNotFound, resolveCluster } from './cluster-ref.js';
import { defineCommand, value } from './define.js';
import { withSession } from './online.js';
import type { NodepoolDeleteResult } from '../results/schemas.js';

export default defineCommand({
  name: 'nodepool delete',
  description: 'delete a node pool: ACK drains its nodes and releases them',
  options: {
    cluster: value('--cluster <name>', 'cluster name or id', { required: true }),
    pool: value('--pool <name>', 'node pool name or id', { required: true }),
    yes: yesOption(),
    timeout: value('--timeout <duration>', 'give up waiting after this long', { default: '30m', parse: parseDuration }),
  },
  examples: ['ackl2 nodepool delete --cluster shop-prod --pool old-web --yes'],
  run: async (options, ctx) => {
    const stop = new RunSignal(ctx.signal);
    const timeoutMs = options.timeout;
    await withSession(
      ctx,
      async (session) => {
        const { ack, region } = session;
        const cluster = await resolveCluster(ack, options.cluster);
        const pools = await ack.describeClusterNodePools(cluster.clusterId);
        const pool = pools.find((p) => p.name === options.pool || p.nodepoolId === options.pool);
        if (!pool) {
          const result: NodepoolDeleteResult = { ok: true, cluster: { name: cluster.name, id: cluster.clusterId }, nodePool: { name: options.pool, id: null }, action: 'absent', taskId: null };
          ctx.reporter.result(result, () => `node pool ${options.pool} not found in cluster ${cluster.name}: nothing to delete (already deleted)`);
          return;
        }
        if (pool.isDefault) throw new UserError(`node pool ${pool.name} is the cluster's default pool; ACK does not delete it, and nothing was deleted`, { hint: 'scale it to 0 instead: ackl2 nodepool scale' });
        await confirmChanges(ctx, {
          yes: options.yes,
          question: `Delete node pool ${pool.name} (${pool.nodepoolId}) of ${cluster.name} in ${region}, draining and releasing its ${pool.nodes.total} node(s)?`,
          command: ackl2Command(ctx, ['nodepool', 'delete', '--cluster', options.cluster, '--pool', options.pool]),
        });
        stop.startTimeout(timeoutMs);
        await ctx.reporter.startLive();
        let taskId: string | undefined;
        try {
          taskId = await deleteNodePool(
            { ack, clusterId: cluster.clusterId, poll: pollScheduleFrom(ctx.settings.poll, session.emulator !== undefined), signal: stop.signal, progress: (e) => ctx.reporter.event(e) },
            { pool: pool.name, nodepoolId: pool.nodepoolId },
          );
        } catch (error) {
          if (!isNotFound(error)) throw withLeftInPlace(error, `node pool ${pool.name} (${pool.nodepoolId}) of ${cluster.name}, with the nodes the deletion has not released yet (ackl2 get nodepools --cluster ${cluster.name}); rerun to finish: ${ackl2Command(ctx, ['nodepool', 'delete', '--cluster', options.cluster, '--pool', options.pool, '--yes'])}`);
        } finally {
          stop.clearTimeout();
          ctx.reporter.stopLive();
        }
        const result: NodepoolDeleteResult = { ok: true, cluster: { name: cluster.name, id: cluster.clusterId }, nodePool: { name: pool.name, id: pool.nodepoolId }, action: 'deleted', taskId: taskId ?? null };
        ctx.reporter.result(result, () => `node pool ${pool.name} (${pool.nodepoolId}) deleted from ${cluster.name}`);
      },
      { signal: stop.signal },
    );
  },
});
