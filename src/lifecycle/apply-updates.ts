/**
 * Walks an UpdatePlan against ACK: the cluster first (ModifyCluster, ModifyClusterTags, then
 * UpgradeCluster, waited for: node pools follow the control plane), then every pool in
 * parallel, each pool one change at a time (ModifyClusterNodePool, ModifyNodePoolNodeConfig,
 * then the rolling UpgradeClusterNodepool, followed batch by batch), then with `prune` the
 * deletions. A pool that is busy with an earlier task (a run killed mid-rollout) is waited
 * for before anything new is sent to it: one change per pool at a time, and a rerun resumes.
 */

import { listClusterNodes } from '../apply/discover.js';
import { pollUntil, type PollSchedule } from '../apply/poll.js';
import { PoolWatcher, TaskWatcher, UNLISTED } from '../apply/pool-watcher.js';
import { isTaskFailed, isTaskOver, isTaskSucceeded, taskError, taskFailureStage } from '../apply/tasks.js';
import type { AckGateway, NodePoolSummary, TaskInfo } from '../cloud/types.js';
import { CloudError, OperationFailed, UserError } from '../errors.js';
import type { ProgressEvent } from '../ui/reporter.js';
import type { PoolUpdate, UpdatePlan } from './update-plan.js';
import type { JsonObject } from '../plan/types.js';
import { isMinorVersion, isPatchOf, newestFirst } from '../versions.js';

export interface UpdateOptions {
  ack: AckGateway;
  /** One DescribeClusterNodePools poll shared by every pool waiting (see PoolWatcher). */
  watcher?: PoolWatcher | undefined;
  /** One DescribeClusterTasks poll shared by every change waiting for its task (see TaskWatcher). */
  tasks?: TaskWatcher | undefined;
  clusterId: string;
  poll: PollSchedule;
  signal: AbortSignal;
  progress: (event: ProgressEvent) => void;
  /** Delete the live pools the profile does not name. */
  prune: boolean;
  /** ACK cluster type, for the version lookup of a minor-only upgrade target. */
  clusterType?: string | undefined;
}

export interface UpdateOutcome {
  id: string;
  action: string;
  taskIds: string[];
  outcome: 'done' | 'failed';
  error?: unknown;
}

const POOL_BUSY = new Set(['initial', 'scaling', 'updating', 'upgrading', 'removing', 'deleting']);
const CLUSTER_BUSY = new Set(['updating', 'upgrading', 'scaling', 'initial']);

async function waitTask(o: Omit<UpdateOptions, 'prune'>, id: string, taskId: string | undefined, what: string): Promise<void> {
  if (!taskId) return;
  const task = await pollUntil(
    async () => {
      const t = await o.ack.describeTaskInfo(taskId);
      return isTaskSucceeded(t.state) || isTaskFailed(t.state) ? t : undefined;
    },
    { schedule: o.poll, signal: o.signal },
  );
  if (isTaskFailed(task.state)) {
    throw new OperationFailed({ operationId: id, taskId, stage: taskFailureStage(task), message: `${what} failed: ${taskError(task)}`, hint: 'rerun the same apply to try again; what finished stays' });
  }
}

/** The error of a pool change whose task failed, with the stage and the cloud's error. */
function poolTaskFailed(id: string, task: TaskInfo): OperationFailed {
  return new OperationFailed({ operationId: id, taskId: task.taskId, stage: taskFailureStage(task), message: `${id} failed: ${taskError(task)}`, hint: 'rerun the same apply to try again; what finished stays' });
}

/**
 * Until the pool rests (active), through the shared watcher; a failed pool is an error.
 * With a task: the task is read once the pool rests (a pool may still look idle for a moment
 * after the call, and only the task says whether the change worked).
 */
