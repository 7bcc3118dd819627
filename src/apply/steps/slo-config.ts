/**
 * The `slo-config` step: memory QoS turned on in ack-koordinator's ack-slo-config ConfigMap
 * through the running cluster's API server (kubeconfig from DescribeClusterUserKubeconfig, as
 * `ackl2 kubeconfig` gets it). The live ConfigMap is read and merged (other keys kept); nothing
 * is written when it already has memory QoS on. A write that loses a race with another writer
 * (409) is read and merged again once.
 */

import { KubeApiError, kubeApi, type KubeApi } from '../../cloud/kube-api.js';
import { OperationFailed } from '../../errors.js';
import { clusterKubeconfig } from '../../kube/cluster-access.js';
import { planSloConfig, SLO_CONFIG_NAME, SLO_CONFIG_NAMESPACE } from '../../kube/slo-config.js';
import type { StepReport } from '../types.js';
import type { PlannedStep } from '../intents.js';
import type { RunResult } from '../scheduler.js';
import type { StepContext } from '../step-context.js';

const WRITE_ATTEMPTS = 2;
const WHAT = `${SLO_CONFIG_NAMESPACE}/${SLO_CONFIG_NAME}`;

async function mergeOnce(api: KubeApi): Promise<'unchanged' | 'created' | 'updated'> {
  const change = planSloConfig(await api.getConfigMap(SLO_CONFIG_NAMESPACE, SLO_CONFIG_NAME));
  if (change.action === 'none') return 'unchanged';
  if (change.action === 'create') await api.createConfigMap(change.configMap);
  else await api.replaceConfigMap(change.configMap);
  return change.action === 'create' ? 'created' : 'updated';
}

export async function runSloConfig(ctx: StepContext, step: PlannedStep, r: StepReport): Promise<RunResult> {
  const { options, state, ack, emit } = ctx;
  if (step.intent.kind === 'done') {
    emit(step.op.id, 'skipped', step.intent.reason);
    return 'done';
  }
  const clusterId = state.requireCluster();
  r.resourceId = WHAT;
  emit(step.op.id, 'running', `turning memory QoS on in ${WHAT} through the cluster's API server`);
  const api = kubeApi(await clusterKubeconfig(ack, clusterId, step.op.id), options.signal);
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await mergeOnce(api);
      r.action = outcome === 'unchanged' ? 'none' : 'configured';
      emit(step.op.id, 'done', outcome === 'unchanged' ? `${WHAT} already turns memory QoS on` : `${WHAT} ${outcome}: memory QoS on for LS and BE pods`);
      return 'done';
    } catch (error) {
      if (!(error instanceof KubeApiError)) throw error;
      if (error.status === 409 && attempt < WRITE_ATTEMPTS) continue;
      throw new OperationFailed({
        operationId: step.op.id,
        message: `${step.op.id}: ${error.message}`,
        hint: error.status === 0
          ? "the cluster's API server is not reachable from here (a private endpoint needs the VPC, a VPN or Express Connect); rerun the same command from where it is reachable, or set memory QoS by hand as docs/scenarios.md#resourceqos shows"
          : 'rerun the same command to retry; the cluster and its pools are kept',
      });
    }
  }
}
