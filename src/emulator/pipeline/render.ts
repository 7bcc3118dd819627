/**
 * Stage 6, render: every answer is JSON with the request id header. The gateway's own errors
 * are POP style whichever service was called (clients that read only `Code`/`Message`, such
 * as pop-core's ROAClient, see them). ACK's errors are ACK style (`code`, `message`,
 * `requestId`, `status`) with their POP-style twins added, so those older clients see the
 * code and message of an ACK error too; the official SDKs read either.
 */

import type { ServerResponse } from 'node:http';
import { ApiError, gatewayErrors } from '../api-error.js';
import type { Json, JsonObject } from '../state.js';
import type { Service } from './classify.js';

const PRODUCT: Record<Service, string> = { ack: 'CS', ecs: 'Ecs', vpc: 'Vpc' };

export function renderError(error: ApiError, service: Service, requestId: string, host: string): JsonObject {
  const pop = {
    RequestId: requestId,
    HostId: host,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${PRODUCT[service]}&requestId=${requestId}`,
  };
  if (service === 'ecs' || error.gateway) return pop;
  return { code: error.code, message: error.message, requestId, status: error.status, Code: error.code, Message: error.message, RequestId: requestId };
}

/** Any thrown value as an answer: a bug in a backend costs one answer, never the server. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return gatewayErrors.internal(error instanceof Error ? error.message : String(error));
}

/** Writes a JSON answer unless the connection is already answered or gone. */
export function sendJson(res: ServerResponse, status: number, payload: Json | unknown, headers: Record<string, string> = {}, indent?: number): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(payload, null, indent);
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}
