/**
 * `ackl2 join --cluster C --pool P --instances i-a,i-b`: attach existing ECS instances to a
 * node pool (AttachInstancesToNodePool, batched), wait for the tasks, report per instance.
 * Instances already in the pool are skipped; instances that cannot join (missing, stopped,
 * another VPC, another cluster or pool) are all reported before anything is attached.
 */

import { regionFor } from './command-support.js';
import { listClusterNodes } from '../apply/discover.js';
import { formatDuration, parseDuration } from '../apply/duration.js';
import { applySteps, type JoinReport } from '../apply/engine.js';
import { failureDocument, operationError, stopError, type ReachedState } from '../apply/failure.js';
import { ackl2Command } from './hints.js';
import type { PlannedStep } from '../apply/intents.js';
import { resolveCluster, resolvePool } from './cluster-ref.js';
import { pollScheduleFrom } from '../apply/poll.js';
import { describeInstancesById, instanceProblems } from '../apply/preflight.js';
import { RunSignal } from '../apply/run-signal.js';
import { table } from '../ui/table.js';
import { openCloudSession } from './online.js';
import { InstancesRejected, Interrupted, UserError } from '../errors.js';
import { nodepoolIdPlaceholder } from '../plan/types.js';
import { confirmChanges, yesOption } from './confirm.js';
import { defineCommand, flag, value } from './define.js';
import { nodeCounts } from '../results/node-counts.js';
import type { JoinResult } from '../results/schemas.js';

export function parseInstanceIds(text: string): string[] {
  const ids = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  if (ids.length === 0) throw new UserError('--instances is empty', { hint: 'give comma-separated ECS instance ids, e.g. --instances i-bp1aaa,i-bp1bbb' });
  const bad = ids.filter((id) => !/^i-[a-z0-9]{4,}$/.test(id));
  if (bad.length > 0) throw new UserError(`not ECS instance ids: ${bad.join(', ')}`, { hint: 'instance ids look like i-bp1abcdefgh12345' });
  return ids;
}

