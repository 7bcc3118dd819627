/**
 * What the apply engine takes and reports. A leaf of apply/: the engine, its step context and
 * the steps all import these types, and none of them imports the engine for them.
 */

import type { ClusterWatcher } from './pool-watcher.js';
import type { AckGateway, ClusterSummary, NodePoolSummary } from '../cloud/types.js';
import type { ProgressEvent } from '../ui/reporter.js';
import type { OperationKind, PlannedStep } from './intents.js';
import type { PollSchedule } from './poll.js';
import type { NodeOutcome } from './scheduler.js';

export interface ApplyOptions {
  ack: AckGateway;
  steps: PlannedStep[];
  /** metadata.name: the cluster name and the `ackl2.io/profile` tag value. */
  profile: string;
  /** Cluster found by discovery (for steps whose cluster exists). */
  existingCluster?: ClusterSummary | undefined;
  /** Pools found by discovery, by name. */
  existingPools?: Map<string, NodePoolSummary> | undefined;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  poll: PollSchedule;
  /** Submit what can be submitted, wait for nothing. */
  noWait?: boolean;
  maxParallel?: number;
  /** Exact Kubernetes version resolved by preflight (replaces a minor like "1.30"). */
  kubernetesVersion?: string | undefined;
  progress: (event: ProgressEvent) => void;
  onSecret?: (secret: string) => void;
  deleteCommand: string;
  now?: () => number;
  /** A fleet run's one poll of the region's clusters: a cluster's creation is watched there instead of through its task. */
  clusterWatcher?: ClusterWatcher | undefined;
}

export type StepAction = 'created' | 'found' | 'waited' | 'retried' | 'repaired' | 'attached' | 'configured' | 'none';

export interface StepReport {
  id: string;
  kind: OperationKind;
  pool: string | undefined;
  api: string;
  outcome: NodeOutcome['status'];
  /** What this run did. */
  action: StepAction;
  resourceId?: string | undefined;
  state?: string | undefined;
  taskId?: string | undefined;
  error?: unknown;
  blockedBy?: string | undefined;
  durationMs?: number | undefined;
}

export interface JoinReport {
  pool: string;
  instanceId: string;
  result: 'attached' | 'already-attached' | 'failed' | 'submitted' | 'pending';
  message?: string | undefined;
}

export interface ApplyReport {
  clusterId: string | undefined;
  clusterState: string | undefined;
  steps: StepReport[];
  pools: Map<string, { id?: string | undefined; state?: string | undefined; desiredSize?: number | undefined; nodes?: number | undefined }>;
  joins: JoinReport[];
}
