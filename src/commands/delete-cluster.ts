/**
 * `ackl2 delete cluster NAME|ID [--yes] [--wait] [--timeout]`. Idempotent for scripts: a
 * cluster that is already gone is reported and exits 0; one already being deleted is waited
 * for (with --wait) instead of deleted twice. Deletion protection exists to demand a second,
 * deliberate action: it is lifted (ModifyCluster) only when asked with --disable-protection,
 * inside the same confirmation; otherwise the refusal says exactly how to lift it.
 */

import { confirmChanges, yesOption } from './confirm.js';
import { formatDuration, parseDuration } from '../apply/duration.js';
import { isTaskFailed, taskError, taskFailureStage } from '../apply/tasks.js';
import { ackl2Command } from './hints.js';
import { pollScheduleFrom, pollUntil } from '../apply/poll.js';
import { RunSignal } from '../apply/run-signal.js';
import type { AckGateway, ClusterSummary, TaskInfo } from '../cloud/types.js';
import { Interrupted, OperationFailed, TimeoutError, UserError } from '../errors.js';
import { describeExisting, isNotFound, lookupCluster } from './cluster-ref.js';
import type { CommandContext } from './context.js';
import { withSession } from './online.js';
import { argument, defineCommand, flag, value } from './define.js';
import type { DeleteClusterResult } from '../results/schemas.js';

/** What happened to the cluster, in the actions of docs/results: gone, its deletion submitted (not waited for), or not there. */
type Outcome = 'absent' | 'submitted' | 'deleted';

type DeleteResult = DeleteClusterResult & { action: Outcome };

const DELETE_FAILED = new Set(['delete_failed', 'failed']);

/** The exact ways out of deletion protection: the aliyun CLI (ModifyCluster) or the console. */
export function deletionProtectionHint(cluster: ClusterSummary, region: string, rerun?: string): string {
  return (
    (rerun ? `rerun with --disable-protection to lift it as part of the deletion (${rerun} --disable-protection), or ` : '') +
    `turn deletion protection off first, then rerun: ` +
    `aliyun cs PUT /api/v2/clusters/${cluster.clusterId} --region ${region} --header "Content-Type=application/json" --body '{"deletion_protection":false}' ` +
    `(or in the ACK console: Clusters > ${cluster.name} > Basic Information > Deletion Protection); ` +
    `if the profile says cluster.deletionProtection: true, change it too so the next create does not bring it back`
  );
}

/** Poll until the cluster is gone: its delete task succeeded and the API no longer shows it. */
async function waitUntilGone(ctx: CommandContext, ack: AckGateway, cluster: ClusterSummary, taskId: string | undefined, signal: AbortSignal): Promise<void> {
  const failed = (message: string, task?: TaskInfo) =>
    new OperationFailed({
      operationId: 'cluster',
      message: `deleting cluster ${cluster.name} (${cluster.clusterId}) failed: ${message}`,
      taskId: task?.taskId ?? taskId,
      stage: task ? taskFailureStage(task) : undefined,
      hint: `left in place: cluster ${cluster.name} (${cluster.clusterId}) and whatever the failed task did not remove (ackl2 get clusters); see the cluster's events in the ACK console; retry with: ${ackl2Command(ctx, ['delete', 'cluster', cluster.clusterId, '--yes', '--wait'])}`,
    });
  let taskDone = taskId === undefined;
  let last = '';
  await pollUntil(
    async () => {
      if (!taskDone && taskId) {
        const task = await ack.describeTaskInfo(taskId);
        if (isTaskFailed(task.state)) throw failed(taskError(task), task);
        const text = `task ${taskId} ${task.state}${task.currentStage ? ` (${task.currentStage})` : ''}`;
        if (text !== last) ctx.reporter.event({ id: 'cluster', status: 'waiting', message: `deleting ${cluster.name}: ${text}`, data: { clusterId: cluster.clusterId, taskId } });
        last = text;
        if (task.state !== 'success') return undefined;
        taskDone = true;
      }
      try {
        const detail = await ack.describeClusterDetail(cluster.clusterId);
        if (detail.state === 'deleted') return true;
        if (DELETE_FAILED.has(detail.state)) throw failed(`the cluster is in state ${detail.state}`);
        if (taskId === undefined && `state ${detail.state}` !== last) {
          last = `state ${detail.state}`;
          ctx.reporter.event({ id: 'cluster', status: 'waiting', message: `deleting ${cluster.name}: cluster ${last}`, data: { clusterId: cluster.clusterId } });
        }
        return undefined;
      } catch (error) {
        if (isNotFound(error)) return true;
        throw error;
      }
    },
    { schedule: pollScheduleFrom(ctx.settings.poll, ctx.global.emulator), signal, checkFirst: true },
  );
}

function stopped(stop: RunSignal, ctx: CommandContext, cluster: ClusterSummary, error: unknown): unknown {
  const reason = stop.reason;
  if (!reason) return error;
  const check = `check with: ${ackl2Command(ctx, ['get', 'clusters'])}, or wait again: ${ackl2Command(ctx, ['delete', 'cluster', cluster.clusterId, '--wait'])}`;
  if (reason.kind === 'timeout') {
    return new TimeoutError(`cluster ${cluster.name} (${cluster.clusterId}) is still deleting after ${formatDuration(reason.afterMs)} (--timeout); the deletion goes on in the cloud`, { hint: check });
  }
  return new Interrupted(`stopped waiting (${reason.signal}); cluster ${cluster.name} (${cluster.clusterId}) is still deleting in the cloud`, { hint: check });
}

