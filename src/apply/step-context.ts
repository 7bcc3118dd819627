/**
 * What every step of the apply shares while the DAG runs: the options, the facts learned so
 * far (cluster id, pool ids, join results), progress events, and the waiting / reconciling
 * helpers. Built once per apply by engine.ts and handed to each step runner in steps/.
 */

import { CloudError } from '../errors.js';
import { failureKindOf, isAmbiguous } from '../cloud/errors.js';
import type { AckGateway, ClusterNode, TaskInfo } from '../cloud/types.js';
import { listClusterNodes } from './discover.js';
import type { JsonObject } from '../plan/types.js';
import type { ProgressEvent } from '../ui/reporter.js';
import type { ApplyOptions, JoinReport, StepReport } from './types.js';
import type { PlannedStep } from './intents.js';
import { resolveEnv } from './placeholders.js';
import { PoolWatcher } from './pool-watcher.js';
import { sharedRead } from './shared-read.js';
import { isTaskSucceeded, taskFailed, waitForTask } from './tasks.js';
import type { RunResult } from './scheduler.js';

/** Attempts at a creation whose answer was lost before we look it up and retry. */
const CREATE_ATTEMPTS = 3;

/**
 * "Already exists" answers to a creation: another run of the same profile (a CI retry while
 * the first still runs) got there first. What it made is looked up and adopted, so two runs
 * converge on one cluster and one pool each instead of one of them failing.
 */
const CONFLICT_CODES = /AlreadyExist|AlreadyInCluster/i;

function isConflict(error: unknown): boolean {
  return error instanceof CloudError && CONFLICT_CODES.test(error.code);
}

/** Mutable facts the steps share while they run. */
export class ApplyState {
  clusterId: string | undefined;
  clusterState: string | undefined;
  readonly pools = new Map<string, { id?: string | undefined; state?: string | undefined; desiredSize?: number | undefined; nodes?: number | undefined }>();
  readonly joins: JoinReport[] = [];
  readonly reports = new Map<string, StepReport>();

  requireCluster(): string {
    if (!this.clusterId) throw new Error('the cluster id is not known yet (a dependency is missing in the plan)');
    return this.clusterId;
  }

  requirePool(name: string): string {
    const id = this.pools.get(name)?.id;
    if (!id) throw new Error(`the id of node pool "${name}" is not known yet`);
    return id;
  }
}

export interface StepContext {
  options: ApplyOptions;
  ack: AckGateway;
  state: ApplyState;
  emit(id: string, status: ProgressEvent['status'], message: string, data?: Record<string, unknown>): void;
  /** The body with `${env:NAME}` placeholders filled in (the values go to the Redactor). */
  body(raw: JsonObject): JsonObject;
  /** Polls a task until it is over; progress on state or stage changes. */
  waitTask(id: string, taskId: string, what: string): Promise<TaskInfo>;
  /** Throws OperationFailed for a failed task: operation, task, stage, the cloud's error. */
  failTask(step: PlannedStep, task: TaskInfo, what: string, requestId?: string): never;
  /** Create, and when the answer was lost, look up whether it happened before trying again. */
  createOrAdopt<T>(create: () => Promise<T>, lookup: () => Promise<T | undefined>): Promise<{ value: T; adopted: boolean }>;
  /** The shared node pool poller of a cluster. */
  watcherFor(clusterId: string): PoolWatcher;
  /**
   * The nodes of the pool (and maybe of others: filter by nodepoolId), read afresh. Pools that
   * ask in the same turn share one listing of the cluster; a pool asking alone lists its own.
   */
  poolNodes(clusterId: string, nodepoolId: string): Promise<ClusterNode[]>;
}

export type StepRunner = (ctx: StepContext, step: PlannedStep, r: StepReport) => Promise<RunResult>;

export function makeStepContext(options: ApplyOptions, state: ApplyState): StepContext {
  const { ack } = options;
  const watchers = new Map<string, PoolWatcher>();
  const nodeReads = new Map<string, (nodepoolId: string) => Promise<ClusterNode[]>>();
  const emit: StepContext['emit'] = (id, status, message, data) => options.progress({ id, status, message, ...(data ? { data } : {}) });
  return {
    options,
    ack,
    state,
    emit,
    body: (raw) => resolveEnv(raw, options.env, options.onSecret),
    waitTask(id, taskId, what) {
      return waitForTask(ack, taskId, {
        schedule: options.poll,
        signal: options.signal,
        onChange: (text, task) => {
          if (!isTaskSucceeded(task.state)) emit(id, 'waiting', `${what}: task ${taskId} ${text}`, { taskId });
        },
      });
    },
    failTask(step, task, what, requestId) {
      throw taskFailed(step.op.id, task, what, { requestId });
    },
    async createOrAdopt(create, lookup) {
      for (let attempt = 1; ; attempt++) {
        try {
          return { value: await create(), adopted: false };
        } catch (error) {
          const kind = failureKindOf(error);
          const conflict = isConflict(error);
          if (options.signal.aborted || (!conflict && (kind === undefined || !isAmbiguous(kind)))) throw error;
          const found = await lookup();
          if (found !== undefined) return { value: found, adopted: true };
          if (conflict || attempt >= CREATE_ATTEMPTS) throw error;
        }
      }
    },
    watcherFor(clusterId) {
      let watcher = watchers.get(clusterId);
      if (!watcher) {
        watcher = new PoolWatcher(ack, clusterId, options.poll, options.signal);
        watchers.set(clusterId, watcher);
      }
      return watcher;
    },
    poolNodes(clusterId, nodepoolId) {
      let read = nodeReads.get(clusterId);
      if (!read) {
        read = sharedRead((pools: readonly string[]) => listClusterNodes(ack, clusterId, pools.length === 1 ? pools[0] : undefined));
        nodeReads.set(clusterId, read);
      }
      return read(nodepoolId);
    },
  };
}

export type { JoinReport };
