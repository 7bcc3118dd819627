/**
 * The emulator never falls over: odd methods and paths, bodies that are too big, cut off,
 * not JSON or of the wrong types, half-sent requests and raw garbage all cost one answer (or
 * one closed connection), and it keeps serving; a body of the wrong types is refused, so the
 * answers that follow stay readable by the SDKs.
 */

import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { apiError, clients, cs, ecs, fastEmulator, poolRequest, runningCluster, waitTask } from './helpers.js';

const popCore = (await import('@alicloud/pop-core')) as unknown as { default?: any };
const ROAClient: any = (popCore.default ?? popCore).ROAClient;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTP request with the path exactly as given (fetch would normalise `//x`). */
function raw(emulator: RunningEmulator, method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: emulator.port, method, path, headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

async function healthy(emulator: RunningEmulator): Promise<void> {
  const response = await fetch(`${emulator.endpoint}/_emulator/health`);
  expect(await response.json()).toEqual({ ok: true });
}

describe('emulator robustness', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await fastEmulator({ qps: 0 });
  });
  afterAll(() => emulator.close());

  it('answers odd methods and paths with the API\'s 404 in JSON, `//host/x` included (a path, never a host)', async () => {
    for (const [method, path] of [['HEAD', '/'], ['OPTIONS', '/clusters'], ['PATCH', '/clusters'], ['GET', '//'], ['GET', '//evil.example/x?Action=DescribeRegions'], ['GET', '/%ff%fe/..%2f']] as const) {
      const answer = await raw(emulator, method, path);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.headers['x-acs-request-id'], `${method} ${path}`).toMatch(/^[0-9A-F-]{36}$/);
      if (method !== 'HEAD') expect(JSON.parse(answer.text), `${method} ${path}`).toMatchObject({ Code: 'InvalidAction.NotFound' });
    }
    expect(emulator.calls().filter((c) => c.path === '//evil.example/x')).toHaveLength(1);
    await healthy(emulator);
  });

  it('refuses a body over 8 MiB with 413 and goes on serving', async () => {
    const answer = await raw(emulator, 'POST', '/clusters', { headers: { 'content-type': 'application/json' }, body: Buffer.alloc(9 * 1024 * 1024, 0x20) });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({ Code: 'RequestEntityTooLarge' });
    await healthy(emulator);
  });

  it('an upload cut off mid-body, a half-sent request and raw garbage cost nothing', async () => {
    const before = emulator.calls().length;
    // cut off: promises 1000 bytes, sends 10, goes away
    await new Promise<void>((resolve) => {
      const socket = connect(emulator.port, '127.0.0.1', () => {
        socket.write('POST /clusters HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":"a');
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
    });
    // half-sent headers stay open while others are served
    const slow = connect(emulator.port, '127.0.0.1');
    await new Promise<void>((resolve) => slow.on('connect', () => resolve()));
    slow.write('GET /clusters HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    // garbage of every kind
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 40; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 256)));
      const prefix = i % 2 === 0 ? Buffer.from(`${['GET', 'POST', 'PUT', 'BREW'][i % 4]} /${i % 3 === 0 ? '' : 'clusters'} HTTP/1.1\r\n`) : Buffer.alloc(0);
      await new Promise<void>((resolve) => {
        const socket = connect(emulator.port, '127.0.0.1', () => socket.end(Buffer.concat([prefix, bytes])));
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
        socket.resume();
      });
    }
    await healthy(emulator);
    const { ecs: ec } = clients(emulator);
    expect((await ec.describeRegions(new ecs.DescribeRegionsRequest({}))).statusCode).toBe(200);
    slow.destroy();
    expect(emulator.calls().slice(before).filter((c) => c.status >= 200 && c.status < 300 && c.action !== 'DescribeRegions')).toEqual([]);
  });

  it('refuses a body that is not JSON, or has values of the wrong types, naming the field; the answers after it stay readable by the SDK', async () => {
    const { cs: ack } = clients(emulator);
    const clusterId = await runningCluster(ack, 'robust');
    const created = await ack.createClusterNodePool(clusterId, poolRequest('web', 1));
    await waitTask(ack, created.body!.taskId!);
    const poolId = created.body!.nodepoolId!;
    const roa = new ROAClient({ accessKeyId: emulator.accessKeyId, accessKeySecret: emulator.accessKeySecret, endpoint: emulator.endpoint, apiVersion: '2015-12-15' });
    const json = { 'content-type': 'application/json' };
    await expect(roa.post('/clusters', {}, '{"name": ', json)).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    const garbage: [string, string, unknown, RegExp][] = [
      ['put', `/clusters/${clusterId}/nodepools/${poolId}`, { kubernetes_config: '1.30' }, /kubernetes_config must be an object, not a string/],
      ['put', `/clusters/${clusterId}/nodepools/${poolId}`, { auto_scaling: { enable: 'yes' } }, /auto_scaling\.enable must be a boolean/],
      ['put', `/clusters/${clusterId}/nodepools/${poolId}`, { scaling_group: { desired_size: 'many' } }, /scaling_group\.desired_size must be a number/],
      ['put', `/clusters/${clusterId}/nodepools/${poolId}`, { scaling_group: { instance_types: 'ecs.g7.xlarge' } }, /scaling_group\.instance_types must be an array/],
      ['post', `/clusters/${clusterId}/nodepools`, { nodepool_info: { name: ['x'] } }, /nodepool_info\.name must be a string, not an array/],
      ['post', `/clusters/${clusterId}/nodepools/${poolId}/attach`, { instances: [{ id: 'i-1' }] }, /instances\[0\] must be a string/],
      ['post', '/clusters', { name: 'x', tags: [{ key: { nested: true } }] }, /tags\[0\]\.key must be a string/],
    ];
    for (const [method, path, body, message] of garbage) {
      await expect(roa[method](path, {}, JSON.stringify(body), json), JSON.stringify(body)).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter', message });
    }
    // what the SDKs' own casting reads is taken: numbers and booleans as strings
    const lenient = await roa.put(`/clusters/${clusterId}/nodepools/${poolId}`, {}, JSON.stringify({ scaling_group: { desired_size: '2' }, auto_scaling: { enable: 'false' } }), json);
    await waitTask(ack, lenient.task_id);
    const pools = (await ack.describeClusterNodePools(clusterId, new cs.DescribeClusterNodePoolsRequest({}))).body!.nodepools!;
    expect(pools.map((p) => [p.nodepoolInfo?.name, p.status?.state, p.scalingGroup?.desiredSize, typeof p.kubernetesConfig])).toEqual([['web', 'active', 2, 'object']]);
    expect(await apiError(ack.describeClusterNodePoolDetail(clusterId, 'np-missing'))).toMatchObject({ code: 'ErrorNodePoolNotFound', statusCode: 404 });
  });
});
