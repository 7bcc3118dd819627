import { ClientError, ThrottlingError } from '@alicloud/openapi-core';
import { describe, expect, it } from 'vitest';
import { failureKindOf } from '../../src/cloud/errors.js';
import { ApiInvoker } from '../../src/cloud/invoker.js';
import { RateLimiter } from '../../src/cloud/rate-limiter.js';
import { Redactor } from '../../src/cloud/redact.js';
import { CloudError, ConnectionFailed, ExitCode, exitCodeFor } from '../../src/errors.js';

function invoker(extra: Partial<ConstructorParameters<typeof ApiInvoker>[0]> = {}) {
  const logs: string[] = [];
  const redactor = new Redactor();
  redactor.add('TopSecretValue123');
  const api = new ApiInvoker({
    limiter: new RateLimiter({ ratePerSecond: 1000 }),
    debug: (line) => logs.push(line),
    redact: redactor.redact,
    sleep: async () => undefined,
    random: () => 0,
    ...extra,
  });
  return { api, logs };
}

const throttled = () => new ThrottlingError({ statusCode: 400, code: 'Throttling.User', message: 'code: 400, denied request id: R1', requestId: 'R1', data: {} });

describe('ApiInvoker', () => {
  it('counts requests, retries and throttles, and logs each call with status, time and RequestId', async () => {
    const { api, logs } = invoker();
    let n = 0;
    const response = await api.call({ service: 'ack', action: 'DescribeTaskInfo' }, async () => {
      if (n++ < 2) throw throttled();
      return { statusCode: 200, body: { requestId: 'R-ok' } };
    });
    expect(response.body).toEqual({ requestId: 'R-ok' });
    expect(api.stats).toMatchObject({ requests: 3, mutatingRequests: 0, retries: 2, throttled: 2, byAction: { DescribeTaskInfo: 3 } });
    expect(logs.filter((l) => l.startsWith('ack DescribeTaskInfo → '))).toHaveLength(3);
    expect(logs.at(-1)).toMatch(/^ack DescribeTaskInfo → 200 in \d+ms \(RequestId R-ok\)$/);
  });

  it('turns a 4xx into a CloudError with code, RequestId and action, without retrying', async () => {
    const { api } = invoker();
    const error = await api
      .call({ service: 'ecs', action: 'DescribeVSwitches' }, async () => {
        throw new ClientError({ statusCode: 404, code: 'InvalidVSwitchId.NotFound', message: 'code: 404, nope request id: R9', requestId: 'R9', data: {} });
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ code: 'InvalidVSwitchId.NotFound', requestId: 'R9', action: 'DescribeVSwitches' });
    expect(failureKindOf(error)).toBe('client');
    expect(api.stats.requests).toBe(1);
  });

  it('marks an ambiguous failure of a creation so the caller can reconcile', async () => {
    const { api } = invoker();
    const error = await api
      .call({ service: 'ack', action: 'CreateCluster', mutating: true }, async () => {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      })
      .catch((e: unknown) => e);
    expect(failureKindOf(error)).toBe('network');
    expect(api.stats).toMatchObject({ requests: 1, mutatingRequests: 1 });
  });

  it('a reset on a mutating call is a connection failure of unknown outcome, never "the cloud refused it"', async () => {
    const { api } = invoker();
    const error = await api
      .call({ service: 'ack', action: 'CreateClusterNodePool', mutating: true }, async () => {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionFailed);
    expect(error).not.toBeInstanceOf(CloudError);
    expect(exitCodeFor(error)).toBe(ExitCode.connectionFailed);
    expect(error).toMatchObject({ code: 'ECONNRESET', action: 'CreateClusterNodePool', outcome: 'unknown' });
    expect((error as Error).message).toBe('CreateClusterNodePool: the connection failed after the request was sent (ECONNRESET: socket hang up); whether it took effect is unknown');
  });

  it('connection failures of reads (after retries) and refused connections are connection failures too, with what was (not) sent', async () => {
    const { api } = invoker({ endpoint: 'http://127.0.0.1:9' });
    const reset = await api
      .call({ service: 'ack', action: 'DescribeTaskInfo' }, async () => {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      })
      .catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(ConnectionFailed);
    expect(reset).toMatchObject({ outcome: 'read' });
    expect(api.stats.requests).toBe(8);
    const refused = await api
      .call({ service: 'ack', action: 'CreateCluster', mutating: true }, async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConnectionFailed);
    expect(refused).toMatchObject({ outcome: 'not-sent' });
    expect((refused as ConnectionFailed).hint).toContain('nothing answers at http://127.0.0.1:9');
  });

  it('redacts secrets from debug lines', async () => {
    const { api, logs } = invoker();
    await api.call({ service: 'ack', action: 'X' }, async () => ({ statusCode: 200, body: { requestId: 'TopSecretValue123' } }));
    expect(logs.join('\n')).not.toContain('TopSecretValue123');
    expect(logs.join('\n')).toContain('***');
  });

  it('passes the abort reason through instead of a CloudError', async () => {
    const controller = new AbortController();
    const { api } = invoker({ signal: controller.signal });
    const reason = new Error('interrupted');
    const pending = api.call({ service: 'ack', action: 'DescribeTaskInfo' }, () => new Promise<{ statusCode: number }>(() => undefined));
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('a change already sent when the command is interrupted is waited for, so its answer (what now exists) is not lost; no new one starts', async () => {
    const controller = new AbortController();
    const { api } = invoker({ signal: controller.signal });
    let answer: (value: { statusCode: number; body: { clusterId: string } }) => void = () => undefined;
    const pending = api.call({ service: 'ack', action: 'CreateCluster', mutating: true, idempotent: false }, () => new Promise<{ statusCode: number; body: { clusterId: string } }>((resolve) => (answer = resolve)));
    await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('interrupted'));
    answer({ statusCode: 200, body: { clusterId: 'c-1' } });
    await expect(pending).resolves.toMatchObject({ body: { clusterId: 'c-1' } });
    let sent = false;
    await expect(api.call({ service: 'ack', action: 'CreateClusterNodePool', mutating: true }, async () => ((sent = true), { statusCode: 200 }))).rejects.toThrow('interrupted');
    expect(sent).toBe(false);
  });
});

describe('ApiInvoker with many requests at once', () => {
  it('lets every request in flight listen on the command signal without MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { api } = invoker({ signal: new AbortController().signal });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const calls = Array.from({ length: 30 }, (_, i) =>
        api.call({ service: 'ack', action: 'DescribeClusterNodePools', shareKey: `c${i}` }, async () => {
          await gate;
          return { statusCode: 200, body: { requestId: `R${i}` } };
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      await Promise.all(calls);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });
});