function render(result: DeleteResult, wait: boolean): string {
  const { cluster } = result;
  const what = `cluster ${cluster.name ?? cluster.id}${cluster.id && cluster.name ? ` (${cluster.id})` : ''}`;
  switch (result.action) {
    case 'absent':
      return `${what} not found in ${cluster.region}: nothing to delete (already deleted)`;
    case 'deleted':
      return `${what} deleted`;
    case 'submitted':
      return `${what} is being deleted${result.taskId ? ` (task ${result.taskId})` : ''}${wait ? '' : '; add --wait to wait until it is gone'}`;
  }
}

export default defineCommand({
  name: 'delete cluster',
  description: 'delete a cluster (refuses while deletion protection is on)',
  options: {
    name: argument('<name>', 'cluster name or id'),
    yes: yesOption(),
    wait: flag('--wait', 'wait until the cluster is gone'),
    disableProtection: flag('--disable-protection', 'turn deletion protection off first (ModifyCluster), as part of the confirmed deletion'),
    timeout: value('--timeout <duration>', 'give up waiting after this long', { default: '30m', parse: parseDuration }),
  },
  examples: ['ackl2 delete cluster shop-dev --yes --wait', 'ackl2 delete cluster shop-dev --disable-protection --yes'],
  run: async (options, ctx) => {
    const { name: ref, wait, timeout: timeoutMs } = options;
    const stop = new RunSignal(ctx.signal);
    await withSession(
      ctx,
      async ({ ack, region }) => {
        const lookup = await lookupCluster(ack, ref);
        if (!lookup.found) {
          const result: DeleteResult = { ok: true, cluster: { name: ref.trim(), id: undefined, region }, action: 'absent' };
          ctx.reporter.info(describeExisting(region, lookup.existing, ref.trim()));
          ctx.reporter.result(result, () => render(result, wait));
          return;
        }
        const cluster = lookup.found;
        let taskId: string | undefined;
        if (cluster.state !== 'deleting') {
          const lift = cluster.deletionProtection === true && options.disableProtection;
          if (cluster.deletionProtection && !lift) {
            throw new UserError(`cluster ${cluster.name} (${cluster.clusterId}) has deletion protection on; nothing was deleted`, {
              hint: deletionProtectionHint(cluster, region, ackl2Command(ctx, ['delete', 'cluster', ref.trim()])),
            });
          }
          if (cluster.state === 'initial') {
            throw new UserError(`cluster ${cluster.name} (${cluster.clusterId}) is still being created; ACK deletes a cluster once it is running or failed; nothing was deleted`, {
              hint: `wait, then rerun: ${ackl2Command(ctx, ['delete', 'cluster', cluster.clusterId])}`,
            });
          }
          await confirmChanges(ctx, {
            yes: options.yes,
            question: `${lift ? 'Turn deletion protection off and delete' : 'Delete'} cluster ${cluster.name} (${cluster.clusterId}) in ${region}, with all its node pools and their ${cluster.size ?? 0} node(s)? This cannot be undone.`,
            command: ackl2Command(ctx, ['delete', 'cluster', ref.trim(), ...(lift ? ['--disable-protection'] : [])]),
          });
          if (lift) {
            await ack.modifyCluster(cluster.clusterId, { deletion_protection: false });
            ctx.reporter.event({ id: 'cluster', status: 'done', message: `deletion protection of ${cluster.name} turned off (ModifyCluster)`, data: { clusterId: cluster.clusterId } });
          }
          try {
            ({ taskId } = await ack.deleteCluster(cluster.clusterId));
          } catch (error) {
            if (!isNotFound(error)) throw error;
            const result: DeleteResult = { ok: true, cluster: { name: cluster.name, id: cluster.clusterId, region }, action: 'absent' };
            ctx.reporter.result(result, () => render(result, wait));
            return;
          }
          ctx.reporter.event({ id: 'cluster', status: 'done', message: `deletion of ${cluster.name} submitted${taskId ? ` (task ${taskId})` : ''}`, data: { clusterId: cluster.clusterId, taskId } });
        } else {
          ctx.reporter.info(`cluster ${cluster.name} (${cluster.clusterId}) is already being deleted`);
        }
        if (wait) {
          stop.startTimeout(timeoutMs);
          await ctx.reporter.startLive();
          try {
            await waitUntilGone(ctx, ack, cluster, taskId, stop.signal);
          } catch (error) {
            throw stopped(stop, ctx, cluster, error);
          } finally {
            stop.clearTimeout();
          }
        }
        const result: DeleteResult = { ok: true, cluster: { name: cluster.name, id: cluster.clusterId, region }, action: wait ? 'deleted' : 'submitted', taskId };
        ctx.reporter.result(result, () => render(result, wait));
      },
      { signal: stop.signal },
    );
  },
});