async function waitPoolIdle(o: Omit<UpdateOptions, 'prune'>, id: string, nodepoolId: string, taskId?: string, onChange?: (pool: NodePoolSummary) => void): Promise<NodePoolSummary> {
  const watcher = (o.watcher ??= new PoolWatcher(o.ack, o.clusterId, o.poll, o.signal));
  let last = '';
  for (;;) {
    const pool = await watcher.until(
      nodepoolId,
      (p) => !POOL_BUSY.has(p.state),
      (p) => {
        if (p.state !== last && POOL_BUSY.has(p.state)) o.progress({ id, status: 'waiting', message: `node pool is ${p.state}` });
        last = p.state;
        onChange?.(p);
      },
    );
    if (taskId) {
      const task = await o.ack.describeTaskInfo(taskId);
      if (isTaskFailed(task.state)) throw poolTaskFailed(id, task);
      if (!isTaskSucceeded(task.state)) continue;
    }
    if (pool.state === 'failed') {
      throw new OperationFailed({ operationId: id, message: `${id}: node pool ${nodepoolId} is failed`, hint: 'see the pool in the ACK console; rerun apply once it is repaired' });
    }
    return pool;
  }
}

/**
 * Until a change's task is over, through the shared task listing: the tick that finds it over
 * ends the wait, with no read after it. Success is what ACK says of the change (a pool still
 * busy for a moment after it is waited for by the next change sent to it, see sendToPool);
 * a failed task is read once more (DescribeTaskInfo) for its stage. A task the listing does not
 * hold is waited for as before: its pool rests, then its own task.
 */
async function waitChange(o: Omit<UpdateOptions, 'prune'>, id: string, nodepoolId: string, taskId: string | undefined): Promise<void> {
  if (!taskId) {
    await waitPoolIdle(o, id, nodepoolId);
    return;
  }
  const watcher = (o.tasks ??= new TaskWatcher(o.ack, o.clusterId, o.poll, o.signal));
  let last = '';
  const task = await watcher.until(
    taskId,
    (t) => t.state === UNLISTED || isTaskOver(t.state),
    (t) => {
      if (t.state !== last && t.state !== UNLISTED && !isTaskOver(t.state)) o.progress({ id, status: 'waiting', message: `task ${t.taskType ?? taskId} is ${t.state}` });
      last = t.state;
    },
  );
  if (task.state === UNLISTED) {
    await waitPoolIdle(o, id, nodepoolId, taskId);
    return;
  }
  if (isTaskFailed(task.state)) throw poolTaskFailed(id, await o.ack.describeTaskInfo(taskId));
}

async function waitClusterIdle(o: UpdateOptions, id: string): Promise<void> {
  let last = '';
  await pollUntil(
    async () => {
      const detail = await o.ack.describeClusterDetail(o.clusterId);
      if (detail.state !== last && CLUSTER_BUSY.has(detail.state)) o.progress({ id, status: 'waiting', message: `cluster is ${detail.state}` });
      last = detail.state;
      if (detail.state === 'failed') throw new OperationFailed({ operationId: id, message: `cluster ${o.clusterId} is failed` });
      return CLUSTER_BUSY.has(detail.state) ? undefined : detail;
    },
    { schedule: o.poll, signal: o.signal, checkFirst: true },
  );
}

/** The exact version to upgrade to: itself, or the newest patch ACK offers of a minor. */
async function exactVersion(o: UpdateOptions, wanted: string): Promise<string> {
  if (!isMinorVersion(wanted)) return wanted;
  const offered = await o.ack.describeKubernetesVersionMetadata({ clusterType: o.clusterType ?? 'ManagedKubernetes' });
  const newest = newestFirst(offered).find((v) => isPatchOf(v.version, wanted))?.version;
  if (!newest) throw new UserError(`ACK offers no Kubernetes ${wanted}.x to upgrade to`, { hint: `offered: ${offered.map((v) => v.version).join(', ')}` });
  return newest;
}

