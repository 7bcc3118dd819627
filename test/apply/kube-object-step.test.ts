/** A kube step's failure path: an API server ackl2 cannot reach fails the step with a way to resume. */

import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { PlannedStep } from '../../src/apply/intents.js';
import { runKubeObject } from '../../src/apply/steps/kube-object.js';
import { ApplyState, type StepContext } from '../../src/apply/step-context.js';
import type { StepReport } from '../../src/apply/types.js';
import type { AckGateway } from '../../src/cloud/types.js';
import { OperationFailed } from '../../src/errors.js';
import { MEMORY_QOS_CONFIG_MAP } from '../../src/scenarios/resource-qos.js';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function kubeconfigFor(server: string): string {
  return `apiVersion: v1
kind: Config
clusters: [{ name: kubernetes, cluster: { server: "${server}" } }]
contexts: [{ name: ctx, context: { cluster: kubernetes, user: u } }]
current-context: ctx
users: [{ name: u, user: { token: secret-token-value } }]
`;
}

describe('runKubeObject', () => {
  it('fails with OperationFailed naming the unreachable API server and how to resume, never the token', async () => {
    const server = `http://127.0.0.1:${await closedPort()}/_kube/c-1`;
    const ack = {
      describeClusterDetail: async () => ({ masterUrl: '{"intranet_api_server_endpoint":"https://192.168.0.1:6443"}' }),
      describeClusterUserKubeconfig: async (_id: string, options: { privateIpAddress?: boolean }) => {
        expect(options.privateIpAddress).toBe(true);
        return { config: kubeconfigFor(server) };
      },
    } as unknown as AckGateway;
    const state = new ApplyState();
    state.clusterId = 'c-1';
    const events: string[] = [];
    const ctx = { options: { signal: new AbortController().signal, steps: [] }, state, ack, emit: (_id: string, status: string) => events.push(status) } as unknown as StepContext;
    const step = { op: { id: 'slo-config', api: 'ApplyConfigMap', method: 'PUT', path: '', body: MEMORY_QOS_CONFIG_MAP, dependsOn: ['cluster'] }, kind: 'kube', pool: undefined, intent: { kind: 'configure' } } as unknown as PlannedStep;
    const report = { id: 'slo-config', action: 'none' } as StepReport;
    const failure = await runKubeObject(ctx, step, report).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OperationFailed);
    const failed = failure as OperationFailed;
    expect(failed.operationId).toBe('slo-config');
    expect(failed.message).toContain(new URL(server).origin);
    expect(failed.hint).toMatch(/not reachable from here.*rerun the same command/);
    expect(`${failed.message} ${failed.hint}`).not.toContain('secret-token-value');
    expect(events).toEqual(['running']);
  });
});
