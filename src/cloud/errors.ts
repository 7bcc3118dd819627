/**
 * What went wrong with one API call, and what to do about it: retry (throttling, 5xx,
 * dropped connections, timeouts) or give up (4xx user errors). Works on the error objects
 * the SDK stack throws (openapi-core ClientError/ServerError/ThrottlingError, httpx and Node
 * socket errors) without importing the SDKs, so it stays testable and off the start-up path.
 */

import { CloudError, ConnectionFailed } from '../errors.js';

export type FailureKind =
  /** The API said "too many requests": never processed, always safe to retry. */
  | 'throttled'
  /** 5xx / ServiceUnavailable: transient; a mutating call may or may not have happened. */
  | 'unavailable'
  /** Connection reset, timeout, broken response: transient; outcome unknown for mutations. */
  | 'network'
  /** The connection was refused: the request never reached the server. */
  | 'refused'
  /** A 4xx answer about the request itself: retrying cannot help. */
  | 'client';

export interface ClassifiedFailure {
  kind: FailureKind;
  code: string;
  message: string;
  requestId: string | undefined;
  statusCode: number | undefined;
  /** Seconds the server asked us to wait (Retry-After style), if it said. */
  retryAfterMs: number | undefined;
}

const THROTTLING_CODE = /throttl|flowcontrol|too\s*many\s*requests|ratelimit/i;
const UNAVAILABLE_CODES = new Set(['ServiceUnavailable', 'InternalError', 'InternalError.Unknown', 'UnknownError', 'ServerBusy', 'ServiceTimeout']);
const NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE']);

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  statusCode?: unknown;
  requestId?: unknown;
  retryAfter?: unknown;
  data?: unknown;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '' && value !== 'undefined' && value !== 'null') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * openapi-core formats messages as `code: 400, <message> request id: <id>`; keep only the
 * cloud's own message.
 */
export function cleanSdkMessage(message: string): string {
  return message
    .replace(/^code:\s*\d+,\s*/, '')
    .replace(/\s*request id:\s*\S*\s*$/i, '')
    .trim();
}

function fromBody(data: unknown, key: 'Message' | 'RequestId' | 'Code'): string | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const record = data as Record<string, unknown>;
  return str(record[key]) ?? str(record[key.charAt(0).toLowerCase() + key.slice(1)]);
}

export function classifyFailure(error: unknown): ClassifiedFailure {
  const e = (error ?? {}) as SdkLikeError;
  const name = str(e.name) ?? '';
  const rawMessage = str(e.message) ?? String(error);
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code = str(e.code) ?? fromBody(e.data, 'Code') ?? '';
  const requestId = str(e.requestId) ?? fromBody(e.data, 'RequestId');
  const message = fromBody(e.data, 'Message') ?? cleanSdkMessage(rawMessage);
  const retryAfterMs = typeof e.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter : undefined;
  const base = { code, message, requestId, statusCode, retryAfterMs };

  if (name === 'ThrottlingError' || THROTTLING_CODE.test(code) || statusCode === 429) return { ...base, kind: 'throttled', code: code || 'Throttling' };
  if (statusCode !== undefined && statusCode >= 500) return { ...base, kind: 'unavailable', code: code || `HTTP${statusCode}` };
  if (UNAVAILABLE_CODES.has(code)) return { ...base, kind: 'unavailable' };
  if (statusCode !== undefined && statusCode >= 400) return { ...base, kind: 'client', code: code || `HTTP${statusCode}` };
  if (code === 'ECONNREFUSED') return { ...base, kind: 'refused' };
  // https to a server that speaks plain http (an emulator): it never got the request.
  if (code === 'EPROTO' || /before secure TLS connection|wrong version number/i.test(rawMessage)) return { ...base, kind: 'refused', code: 'TLSHandshakeFailed' };
  if (NETWORK_CODES.has(code) || name === 'RequestTimeoutError' || /socket hang up|ReadTimeout|ConnectTimeout|other side closed/i.test(rawMessage)) {
    return { ...base, kind: 'network', code: code || (name === 'RequestTimeoutError' ? 'RequestTimeout' : 'ConnectionReset') };
  }
  // A response that is not JSON (a proxy's HTML error page, a truncated body).
  if (name === 'SyntaxError') return { ...base, kind: 'network', code: 'InvalidResponse' };
  // JSON the SDK cannot read into its response model: the server's doing, and it will not change on a retry.
  if (UNREADABLE_ANSWER.test(rawMessage)) return { ...base, kind: 'client', code: 'InvalidResponse', message: `the API answered with a body the SDK cannot read (${rawMessage})` };
  return { ...base, kind: 'client', code: code || name || 'UnknownError' };
}

/** What the SDK's response casting ($dara.cast) throws for an answer of the wrong shape. */
const UNREADABLE_ANSWER = /^(type of \S+ is mismatch|can not cast to Map)/;

const SDK_ERROR_NAMES = new Set(['ClientError', 'ServerError', 'ThrottlingError', 'AlibabaCloudError', 'ResponseError', 'RequestTimeoutError', 'UnretryableError', 'SyntaxError']);

/**
 * Whether an error came from the API or the wire (an answer, a socket, a timeout), as
 * opposed to a bug in ackl2: bugs must surface as bugs, never as "the cloud said TypeError".
 */
