/**
 * The kube steps (slo-config, coredns, dns-injection/<namespace>, ebpf-conntrack): one object
 * merged into the running cluster through its API server (kubeconfig from
 * DescribeClusterUserKubeconfig, as `ackl2 kubeconfig` gets it). The live object is read and
 * merged (other keys and labels kept); nothing is written when it already holds the settings;
 * a write that loses a race with another writer (409) is read and merged again once
 * (src/kube/merge-apply.ts).
 */

import { KubeApiError, kubeApi } from '../../cloud/kube-api.js';
import { OperationFailed } from '../../errors.js';
import { clusterKubeconfig } from '../../kube/cluster-access.js';
import { applyMerged } from '../../kube/merge-apply.js';
import { mergeFor } from '../../kube/merges.js';
import { objectLabel } from '../../kube/objects.js';
import type { StepReport } from '../types.js';
import { kubeObjectOf, type PlannedStep } from '../intents.js';
import type { RunResult } from '../scheduler.js';
import type { StepContext } from '../step-context.js';

/** Terway reads eni-config when its pod starts ("Configure NodeLocal DNSCache" recreates them after editing it). */
const RESTART_NOTE = 'nodes that existed before keep the old settings until their terway-eniip pods are recreated (kubectl -n kube-system get pod | grep terway-eniip, then kubectl -n kube-system delete pod NAME...)';

export async function runKubeObject(ctx: StepContext, step: PlannedStep, r: StepReport): Promise<RunResult> {
  const { options, state, ack, emit } = ctx;
  if (step.intent.kind === 'done') {
    emit(step.op.id, 'skipped', step.intent.reason);
    return 'done';
  }
  const clusterId = state.requireCluster();
  const wanted = kubeObjectOf(step.op);
  const what = objectLabel(wanted);
  r.resourceId = what;
  // Components on nodes read this object when they start: pools that existed before it changed keep the old settings.
  const readAtNodeStart = options.steps.some((s) => s.kind === 'nodepool' && s.op.dependsOn.includes(step.op.id));
  const nodesBefore = state.pools.size > 0;
  emit(step.op.id, 'running', `merging into ${what} through the cluster's API server`);
  try {
    const api = kubeApi(await clusterKubeconfig(ack, clusterId, step.op.id), options.signal);
    const outcome = await applyMerged(api, wanted, mergeFor(wanted));
    r.action = outcome === 'unchanged' ? 'none' : 'configured';
    const restart = outcome !== 'unchanged' && readAtNodeStart && nodesBefore ? `; ${RESTART_NOTE}` : '';
    emit(step.op.id, 'done', outcome === 'unchanged' ? `${what} already holds these settings` : `${what} ${outcome}${restart}`);
    return 'done';
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    throw new OperationFailed({
      operationId: step.op.id,
      message: `${step.op.id}: ${error.message}`,
      hint: error.status === 0
        ? `the cluster's API server is not reachable from here (a private endpoint needs the VPC, a VPN or Express Connect); rerun the same command from where it is reachable, or make the change by hand as docs/scenarios.md shows`
        : 'rerun the same command to retry; the cluster and its pools are kept',
    });
  }
}