async function applyCluster(o: UpdateOptions, plan: UpdatePlan, record: (r: UpdateOutcome) => void): Promise<void> {
  const update = plan.cluster;
  if (!update) return;
  const id = 'update/cluster';
  const taskIds: string[] = [];
  try {
    await waitClusterIdle(o, id);
    if (update.modify) {
      o.progress({ id, status: 'running', message: `ModifyCluster ${Object.keys(update.modify).join(', ')}` });
      const { taskId } = await o.ack.modifyCluster(o.clusterId, update.modify);
      if (taskId) taskIds.push(taskId);
      await waitTask(o, id, taskId, 'modifying the cluster');
      await waitClusterIdle(o, id);
    }
    if (update.tags) {
      o.progress({ id, status: 'running', message: `ModifyClusterTags ${update.tags.map((t) => t.key).join(', ')}` });
      await o.ack.modifyClusterTags(o.clusterId, update.tags);
    }
    if (update.upgradeTo) {
      const version = await exactVersion(o, update.upgradeTo);
      o.progress({ id, status: 'running', message: `UpgradeCluster to ${version} (control plane first)` });
      const { taskId } = await o.ack.upgradeCluster(o.clusterId, { next_version: version });
      if (taskId) taskIds.push(taskId);
      await waitTask(o, id, taskId, `upgrading the control plane to ${version}`);
      await waitClusterIdle(o, id);
    }
    o.progress({ id, status: 'done', message: 'cluster updated' });
    record({ id, action: 'updated', taskIds, outcome: 'done' });
  } catch (error) {
    record({ id, action: 'update', taskIds, outcome: 'failed', error });
    throw error;
  }
}

/**
 * A rollout, followed batch by batch: how many of the pool's nodes run the new image, read
 * at most once a second (or once a poll interval, whichever is longer).
 */
async function followRollout(o: UpdateOptions, id: string, update: PoolUpdate, imageId: string | undefined, taskId: string | undefined): Promise<void> {
  if (imageId === undefined) {
    await waitChange(o, id, update.nodepoolId, taskId);
    return;
  }
  let reported = -1;
  let lastRead = 0;
  let reading: Promise<void> | undefined;
  const every = Math.max(1000, o.poll.maxMs);
  const count = async () => {
    const nodes = await listClusterNodes(o.ack, o.clusterId, update.nodepoolId);
    const replaced = nodes.filter((n) => n.imageId === imageId).length;
    if (replaced !== reported) {
      reported = replaced;
      o.progress({ id, status: 'waiting', message: `rolling ${imageId}: ${replaced}/${nodes.length} node(s) replaced` });
    }
  };
  await waitPoolIdle(o, id, update.nodepoolId, taskId, (pool) => {
    if (pool.state !== 'upgrading' || reading || Date.now() - lastRead < every) return;
    lastRead = Date.now();
    reading = count().catch(() => undefined).finally(() => (reading = undefined));
  });
  await reading;
  await count();
}

/** ACK's answer when a pool or cluster is busy with another change (another run's, say). */
const BUSY_CODES = new Set(['ErrorNodePoolState', 'ErrorClusterState']);

/**
 * Send a change to a pool; when ACK answers that the pool is busy (a concurrent run got
 * there first), wait until it rests and send it again: every change here is idempotent.
 */
async function sendToPool<T>(o: UpdateOptions, id: string, nodepoolId: string, send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof CloudError) || !BUSY_CODES.has(error.code) || attempt >= 5) throw error;
      o.progress({ id, status: 'waiting', message: `busy (${error.code}); sending again once it rests` });
      await waitPoolIdle(o, id, nodepoolId);
    }
  }
}