export default defineCommand({
  name: 'join',
  description: 'attach existing ECS instances to a node pool (batched)',
  options: {
    cluster: value('--cluster <name>', 'cluster name or id', { required: true }),
    pool: value('--pool <name>', 'node pool name or id', { required: true }),
    instances: value('--instances <ids>', 'comma-separated ECS instance ids', { required: true, parse: parseInstanceIds }),
    formatDisk: flag('--format-disk', 'format the data disk of each instance'),
    yes: yesOption(),
    keepInstanceName: flag('--no-keep-instance-name', 'let ACK rename the instances'),
    wait: flag('--no-wait', 'return once submitted'),
    timeout: value('--timeout <duration>', 'give up waiting after this long', { default: '30m', parse: parseDuration }),
  },
  examples: ['ackl2 join --cluster shop-prod --pool web --instances i-bp1spare000004,i-bp1spare000005 --yes'],
  run: async (options, ctx) => {
    const started = performance.now();
    const { instances: ids, timeout: timeoutMs } = options;
    const region = regionFor(ctx);
    const resume = ackl2Command(ctx, ['join', '--cluster', options.cluster, '--pool', options.pool, '--instances', ids.join(','), ...(options.yes ? ['--yes'] : [])]);
    const stop = new RunSignal(ctx.signal);
    const session = await openCloudSession(ctx, { region, signal: stop.signal });
    let joins: JoinReport[] = [];
    let clusterInfo: { name: string; id: string } | undefined;
    let poolInfo: { name: string; id: string } | undefined;
    let failure: unknown;
    try {
      const { ack } = session;
      const cluster = await resolveCluster(ack, options.cluster);
      clusterInfo = { name: cluster.name, id: cluster.clusterId };
      if (cluster.state !== 'running') throw new UserError(`cluster ${cluster.name} is ${cluster.state}, not running; nothing was attached`, { hint: 'wait until it runs, then rerun' });
      const pool = await resolvePool(ack, cluster, options.pool);
      poolInfo = { name: pool.name, id: pool.nodepoolId };
      if (pool.state !== 'active') throw new UserError(`node pool ${pool.name} is ${pool.state}, not active; nothing was attached`, { hint: `wait until it is active, then rerun: ${resume}` });

      const nodes = new Map((await listClusterNodes(ack, cluster.clusterId)).map((n) => [n.instanceId, n]));
      const already = ids.filter((id) => nodes.get(id)?.nodepoolId === pool.nodepoolId);
      const rejected: InstancesRejected['rejected'][number][] = ids
        .filter((id) => nodes.has(id) && !already.includes(id))
        .map((id) => ({ instanceId: id, reason: `${id} is already a node of pool ${nodes.get(id)!.nodepoolId} of this cluster` }));
      const candidates = ids.filter((id) => !nodes.has(id));
      if (candidates.length > 0) {
        const found = await describeInstancesById(session, candidates);
        for (const [id, problem] of instanceProblems(candidates, found, { region, vpcId: cluster.vpcId, clusterId: cluster.clusterId })) rejected.push({ instanceId: id, reason: problem.message, hint: problem.hint });
      }
      if (rejected.length > 0) {
        throw new InstancesRejected(`${rejected.length} of ${ids.length} instance(s) cannot join node pool ${pool.name}; nothing was attached:\n  ${rejected.map((r) => r.reason).join('\n  ')}`, rejected, {
          hint: 'fix or drop those instances and rerun',
        });
      }
      const missing = ids.filter((id) => !already.includes(id));
      if (missing.length === 0) {
        ctx.reporter.info(`all ${ids.length} instance(s) are already nodes of pool ${pool.name}: nothing to do`);
        joins = ids.map((id) => ({ pool: pool.name, instanceId: id, result: 'already-attached' }));
      } else {
        const step: PlannedStep = {
          op: {
            id: `join/${pool.name}`,
            api: 'AttachInstancesToNodePool',
            method: 'POST',
            path: `/clusters/{cluster_id}/nodepools/${nodepoolIdPlaceholder(pool.name)}/attach`,
            body: { instances: missing, format_disk: options.formatDisk, keep_instance_name: options.keepInstanceName },
            dependsOn: [],
          },
          kind: 'join',
          pool: pool.name,
          intent: { kind: 'attach', instances: missing, alreadyAttached: already },
        };
        await confirmChanges(ctx, {
          yes: options.yes,
          question: `Attach ${missing.length} instance${missing.length === 1 ? '' : 's'} (${missing.join(', ')}) to node pool ${pool.name} of cluster ${cluster.name}${options.formatDisk ? ', formatting their data disks' : ''}?`,
          command: resume,
        });
        await ctx.reporter.startLive();
        stop.startTimeout(timeoutMs);
        const report = await applySteps({
          ack,
          steps: [step],
          profile: cluster.name,
          existingCluster: cluster,
          existingPools: new Map([[pool.name, pool]]),
          env: ctx.env,
          signal: stop.signal,
          poll: pollScheduleFrom(ctx.settings.poll, session.emulator !== undefined),
          noWait: !options.wait,
          progress: (event) => ctx.reporter.event(event),
          deleteCommand: '',
        });
        joins = report.joins;
        const failed = report.steps.find((s) => s.outcome === 'failed');
        if (failed) failure = { id: failed.id, error: failed.error };
      }
    } catch (error) {
      // An interrupt or --timeout surfaces below as Interrupted / TimeoutError with the resume command.
      if (!stop.reason || error instanceof Interrupted) throw error;
    } finally {
      stop.clearTimeout();
      ctx.reporter.stopLive();
      await session.close();
    }

    const document: JoinResult = {
      ok: true,
      cluster: clusterInfo ?? null,
      nodePool: poolInfo ?? null,
      instances: joins,
      attached: joins.filter((j) => j.result === 'attached').length,
      alreadyAttached: joins.filter((j) => j.result === 'already-attached').length,
      failed: joins.filter((j) => j.result === 'failed').length,
      apiCalls: session.stats.requests,
      mutatingCalls: session.stats.mutatingRequests,
      durationMs: Math.round(performance.now() - started),
    };
    const reached: ReachedState = {
      cluster: clusterInfo ? { name: clusterInfo.name, id: clusterInfo.id, state: 'running', action: 'exists' } : undefined,
      nodePools: poolInfo ? [{ name: poolInfo.name, id: poolInfo.id, state: 'active', nodes: nodeCounts({}), action: 'exists' }] : [],
      joined: joins,
    };
    const fail = (error: unknown): never => {
      if (ctx.reporter.machineOutput) ctx.reporter.result(failureDocument(error, document), () => '');
      throw error;
    };
    if (stop.reason) fail(stopError(stop.reason, reached, { resume }));
    if (failure) {
      const { id, error } = failure as { id: string; error: unknown };
      fail(operationError(id, error, reached, { resume }));
    }
    ctx.reporter.result(document, () =>
      [
        table(['INSTANCE', 'NODE POOL', 'RESULT'], joins.map((j) => [j.instanceId, j.pool, j.message ? `${j.result}: ${j.message}` : j.result])),
        '',
        `${document.attached} attached, ${document.alreadyAttached} already there${document.failed ? `, ${document.failed} failed` : ''}; ${document.apiCalls} API calls in ${formatDuration(document.durationMs)}`,
      ].join('\n'),
    );
  },
});
