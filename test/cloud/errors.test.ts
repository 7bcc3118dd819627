import { ClientError, ServerError, ThrottlingError } from '@alicloud/openapi-core';
import { describe, expect, it } from 'vitest';
import { classifyFailure, cleanSdkMessage, isAmbiguous, isCloudFailure, toCloudError } from '../../src/cloud/errors.js';
import { CloudError } from '../../src/errors.js';
import { darabonba, loadCs } from '../../src/cloud/sdk.js';

/** The error the SDK throws when an answer does not fit its response model. */
function unreadableAnswer(): unknown {
  try {
    darabonba().cast({ nodepools: [{ auto_scaling: { enable: 'yes' } }] }, new (loadCs().DescribeClusterNodePoolsResponseBody)({}));
  } catch (error) {
    return error;
  }
  throw new Error('the cast did not fail');
}

describe('classifyFailure', () => {
  const cases: [string, unknown, string, string][] = [
    ['ThrottlingError', new ThrottlingError({ statusCode: 400, code: 'Throttling.User', message: 'x', requestId: 'R', data: {} }), 'throttled', 'Throttling.User'],
    ['Throttling code in a ClientError', new ClientError({ statusCode: 400, code: 'Throttling.Api', message: 'x', requestId: 'R', data: {} }), 'throttled', 'Throttling.Api'],
    ['HTTP 429', new ClientError({ statusCode: 429, code: 'TooManyRequests', message: 'x', requestId: 'R', data: {} }), 'throttled', 'TooManyRequests'],
    ['503', new ServerError({ statusCode: 503, code: 'ServiceUnavailable', message: 'x', requestId: 'R', data: {} }), 'unavailable', 'ServiceUnavailable'],
    ['500 without code', new ServerError({ statusCode: 500, code: 'undefined', message: 'x', requestId: 'R', data: {} }), 'unavailable', 'HTTP500'],
    ['ECONNRESET', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'network', 'ECONNRESET'],
    ['socket hang up without code', new Error('socket hang up'), 'network', 'ConnectionReset'],
    ['httpx read timeout', Object.assign(new Error('ReadTimeout(30000)'), { name: 'RequestTimeoutError' }), 'network', 'RequestTimeout'],
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'refused', 'ECONNREFUSED'],
    ['https to a plain-http server (a few quick tries, not eight)', Object.assign(new Error('Client network socket disconnected before secure TLS connection was establishedGET https://127.0.0.1:8700/ failed.'), { code: 'ECONNRESET' }), 'refused', 'TLSHandshakeFailed'],
    ['non-JSON answer', new SyntaxError('Unexpected token <'), 'network', 'InvalidResponse'],
    ['JSON the SDK cannot read into its model (never retried, not a bug in ackl2)', unreadableAnswer(), 'client', 'InvalidResponse'],
    ['4xx', new ClientError({ statusCode: 400, code: 'ErrorVSwitchNotFound', message: 'x', requestId: 'R', data: {} }), 'client', 'ErrorVSwitchNotFound'],
    ['403', new ClientError({ statusCode: 403, code: 'Forbidden.RAM', message: 'x', requestId: 'R', data: {} }), 'client', 'Forbidden.RAM'],
  ];
  for (const [name, error, kind, code] of cases) {
    it(`${name} -> ${kind}`, () => {
      expect(classifyFailure(error)).toMatchObject({ kind, code });
      expect(isCloudFailure(error)).toBe(true);
    });
  }

  it('treats ambiguity as "may have happened" only for 5xx and network failures', () => {
    expect(isAmbiguous('unavailable')).toBe(true);
    expect(isAmbiguous('network')).toBe(true);
    expect(isAmbiguous('throttled')).toBe(false);
    expect(isAmbiguous('refused')).toBe(false);
    expect(isAmbiguous('client')).toBe(false);
  });

  it('does not mistake bugs for cloud failures', () => {
    expect(isCloudFailure(new TypeError('undefined is not a function'))).toBe(false);
    expect(isCloudFailure('a string')).toBe(false);
  });
});