async function applyPool(o: UpdateOptions, update: PoolUpdate, record: (r: UpdateOutcome) => void): Promise<void> {
  const id = `update/${update.pool}`;
  const taskIds: string[] = [];
  try {
    // An earlier run's change may still be rolling: one change per pool at a time. A pool
    // that rested when the diff was read gets its change at once; should it have become busy
    // since (another run), ACK answers so and sendToPool waits for it.
    if (POOL_BUSY.has(update.liveState)) await waitPoolIdle(o, id, update.nodepoolId);
    if (update.modify) {
      o.progress({ id, status: 'running', message: `ModifyClusterNodePool (${Object.keys(update.modify).join(', ')})` });
      const body = update.modify;
      const { taskId } = await sendToPool(o, id, update.nodepoolId, () => o.ack.modifyClusterNodePool(o.clusterId, update.nodepoolId, body));
      if (taskId) taskIds.push(taskId);
      await waitChange(o, id, update.nodepoolId, taskId);
    }
    if (update.nodeConfig) {
      const what = [update.nodeConfig.kubelet_config ? 'kubelet' : undefined, update.nodeConfig.os_config ? 'OS parameters' : undefined].filter(Boolean).join(', ');
      o.progress({ id, status: 'running', message: `ModifyNodePoolNodeConfig (${what}), rolled over the nodes` });
      const body = update.nodeConfig;
      const { taskId } = await sendToPool(o, id, update.nodepoolId, () => o.ack.modifyNodePoolNodeConfig(o.clusterId, update.nodepoolId, body));
      if (taskId) taskIds.push(taskId);
      await waitChange(o, id, update.nodepoolId, taskId);
    }
    if (update.upgrade) {
      const body: JsonObject = { ...update.upgrade };
      // Nodes follow the control plane, whatever version it has reached by now.
      if (update.upgradeKubelet) body.kubernetes_version = (await o.ack.describeClusterDetail(o.clusterId)).currentVersion ?? null;
      const imageId = typeof body.image_id === 'string' ? body.image_id : undefined;
      const what = [imageId, body.kubernetes_version ? `Kubernetes ${String(body.kubernetes_version)}` : undefined].filter(Boolean).join(' and ');
      o.progress({ id, status: 'running', message: `UpgradeClusterNodepool: ${what} by system-disk replacement` });
      const { taskId } = await sendToPool(o, id, update.nodepoolId, () => o.ack.upgradeClusterNodepool(o.clusterId, update.nodepoolId, body));
      if (taskId) taskIds.push(taskId);
      await followRollout(o, id, update, imageId, taskId);
    }
    o.progress({ id, status: 'done', message: `node pool ${update.pool} updated` });
    record({ id, action: 'updated', taskIds, outcome: 'done' });
  } catch (error) {
    record({ id, action: 'update', taskIds, outcome: 'failed', error });
  }
}

/** DeleteClusterNodepool (ACK drains and releases the nodes), waited for until the pool is gone. */
export async function deleteNodePool(o: Omit<UpdateOptions, 'prune'>, pool: { pool: string; nodepoolId: string }): Promise<string | undefined> {
  const id = `delete/${pool.pool}`;
  const gone = async () => {
    try {
      await o.ack.describeClusterNodePoolDetail(o.clusterId, pool.nodepoolId);
      return undefined;
    } catch (error) {
      if (error instanceof CloudError && /NotFound/i.test(error.code)) return true;
      throw error;
    }
  };
  const current = await o.ack.describeClusterNodePoolDetail(o.clusterId, pool.nodepoolId);
  let taskId: string | undefined;
  if (current.state !== 'deleting') {
    // A pool busy with another change is deleted once that change is over.
    if (POOL_BUSY.has(current.state)) await waitPoolIdle(o, id, pool.nodepoolId).catch(() => undefined);
    o.progress({ id, status: 'running', message: `DeleteClusterNodepool ${pool.nodepoolId} (nodes drained and released)` });
    ({ taskId } = await o.ack.deleteClusterNodepool(o.clusterId, pool.nodepoolId, { force: true }));
    await waitTask(o, id, taskId, `deleting node pool ${pool.pool}`);
  } else {
    o.progress({ id, status: 'waiting', message: `node pool ${pool.pool} is already being deleted` });
  }
  await pollUntil(gone, { schedule: o.poll, signal: o.signal, checkFirst: true });
  o.progress({ id, status: 'done', message: `node pool ${pool.pool} deleted` });
  return taskId;
}

async function prunePool(o: UpdateOptions, pool: { pool: string; nodepoolId: string }, record: (r: UpdateOutcome) => void): Promise<void> {
  const id = `delete/${pool.pool}`;
  try {
    const taskId = await deleteNodePool(o, pool);
    record({ id, action: 'deleted', taskIds: taskId ? [taskId] : [], outcome: 'done' });
  } catch (error) {
    record({ id, action: 'delete', taskIds: [], outcome: 'failed', error });
  }
}

export async function applyUpdates(o: UpdateOptions, plan: UpdatePlan): Promise<UpdateOutcome[]> {
  const outcomes: UpdateOutcome[] = [];
  const record = (r: UpdateOutcome) => outcomes.push(r);
  await applyCluster(o, plan, record);
  await Promise.all(plan.pools.map((update) => applyPool(o, update, record)));
  if (o.prune) await Promise.all(plan.unmanaged.map((pool) => prunePool(o, pool, record)));
  return outcomes;
}
