/**
 * Signature verification against clients no one here wrote: the official SDKs (ACS3 V3 and,
 * with signatureAlgorithm 'v2', their legacy ROA/RPC HMAC-SHA1 paths) and @alicloud/pop-core.
 */

import { createHash, createHmac } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { apiError, clients, clusterRequest, cs, ecs, fastEmulator, CsClient, openapi, WORLD } from './helpers.js';

const popCore = (await import('@alicloud/pop-core')) as unknown as { default?: any };
const RPCClient: any = popCore.default ?? popCore;
const ROAClient: any = RPCClient.ROAClient;

const imagesRequest = () => new ecs.DescribeImagesRequest({ regionId: WORLD.region, imageFamily: 'acs:alibaba_cloud_linux_2_1903_lts_x64' });

describe('signatures', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await fastEmulator({
      sts: { accessKeyId: 'STS.emulatorKey', accessKeySecret: 'sts-secret', securityToken: 'token-123' },
    });
  });
  afterAll(() => emulator.close());

  it('accepts ACS3-HMAC-SHA256 from the official ACK and ECS SDKs', async () => {
    const { cs: ack, ecs: ec } = clients(emulator);
    const images = await ec.describeImages(imagesRequest());
    expect(images.body?.images?.image?.length).toBe(4);
    const versions = await ack.describeKubernetesVersionMetadata(new cs.DescribeKubernetesVersionMetadataRequest({ region: WORLD.region, clusterType: 'ManagedKubernetes' }));
    expect(versions.body?.map((v) => v.version)).toEqual(['1.24.6-aliyun.1', '1.26.3-aliyun.1', '1.28.3-aliyun.1', '1.28.9-aliyun.1']);
    expect(emulator.calls().at(-1)?.status).toBe(200);
  });

  it('rejects a wrong secret with SignatureDoesNotMatch (400) in each service style', async () => {
    const { cs: ack, ecs: ec } = clients(emulator, { accessKeySecret: 'wrong' });
    const ecsError = await apiError(ec.describeImages(imagesRequest()));
    expect(ecsError).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
    expect(ecsError.data).toHaveProperty('RequestId');
    expect(ecsError.data).toHaveProperty('HostId');
    expect(ecsError.data).toHaveProperty('Recommend');
    const ackError = await apiError(ack.describeClustersForRegion(WORLD.region, new cs.DescribeClustersForRegionRequest({})));
    expect(ackError).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
    // the gateway answers before ACK sees the request: POP style, as for ECS
    expect(Object.keys(ackError.data).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
  });

  it('rejects an unknown AccessKey id with InvalidAccessKeyId.NotFound (404)', async () => {
    const { ecs: ec } = clients(emulator, { accessKeyId: 'LTAI-nobody' });
    expect(await apiError(ec.describeImages(imagesRequest()))).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', statusCode: 404 });
  });

  it('accepts the configured STS triple and rejects its key without or with a wrong token', async () => {
    const good = clients(emulator, { accessKeyId: 'STS.emulatorKey', accessKeySecret: 'sts-secret', securityToken: 'token-123' });
    expect((await good.ecs.describeImages(imagesRequest())).statusCode).toBe(200);
    const noToken = clients(emulator, { accessKeyId: 'STS.emulatorKey', accessKeySecret: 'sts-secret' });
    expect(await apiError(noToken.ecs.describeImages(imagesRequest()))).toMatchObject({ code: 'MissingSecurityToken', statusCode: 400 });
    const wrongToken = clients(emulator, { accessKeyId: 'STS.emulatorKey', accessKeySecret: 'sts-secret', securityToken: 'forged' });
    expect(await apiError(wrongToken.ecs.describeImages(imagesRequest()))).toMatchObject({ code: 'InvalidSecurityToken.MismatchWithAccessKey' });
  });

  it('rejects a tampered body: payload hash, and a re-hashed body against the signature', async () => {
    const proxy = await tamperingProxy(emulator, (body, headers) => {
      const text = body.toString('utf8').replace('shop-dev', 'shop-evil');
      return { body: Buffer.from(text), headers };
    });
    const rehash = await tamperingProxy(emulator, (body, headers) => {
      const text = body.toString('utf8').replace('shop-dev', 'shop-evil');
      return { body: Buffer.from(text), headers: { ...headers, 'x-acs-content-sha256': createHash('sha256').update(text).digest('hex') } };
    });
    try {
      for (const [p, reason] of [[proxy, /x-acs-content-sha256/], [rehash, /ACS3-HMAC-SHA256/]] as const) {
        const client = new CsClient(new openapi.$OpenApiUtil.Config({
          accessKeyId: emulator.accessKeyId,
          accessKeySecret: emulator.accessKeySecret,
          endpoint: `127.0.0.1:${(p.address() as AddressInfo).port}`,
          protocol: 'http',
          regionId: WORLD.region,
        }));
        const error = await apiError(client.createCluster(clusterRequest()));
        expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
        expect(error.message).toMatch(reason);
      }
      expect(emulator.state().clusters).toEqual({});
    } finally {
      proxy.close();
      rehash.close();
    }
  });

  it('rejects a request signed more than 15 minutes ago with InvalidTimeStamp.Expired', async () => {
    const ahead = await startEmulator({ accessKeySecret: 'test-secret', now: () => Date.now() + 16 * 60_000 });
    try {
      const { ecs: ec, cs: ack } = clients(ahead);
      expect(await apiError(ec.describeImages(imagesRequest()))).toMatchObject({ code: 'InvalidTimeStamp.Expired', statusCode: 400 });
      expect(await apiError(ack.describeClustersForRegion(WORLD.region, new cs.DescribeClustersForRegionRequest({})))).toMatchObject({ code: 'InvalidTimeStamp.Expired' });
      const legacy = clients(ahead, { signatureAlgorithm: 'v2' });
      expect(await apiError(legacy.ecs.describeImages(imagesRequest()))).toMatchObject({ code: 'InvalidTimeStamp.Expired' });
      expect(await apiError(legacy.cs.describeClustersForRegion(WORLD.region, new cs.DescribeClustersForRegionRequest({})))).toMatchObject({ code: 'InvalidTimeStamp.Expired' });
    } finally {
      await ahead.close();
    }
  });

  it('rejects a request with no signature at all', async () => {
    const ecsAnswer = await fetch(`${emulator.endpoint}/?Action=DescribeImages&Version=2014-05-26&RegionId=cn-hangzhou&Format=JSON`);
    expect(ecsAnswer.status).toBe(400);
    expect(await ecsAnswer.json()).toMatchObject({ Code: 'MissingSignature' });
    const ackAnswer = await fetch(`${emulator.endpoint}/regions/cn-hangzhou/clusters`);
    expect(ackAnswer.status).toBe(400);
    expect(await ackAnswer.json()).toMatchObject({ Code: 'IncompleteSignature' });
    expect(ackAnswer.headers.get('x-acs-request-id')).toMatch(/^[0-9A-F-]{36}$/);
  });

  it("accepts the SDKs' legacy HMAC-SHA1 signatures (doROARequest, doRPCRequest) and rejects a wrong secret there", async () => {
    const legacy = clients(emulator, { signatureAlgorithm: 'v2' });
    const created = await legacy.cs.createCluster(clusterRequest({ name: 'legacy-roa' }));
    expect(created.body?.clusterId).toMatch(/^c[0-9a-f]{32}$/);
    const detail = await legacy.cs.describeClusterDetail(created.body!.clusterId!);
    expect(detail.body?.name).toBe('legacy-roa');
    const images = await legacy.ecs.describeImages(imagesRequest());
    expect(images.body?.totalCount).toBe(4);
    const bad = clients(emulator, { signatureAlgorithm: 'v2', accessKeySecret: 'wrong' });
    expect(await apiError(bad.ecs.describeImages(imagesRequest()))).toMatchObject({ code: 'SignatureDoesNotMatch' });
    expect(await apiError(bad.cs.describeClusterDetail(created.body!.clusterId!))).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('serves @alicloud/pop-core RPCClient (GET and POST) and ROAClient', async () => {
    const rpc = new RPCClient({ accessKeyId: emulator.accessKeyId, accessKeySecret: emulator.accessKeySecret, endpoint: emulator.endpoint, apiVersion: '2014-05-26' });
    const viaGet = await rpc.request('DescribeVSwitches', { RegionId: WORLD.region, VpcId: WORLD.vpc, PageSize: 50 });
    expect(viaGet.VSwitches.VSwitch.map((v: { VSwitchId: string }) => v.VSwitchId)).toContain(WORLD.podH);
    const viaPost = await rpc.request('DescribeInstances', { RegionId: WORLD.region, InstanceIds: JSON.stringify(['i-bp1spare000001']) }, { method: 'POST' });
    expect(viaPost.Instances.Instance[0].InstanceId).toBe('i-bp1spare000001');
    const wrong = new RPCClient({ accessKeyId: emulator.accessKeyId, accessKeySecret: 'nope', endpoint: emulator.endpoint, apiVersion: '2014-05-26' });
    await expect(wrong.request('DescribeVpcs', { RegionId: WORLD.region })).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });

    const roa = new ROAClient({ accessKeyId: emulator.accessKeyId, accessKeySecret: emulator.accessKeySecret, endpoint: emulator.endpoint, apiVersion: '2015-12-15' });
    const addons = await roa.get('/addons', { region_id: WORLD.region });
    expect(addons.addons.map((a: { name: string }) => a.name)).toContain('terway-eniip');
    const metadata = await roa.get('/api/v1/metadata/versions', { Region: WORLD.region, ClusterType: 'ManagedKubernetes', KubernetesVersion: '1.28' });
    expect(metadata.map((v: { version: string }) => v.version)).toEqual(['1.28.3-aliyun.1', '1.28.9-aliyun.1']);
    const badRoa = new ROAClient({ accessKeyId: emulator.accessKeyId, accessKeySecret: 'nope', endpoint: emulator.endpoint, apiVersion: '2015-12-15' });
    // pop-core reads only Code/Message/RequestId: a gateway error and an ACK error both carry them
    await expect(badRoa.get('/addons', {})).rejects.toMatchObject({ statusCode: 400, code: 'SignatureDoesNotMatch', name: 'SignatureDoesNotMatchError', message: expect.stringMatching(/not matched.*requestid: [0-9A-F-]{36}$/) });
    await expect(roa.get('/clusters/c-missing')).rejects.toMatchObject({ statusCode: 404, code: 'ErrorClusterNotFound', message: expect.stringMatching(/c-missing not found/) });
  });

  it('accepts the aliyun CLI\'s ROA signatures (alibaba-cloud-sdk-go: `?` kept without a query, `key` alone for an empty value) and refuses a wrong secret there', async () => {
    const plain = await goSdkRoa(emulator, emulator.accessKeySecret, 'GET', '/addons', {});
    expect(plain.status).toBe(200);
    expect(Array.isArray((plain.body as { addons?: unknown }).addons)).toBe(true);
    const emptyValue = await goSdkRoa(emulator, emulator.accessKeySecret, 'GET', `/regions/${WORLD.region}/clusters`, { name: '', page_size: '10' });
    expect(emptyValue).toMatchObject({ status: 200, body: { page_info: { page_size: 10 } } });
    const withQuery = await goSdkRoa(emulator, emulator.accessKeySecret, 'GET', '/api/v1/metadata/versions', { Region: WORLD.region, ClusterType: 'ManagedKubernetes' });
    expect(withQuery.status).toBe(200);
    const wrong = await goSdkRoa(emulator, 'nope', 'GET', '/addons', {});
    expect(wrong).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
  });
});