describe('toCloudError', () => {
  it('keeps code, the cloud message, RequestId, status and action', () => {
    const sdk = new ClientError({
      statusCode: 400,
      code: 'InvalidVSwitchId.NotFound',
      message: 'code: 400, The specified vSwitch does not exist. request id: 5A8E-11',
      requestId: '5A8E-11',
      data: { Code: 'InvalidVSwitchId.NotFound', Message: 'The specified vSwitch does not exist.', RequestId: '5A8E-11' },
    });
    const error = toCloudError(sdk, { action: 'CreateCluster' });
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ code: 'InvalidVSwitchId.NotFound', requestId: '5A8E-11', statusCode: 400, action: 'CreateCluster' });
    expect(error.message).toBe('CreateCluster failed: The specified vSwitch does not exist.');
  });

  it('says when it gave up retrying, and how to resume', () => {
    const error = toCloudError(new ServerError({ statusCode: 503, code: 'ServiceUnavailable', message: 'code: 503, busy request id: R', requestId: 'R', data: {} }), { action: 'DescribeTaskInfo', attempts: 8 });
    expect(error.message).toContain('gave up after 8 attempts');
    expect(error.hint).toContain('rerun');
  });

  it('names the endpoint nobody answers at', () => {
    const error = toCloudError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { action: 'DescribeClustersV1', endpoint: 'http://127.0.0.1:9' });
    expect(error.message).toContain('cannot connect to http://127.0.0.1:9');
    expect(error.hint).toContain('--endpoint');
  });

  it('says to use http:// when an https endpoint speaks plain http (a local emulator)', () => {
    const tls = Object.assign(new Error('Client network socket disconnected before secure TLS connection was established'), { code: 'ECONNRESET' });
    const error = toCloudError(tls, { action: 'DescribeClustersV1', endpoint: 'https://127.0.0.1:8700' });
    expect(error.message).toBe('DescribeClustersV1 failed: no TLS handshake with https://127.0.0.1:8700');
    expect(error.hint).toContain('use http://127.0.0.1:8700');
  });

  it('redacts what the server echoed', () => {
    const sdk = new ClientError({ statusCode: 400, code: 'InvalidPassword', message: 'code: 400, password Hunter2-secret is too weak request id: R', requestId: 'R', data: {} });
    const error = toCloudError(sdk, { action: 'CreateClusterNodePool', redact: (t) => t.replace('Hunter2-secret', '***') });
    expect(error.message).not.toContain('Hunter2-secret');
  });

  it('strips the SDK decoration from messages', () => {
    expect(cleanSdkMessage('code: 400, Bad thing. request id: ABC-1')).toBe('Bad thing.');
    expect(cleanSdkMessage('plain')).toBe('plain');
  });
});

describe('an incomplete API answer', () => {
  it('is a CloudError (exit 3) with the action and request id, not a bug', async () => {
    const { body, required } = await import('../../src/cloud/answer.js');
    const { toClusterSummary } = await import('../../src/cloud/ack.js');
    const { CloudError: Cloud, exitCodeFor: exit } = await import('../../src/errors.js');
    const noBody = (() => {
      try {
        body({ headers: { 'x-acs-request-id': 'REQ-1' } }, 'DescribeTaskInfo');
      } catch (error) {
        return error;
      }
    })();
    expect(noBody).toBeInstanceOf(Cloud);
    expect(noBody).toMatchObject({ code: 'IncompleteAnswer', action: 'DescribeTaskInfo', requestId: 'REQ-1', message: 'DescribeTaskInfo: the API answer has no body' });
    expect(exit(noBody)).toBe(3);
    expect(() => required(undefined, 'cluster_id', { action: 'CreateCluster', requestId: 'REQ-2' })).toThrow(/CreateCluster: the API answer has no cluster_id/);
    expect(() => toClusterSummary({})).toThrow(Cloud);
  });
});
