import { describe, expect, it } from 'vitest';
import { runDag, validateDag, type DagNode, type RunResult } from '../../src/apply/scheduler.js';

const plan: DagNode[] = [
  { id: 'cluster', dependsOn: [] },
  { id: 'nodepool/a', dependsOn: ['cluster'] },
  { id: 'nodepool/b', dependsOn: ['cluster'] },
  { id: 'nodepool/c', dependsOn: ['cluster'] },
  { id: 'join/a', dependsOn: ['nodepool/a'] },
];

/** Runs every node for `ms`, recording how many ran at once and in which order they started. */
function recorder(ms = 10, outcome: (id: string) => RunResult | Error = () => 'done') {
  let running = 0;
  const stats = { maxRunning: 0, started: [] as string[], concurrentWith: new Map<string, number>() };
  const run = async (id: string): Promise<RunResult> => {
    stats.started.push(id);
    running++;
    stats.maxRunning = Math.max(stats.maxRunning, running);
    stats.concurrentWith.set(id, running);
    await new Promise((r) => setTimeout(r, ms));
    running--;
    const result = outcome(id);
    if (result instanceof Error) throw result;
    return result;
  };
  return { run, stats };
}

describe('runDag', () => {
  it('starts every independent operation at once once its dependencies are done', async () => {
    const { run, stats } = recorder();
    const outcomes = await runDag(plan, run);
    expect(stats.started[0]).toBe('cluster');
    expect(new Set(stats.started.slice(1, 4))).toEqual(new Set(['nodepool/a', 'nodepool/b', 'nodepool/c']));
    expect(stats.maxRunning).toBe(3);
    expect([...outcomes.values()].every((o) => o.status === 'done')).toBe(true);
  });

  it('honours maxParallel (the baseline applies one operation at a time)', async () => {
    const { run, stats } = recorder(2);
    await runDag(plan, run, { maxParallel: 1 });
    expect(stats.maxRunning).toBe(1);
    expect(stats.started).toHaveLength(5);
  });

  it('a failure blocks only its dependents; independent work finishes', async () => {
    const boom = new Error('pool a failed');
    const { run } = recorder(1, (id) => (id === 'nodepool/a' ? boom : 'done'));
    const outcomes = await runDag(plan, run);
    expect(outcomes.get('nodepool/a')).toEqual({ status: 'failed', error: boom });
    expect(outcomes.get('join/a')).toEqual({ status: 'blocked', by: 'nodepool/a' });
    expect(outcomes.get('nodepool/b')).toEqual({ status: 'done' });
    expect(outcomes.get('nodepool/c')).toEqual({ status: 'done' });
  });

  it('a failure of the root blocks everything, naming the root', async () => {
    const { run } = recorder(1, (id) => (id === 'cluster' ? new Error('x') : 'done'));
    const outcomes = await runDag(plan, run);
    expect(outcomes.get('join/a')).toEqual({ status: 'blocked', by: 'cluster' });
  });

  it('a deferred operation (--no-wait) leaves its dependents pending', async () => {
    const { run } = recorder(1, (id) => (id === 'cluster' ? 'deferred' : 'done'));
    const outcomes = await runDag(plan, run);
    expect(outcomes.get('cluster')).toEqual({ status: 'deferred' });
    expect([...outcomes.entries()].filter(([id]) => id !== 'cluster').every(([, o]) => o.status === 'pending')).toBe(true);
  });

  it('starts nothing new after abort and returns once running work settled', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const outcomes = await runDag(
      plan,
      async (id) => {
        started.push(id);
        if (id === 'cluster') controller.abort();
        return 'done';
      },
      { signal: controller.signal },
    );
    expect(started).toEqual(['cluster']);
    expect(outcomes.get('nodepool/a')).toEqual({ status: 'pending' });
  });

  it('rejects duplicate ids, unknown dependencies and cycles', () => {
    expect(() => validateDag([{ id: 'a', dependsOn: [] }, { id: 'a', dependsOn: [] }])).toThrow(/duplicate/);
    expect(() => validateDag([{ id: 'a', dependsOn: ['zz'] }])).toThrow(/unknown "zz"/);
    expect(() => validateDag([{ id: 'a', dependsOn: ['b'] }, { id: 'b', dependsOn: ['a'] }])).toThrow(/cycle/);
  });
});