/**
 * One ROA request signed as alibaba-cloud-sdk-go signs it (sdk/auth/roa_signature_composer.go,
 * sdk/requests/roa_request.go BuildQueries), sent with the query exactly as signed.
 */
async function goSdkRoa(emulator: RunningEmulator, secret: string, method: string, path: string, query: Record<string, string>): Promise<{ status: number; body: any }> {
  const keys = Object.keys(query).sort();
  const queries = `${path}?${keys.map((k) => (query[k] ? `${k}=${query[k]}` : k)).join('&')}`;
  const headers: Record<string, string> = {
    'x-acs-version': '2015-12-15',
    'x-acs-signature-method': 'HMAC-SHA1',
    'x-acs-signature-version': '1.0',
    'x-acs-signature-nonce': String(Math.random()).slice(2),
    Date: new Date().toUTCString(),
    'Content-MD5': createHash('md5').update('').digest('base64'),
    'Content-Type': 'application/octet-stream',
    Accept: 'application/json',
  };
  const acs = Object.keys(headers).filter((k) => k.startsWith('x-acs-')).sort().map((k) => `${k}:${headers[k]}\n`).join('');
  const stringToSign = `${method}\n${headers.Accept}\n${headers['Content-MD5']}\n${headers['Content-Type']}\n${headers.Date}\n${acs}${queries}`;
  headers.Authorization = `acs ${emulator.accessKeyId}:${createHmac('sha1', secret).update(stringToSign).digest('base64')}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: emulator.port, method, path: queries, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Forwards every request to the emulator after `tamper` rewrote its body (and maybe headers). */
function tamperingProxy(
  emulator: RunningEmulator,
  tamper: (body: Buffer, headers: Record<string, string>) => { body: Buffer; headers: Record<string, string> },
): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'transfer-encoding').map(([k, v]) => [k, String(v)]));
      const changed = tamper(Buffer.concat(chunks), headers);
      const upstream = httpRequest({ host: '127.0.0.1', port: emulator.port, method: req.method, path: req.url, headers: { ...changed.headers, 'content-length': String(changed.body.length) } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(changed.body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
