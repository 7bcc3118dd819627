/**
 * Verifies the three request signatures Alibaba Cloud clients send, exactly as the SDKs
 * compute them (see @alicloud/openapi-core/dist/utils.js and @alicloud/pop-core/lib):
 *
 *  - ACS3-HMAC-SHA256 (V3, every current SDK): canonical request over method, path, sorted
 *    query, signed headers and x-acs-content-sha256 (the body's SHA-256, checked here too).
 *  - ROA HMAC-SHA1 (`Authorization: acs AK:SIG`): method, accept, content-md5, content-type,
 *    date, canonicalized x-acs-* headers, path with sorted query. The Node SDKs sign
 *    `path?k=v` (no `?` without a query); alibaba-cloud-sdk-go, under the aliyun CLI, signs
 *    the query as it sends it: always a `?`, and `k` alone for an empty value.
 *  - RPC HMAC-SHA1 (`Signature=` parameter): percent-encoded sorted parameters, key secret + "&".
 */

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { gatewayError } from './api-error.js';

export interface KeyPair {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface StsCredentials extends KeyPair {
  securityToken: string;
  /** Epoch ms after which the token is refused as expired. */
  expiresAt?: number | undefined;
}

export interface AcceptedCredentials extends KeyPair {
  sts?: StsCredentials | undefined;
}

export interface SignedRequest {
  method: string;
  /** The path exactly as sent (still percent-encoded). */
  rawPath: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** The query string exactly as sent (undefined when the URL has no `?`). */
  rawQuery?: string | undefined;
  /** Decoded form parameters (RPC bodies), empty otherwise. */
  form: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
}

export type SignatureKind = 'ACS3-HMAC-SHA256' | 'ROA-HMAC-SHA1' | 'RPC-HMAC-SHA1';

/** Requests older or newer than this are refused, as the cloud does. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const errors = {
  keyNotFound: () => gatewayError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'),
  mismatch: (detail: string) => gatewayError(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. (${detail})`),
  expired: () => gatewayError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'),
  badTime: () => gatewayError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.'),
  incomplete: (detail: string) => gatewayError(400, 'IncompleteSignature', `The request signature does not conform to Aliyun standards. (${detail})`),
  missingSignature: () => gatewayError(400, 'MissingSignature', 'Signature is mandatory for this action.'),
  unsupportedMethod: (method: string) => gatewayError(400, 'InvalidSignatureMethod', `Specified signature method ${method} is not supported.`),
  tokenMissing: () => gatewayError(400, 'MissingSecurityToken', 'SecurityToken is mandatory for this action.'),
  tokenMismatch: () => gatewayError(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.'),
  tokenExpired: () => gatewayError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.'),
};

/** Checks the request's signature; returns which scheme it used, or throws the cloud's error. */
export function verifySignature(request: SignedRequest, accepted: AcceptedCredentials, now: number): SignatureKind {
  const authorization = request.headers.authorization ?? '';
  if (authorization.startsWith('ACS3-')) return verifyAcs3(request, authorization, accepted, now);
  if (authorization.startsWith('acs ')) return verifyRoa(request, authorization, accepted, now);
  const params = { ...request.query, ...request.form };
  if (params.Signature !== undefined) return verifyRpc(request, params, accepted, now);
  if (params.Action !== undefined && request.rawPath === '/') throw errors.missingSignature();
  throw errors.incomplete('no Authorization header');
}

function secretFor(accessKeyId: string, securityToken: string | undefined, accepted: AcceptedCredentials, now: number): string {
  const sts = accepted.sts;
  if (sts && accessKeyId === sts.accessKeyId) {
    if (!securityToken) throw errors.tokenMissing();
    if (!safeEqual(securityToken, sts.securityToken)) throw errors.tokenMismatch();
    if (sts.expiresAt !== undefined && now > sts.expiresAt) throw errors.tokenExpired();
    return sts.accessKeySecret;
  }
  if (accessKeyId !== accepted.accessKeyId) throw errors.keyNotFound();
  if (securityToken) throw errors.tokenMismatch();
  return accepted.accessKeySecret;
}

function checkTime(value: string | undefined, now: number): void {
  if (!value) throw errors.badTime();
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw errors.badTime();
  if (Math.abs(now - time) > MAX_CLOCK_SKEW_MS) throw errors.expired();
}

// ---------------------------------------------------------------- ACS3-HMAC-SHA256

function verifyAcs3(request: SignedRequest, authorization: string, accepted: AcceptedCredentials, now: number): SignatureKind {
  const match = /^(ACS3-[A-Z0-9-]+)\s+Credential=([^,]+),\s*SignedHeaders=([^,]*),\s*Signature=([0-9a-f]+)$/.exec(authorization.trim());
  if (!match) throw errors.incomplete('malformed ACS3 Authorization header');
  const [, algorithm, accessKeyId, signedHeaderList, signature] = match as unknown as [string, string, string, string, string];
  if (algorithm !== 'ACS3-HMAC-SHA256') throw errors.unsupportedMethod(algorithm);
  const secret = secretFor(accessKeyId, request.headers['x-acs-security-token'], accepted, now);
  checkTime(request.headers['x-acs-date'], now);

  const signedHeaders = signedHeaderList.split(';').filter((h) => h !== '');
  for (const required of ['host', 'x-acs-date', 'x-acs-content-sha256']) {
    if (!signedHeaders.includes(required)) throw errors.incomplete(`SignedHeaders must include ${required}`);
  }
  const payloadHash = request.headers['x-acs-content-sha256'] ?? '';
  const actualHash = createHash('sha256').update(request.body).digest('hex');
  if (payloadHash !== actualHash) throw errors.mismatch('x-acs-content-sha256 does not match the request body');

  const canonicalHeaders = signedHeaders.map((h) => `${h}:${(request.headers[h] ?? '').trim()}\n`).join('');
  const canonicalUri = request.rawPath.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
  const canonicalQuery = Object.keys(request.query)
    .sort()
    .map((k) => `${k}=${percentEncode(request.query[k] ?? '')}`)
    .join('&');
  const canonicalRequest = [request.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
  const stringToSign = `${algorithm}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const expected = createHmac('sha256', secret).update(stringToSign).digest('hex');
  if (!safeEqual(expected, signature)) throw errors.mismatch('ACS3-HMAC-SHA256');
  return 'ACS3-HMAC-SHA256';
}

// ---------------------------------------------------------------- ROA HMAC-SHA1

function verifyRoa(request: SignedRequest, authorization: string, accepted: AcceptedCredentials, now: number): SignatureKind {
  const match = /^acs ([^:]+):(.+)$/.exec(authorization.trim());
  if (!match) throw errors.incomplete('malformed acs Authorization header');
  const [, accessKeyId, signature] = match as unknown as [string, string, string];
  const h = request.headers;
  const method = h['x-acs-signature-method'];
  if (method !== undefined && method !== 'HMAC-SHA1') throw errors.unsupportedMethod(method);
  const secret = secretFor(accessKeyId, h['x-acs-security-token'], accepted, now);
  checkTime(h.date, now);
  const md5 = h['content-md5'];
  if (md5 !== undefined && md5 !== '' && md5 !== createHash('md5').update(request.body).digest('base64')) {
    throw errors.mismatch('Content-MD5 does not match the request body');
  }
  const canonicalHeaders = Object.keys(h)
    .filter((k) => k.startsWith('x-acs-'))
    .sort()
    .map((k) => `${k}:${(h[k] ?? '').replace(/[\t\n\r\f]/g, ' ').trim()}\n`)
    .join('');
  const head = `${request.method}\n${h.accept ?? ''}\n${md5 ?? ''}\n${h['content-type'] ?? ''}\n${h.date ?? ''}\n${canonicalHeaders}`;
  const matches = roaResources(request).some((resource) => {
    const expected = createHmac('sha1', secret).update(Buffer.from(`${head}${resource}`, 'utf8')).digest('base64');
    return safeEqual(expected, signature);
  });
  if (!matches) throw errors.mismatch('ROA HMAC-SHA1');
  return 'ROA-HMAC-SHA1';
}

/**
 * The canonical resources a legitimate client may have signed: the Node SDKs' (`path`, or
 * `path?k=v&...` sorted, values decoded) and alibaba-cloud-sdk-go's (the aliyun CLI: the
 * query as sent, sorted, `?` kept even when empty, `k` without `=` for an empty value).
 */
function roaResources(request: SignedRequest): string[] {
  const keys = Object.keys(request.query).sort();
  const standard = keys.length === 0 ? request.rawPath : `${request.rawPath}?${keys.map((k) => `${k}=${request.query[k]}`).join('&')}`;
  if (request.rawQuery === undefined) return [standard];
  const items = request.rawQuery
    .split('&')
    .filter((item) => item !== '')
    .map((item) => {
      const at = item.indexOf('=');
      return at < 0 ? { key: safeDecode(item), text: safeDecode(item) } : { key: safeDecode(item.slice(0, at)), text: `${safeDecode(item.slice(0, at))}=${safeDecode(item.slice(at + 1))}` };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const asSent = `${request.rawPath}?${items.map((i) => i.text).join('&')}`;
  return asSent === standard ? [standard] : [standard, asSent];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------- RPC HMAC-SHA1

function verifyRpc(request: SignedRequest, params: Record<string, string>, accepted: AcceptedCredentials, now: number): SignatureKind {
  const method = params.SignatureMethod ?? '';
  if (method !== 'HMAC-SHA1') throw errors.unsupportedMethod(method || '(none)');
  if (params.SignatureVersion !== '1.0') throw errors.incomplete(`SignatureVersion ${params.SignatureVersion ?? '(none)'} is not 1.0`);
  const accessKeyId = params.AccessKeyId;
  if (!accessKeyId) throw errors.incomplete('AccessKeyId is missing');
  const secret = secretFor(accessKeyId, params.SecurityToken, accepted, now);
  checkTime(params.Timestamp, now);
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
  const stringToSign = `${request.method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  const expected = createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
  if (!safeEqual(expected, params.Signature ?? '')) throw errors.mismatch('RPC HMAC-SHA1');
  return 'RPC-HMAC-SHA1';
}

/** RFC 3986 encoding as the SDKs do it. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/!/g, '%21').replace(/'/g, '%27').replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\*/g, '%2A');
}

function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
