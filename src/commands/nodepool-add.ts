/**
 * `ackl2 nodepool add -f FILE --pool NAME`: create one pool of the profile (and attach its
 * listed instances) on the profile's existing cluster. Idempotent: a pool that exists is
 * reported, not created again.
 */

import { loadOneProfile } from './command-support.js';
import { parseDuration } from '../apply/duration.js';
import { ackl2Command } from './hints.js';
import { runApply } from './run-apply.js';
import { UserError } from '../errors.js';
import { operationIds, planProfile } from '../plan/index.js';
import type { Plan } from '../plan/types.js';
import { yesOption } from './confirm.js';
import { defineCommand, files, flag, value } from './define.js';

/** The pool's own operations, with dependencies outside them (the cluster) taken as met. */
export function poolSubPlan(plan: Plan, pool: string): Plan {
  const ids = new Set([operationIds.nodepool(pool), operationIds.join(pool), operationIds.osParameters(pool)]);
  const operations = plan.operations
    .filter((op) => ids.has(op.id))
    .map((op) => ({ ...op, dependsOn: op.dependsOn.filter((d) => ids.has(d)) }));
  return { ...plan, operations };
}

export default defineCommand({
  name: 'nodepool add',
  description: 'create one pool of the profile on the existing cluster',
  options: {
    file: files(),
    pool: value('--pool <name>', 'pool name in the profile', { required: true }),
    yes: yesOption(),
    wait: flag('--no-wait', 'return once submitted'),
    timeout: value('--timeout <duration>', 'give up waiting after this long', { default: '30m', parse: parseDuration }),
  },
  examples: ['ackl2 nodepool add -f cluster.yaml --pool batch --yes'],
  run: async (options, ctx) => {
    const loaded = await loadOneProfile(ctx, options.file, 'nodepool add');
    const { profile } = loaded;
    if (!profile.nodePools.some((p) => p.name === options.pool)) {
      throw new UserError(`${loaded.file} has no node pool "${options.pool}"`, { hint: `its pools: ${profile.nodePools.map((p) => p.name).join(', ')}` });
    }
    const plan = poolSubPlan(planProfile(profile), options.pool);
    const name = profile.metadata.name;
    await runApply(ctx, {
      loaded,
      plan,
      yes: options.yes,
      wait: options.wait,
      timeoutMs: options.timeout,
      pools: new Set([options.pool]),
      requireExistingCluster: { command: ackl2Command(ctx, ['create', '-f', loaded.file]) },
      next: { resume: ackl2Command(ctx, ['nodepool', 'add', '-f', loaded.file, '--pool', options.pool, ...(options.yes ? ['--yes'] : [])]) },
      question: () => `Add node pool ${options.pool} to cluster ${name} in ${profile.metadata.region}?`,
    });
  },
});
