/** Instances to join exist, run, sit in the cluster's VPC and belong to no other cluster. */

import type { Instance } from '../../cloud/types.js';
import { joinRefs } from '../preflight-target.js';
import type { PreflightCheck } from './types.js';

/** Problems with instances to attach, one message per instance (also used by `ackl2 join`). */
export function instanceProblems(
  ids: readonly string[],
  found: ReadonlyMap<string, Instance>,
  options: { region: string; vpcId: string | undefined; clusterId: string | undefined; ownClusterIds?: ReadonlySet<string> },
): Map<string, { message: string; hint: string }> {
  const problems = new Map<string, { message: string; hint: string }>();
  for (const id of ids) {
    const instance = found.get(id);
    if (!instance) {
      problems.set(id, { message: `ECS instance ${id} does not exist in ${options.region}`, hint: 'check the id (aliyun ecs DescribeInstances) and the region' });
    } else if (instance.clusterId && instance.clusterId !== options.clusterId && !options.ownClusterIds?.has(instance.clusterId)) {
      problems.set(id, { message: `ECS instance ${id} already belongs to cluster ${instance.clusterId}`, hint: 'remove it from that cluster first, or list another instance' });
    } else if (instance.status !== 'Running') {
      problems.set(id, { message: `ECS instance ${id} is ${instance.status}, not Running`, hint: 'start it (aliyun ecs StartInstance) and rerun' });
    } else if (options.vpcId && instance.vpcId !== options.vpcId) {
      problems.set(id, { message: `ECS instance ${id} is in VPC ${instance.vpcId ?? '(none)'}, not the cluster's VPC ${options.vpcId}`, hint: 'only instances in the cluster VPC can join' });
    }
  }
  return problems;
}

export const joinInstancesUsable: PreflightCheck = {
  what: 'instances to join',
  guards: ['attach-instances'],
  needs: (target) => ({ instances: joinRefs(target).map((r) => r.id) }),
  run: (facts, target, at) => {
    const refs = joinRefs(target);
    if (refs.length === 0) return [];
    const problems = instanceProblems(
      refs.map((r) => r.id),
      facts.instances,
      { region: facts.region, vpcId: target.profile.cluster.network.vpcId, clusterId: target.existingClusterId, ownClusterIds: facts.ownClusterIds },
    );
    return refs.flatMap((ref) => {
      const problem = problems.get(ref.id);
      return problem ? [at('error', ref.path, problem.message, problem.hint)] : [];
    });
  },
};