export function isCloudFailure(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as SdkLikeError;
  if (typeof e.statusCode === 'number') return true;
  if (typeof e.name === 'string' && SDK_ERROR_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && /^(E[A-Z]+|UND_ERR_|ERR_STREAM)/.test(e.code)) return true;
  if (typeof e.message === 'string' && UNREADABLE_ANSWER.test(e.message)) return true;
  return typeof e.message === 'string' && /socket hang up|ReadTimeout|ConnectTimeout|other side closed/i.test(e.message);
}

export function isTransient(kind: FailureKind): boolean {
  return kind !== 'client';
}

/** For a mutating call: did the server maybe act on a request whose answer we lost? */
export function isAmbiguous(kind: FailureKind): boolean {
  return kind === 'unavailable' || kind === 'network';
}

/** Hints for the codes a user can act on. */
function hintFor(failure: ClassifiedFailure, endpoint: string | undefined): string | undefined {
  const code = failure.code;
  if (failure.code === 'TLSHandshakeFailed') return `${endpoint ?? 'the endpoint'} does not speak https; a local emulator speaks plain http: use http://${endpoint ? endpoint.replace(/^https:\/\//, '') : 'HOST:PORT'}`;
  if (failure.kind === 'refused') return `nothing answers at ${endpoint ?? 'the API endpoint'}; check --endpoint / ACKL2_ENDPOINT, or that the emulator is running`;
  if (/^InvalidAccessKeyId/.test(code)) return 'the AccessKey id is not known to the cloud: check your credentials (ALIBABA_CLOUD_ACCESS_KEY_ID or --profile)';
  if (/SignatureDoesNotMatch|IncompleteSignature/.test(code)) return 'the AccessKey secret does not match its id: check your credentials';
  if (/Forbidden|NoPermission|AccessDenied|NotAuthorized/i.test(code)) return 'the RAM identity lacks a permission for this action: grant it (e.g. AliyunCSFullAccess / AliyunECSReadOnlyAccess) and rerun';
  if (failure.kind === 'throttled') return 'the API kept throttling; rerun later (the same command resumes)';
  if (failure.kind === 'unavailable' || failure.kind === 'network') return 'the service did not answer properly; rerun the same command to resume';
  return undefined;
}

export interface CloudErrorContext {
  action: string;
  endpoint?: string | undefined;
  attempts?: number | undefined;
  /** Removes secrets from anything the server might echo back. */
  redact?: ((text: string) => string) | undefined;
}

export function toCloudError(error: unknown, context: CloudErrorContext): CloudError {
  if (error instanceof CloudError) return error;
  const failure = classifyFailure(error);
  const redact = context.redact ?? ((t: string) => t);
  const gaveUp = context.attempts !== undefined && context.attempts > 1 && isTransient(failure.kind) ? ` (gave up after ${context.attempts} attempts)` : '';
  const what =
    failure.code === 'TLSHandshakeFailed'
      ? `no TLS handshake with ${context.endpoint ?? 'the API endpoint'}`
      : failure.kind === 'refused'
        ? `cannot connect to ${context.endpoint ?? 'the API endpoint'}`
        : failure.message || failure.code;
  return new CloudError({
    code: failure.code,
    message: redact(`${context.action} failed: ${what}${gaveUp}`),
    requestId: failure.requestId,
    statusCode: failure.statusCode,
    action: context.action,
    hint: hintFor(failure, context.endpoint),
    cause: error,
  });
}

/** Whether the failure is the connection's (refused, reset, timed out) rather than an answer of the cloud. */
export function isConnectionFailure(kind: FailureKind): boolean {
  return kind === 'network' || kind === 'refused';
}

/**
 * A connection failure as the user sees it: what happened to the request (never sent, a read,
 * or a change whose outcome is unknown) and what to do.
 */
export function toConnectionFailed(error: unknown, context: CloudErrorContext & { mutating: boolean }): ConnectionFailed {
  const failure = classifyFailure(error);
  const redact = context.redact ?? ((t: string) => t);
  const detail = failure.message && failure.message !== failure.code ? `${failure.code}: ${failure.message}` : failure.code;
  const attempts = context.attempts !== undefined && context.attempts > 1 ? ` (gave up after ${context.attempts} attempts)` : '';
  if (failure.kind === 'refused') {
    const what = failure.code === 'TLSHandshakeFailed' ? `no TLS handshake with ${context.endpoint ?? 'the API endpoint'}` : `cannot connect to ${context.endpoint ?? 'the API endpoint'}`;
    return new ConnectionFailed({ code: failure.code, action: context.action, outcome: 'not-sent', message: redact(`${context.action} failed: ${what}${attempts}; the request was not sent`), hint: hintFor(failure, context.endpoint), cause: error });
  }
  if (!context.mutating) {
    return new ConnectionFailed({ code: failure.code, action: context.action, outcome: 'read', message: redact(`${context.action} failed: the connection failed (${detail})${attempts}`), hint: 'check the network to the API endpoint, then rerun the same command', cause: error });
  }
  return new ConnectionFailed({
    code: failure.code,
    action: context.action,
    outcome: 'unknown',
    message: redact(`${context.action}: the connection failed after the request was sent (${detail})${attempts}; whether it took effect is unknown`),
    hint: 'rerun the same command: it looks up what exists by name before sending anything again',
    cause: error,
  });
}

/** The failure kind a CloudError came from (kept on the error by the invoker). */
export const FAILURE_KIND = Symbol('ackl2.failureKind');

export function failureKindOf(error: unknown): FailureKind | undefined {
  if (error !== null && typeof error === 'object' && FAILURE_KIND in error) return (error as { [FAILURE_KIND]: FailureKind })[FAILURE_KIND];
  return undefined;
}
