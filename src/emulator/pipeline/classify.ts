/**
 * Stage 2, classify: which service and action a request is, from the route tables
 * (ack/routes.ts for ACK's ROA paths; ecs/actions.ts and vpc/actions.ts for the RPC actions),
 * and the handler that will serve it. ACK is ROA (the action is a method + path); ECS and VPC
 * are RPC (the root path with `Action` and `Version`); the version, when sent, decides, and
 * an RPC call without one is ECS.
 */

import { ApiError, gatewayErrors } from '../api-error.js';
import { matchAckRoute } from '../ack/routes.js';
import { checkRequestShape } from '../ack/shape-check.js';
import { refuseDeprecatedParameters } from '../ack/deprecated.js';
import { decommissionedRoute } from '../../catalog/api-currency.js';
import type { BackendContext } from '../context.js';
import { ECS_ACTIONS } from '../ecs/actions.js';
import { isObject } from '../json.js';
import { VPC_ACTIONS, VPC_VERSION } from '../vpc/actions.js';
import type { Json, JsonObject } from '../state.js';
import type { RawRequest } from './read.js';

export const ACK_VERSION = '2015-12-15';
export const ECS_VERSION = '2014-05-26';

export type Service = 'ack' | 'ecs' | 'vpc';

type RpcHandler = (params: Record<string, string>, ctx: BackendContext) => JsonObject;

/** The RPC services by API version: a new RPC product is a row. */
const RPC_SERVICES: Record<string, { service: Service; actions: Record<string, RpcHandler | undefined> }> = {
  [ECS_VERSION]: { service: 'ecs', actions: ECS_ACTIONS },
  [VPC_VERSION]: { service: 'vpc', actions: VPC_ACTIONS },
};

/** A request with its parameters decoded. */
export interface ApiRequest extends RawRequest {
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** Decoded form parameters (RPC bodies), empty otherwise. */
  form: Record<string, string>;
}

export interface Classified {
  service: Service;
  action: string;
  mutating: boolean;
  /** The handler; undefined when the service has no such action. */
  run: ((ctx: BackendContext) => { status: number; body: Json }) | undefined;
}

export function decodeParameters(raw: RawRequest): ApiRequest {
  const query = Object.fromEntries(new URLSearchParams(raw.rawQuery ?? ''));
  const form = (raw.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(raw.body.toString('utf8'))) : {};
  return { ...raw, query, form };
}

/** RPC requests go to the root path; ROA requests name their resource in the path. */
export function serviceByPath(rawPath: string): 'ack' | 'ecs' {
  return rawPath === '/' || rawPath === '' ? 'ecs' : 'ack';
}

/** The service, action and handler of a request; throws the gateway's error for an unknown version. */
export function classify(request: ApiRequest): Classified {
  const { method, rawPath, headers, query, form } = request;
  const params = { ...query, ...form };
  const version = headers['x-acs-version'] ?? params.Version;
  const byPath = serviceByPath(rawPath);
  const rpc = version === undefined ? (byPath === 'ecs' ? RPC_SERVICES[ECS_VERSION] : undefined) : RPC_SERVICES[version];
  // ECS answers its version on any path (as before); other RPC products only at the root
  if (rpc && (rpc.service === 'ecs' || byPath === 'ecs')) {
    const action = headers['x-acs-action'] ?? params.Action ?? '';
    const handler = rpc.actions[action];
    return {
      service: rpc.service,
      action,
      mutating: !/^(Describe|List|Get|Query)/.test(action),
      run: handler ? (ctx) => ({ status: 200, body: { RequestId: ctx.requestId, ...handler(params, ctx) } }) : undefined,
    };
  }
  if (version === ACK_VERSION || (byPath === 'ack' && version === undefined)) {
    // Decommissioned actions answer as the gateway answers an action that does not exist.
    const decommissioned = decommissionedRoute(method, rawPath);
    if (decommissioned) return { service: 'ack', action: decommissioned.action, mutating: method !== 'GET', run: undefined };
    const match = matchAckRoute(method, rawPath);
    if (!match) return { service: 'ack', action: headers['x-acs-action'] ?? '', mutating: method !== 'GET', run: undefined };
    return {
      service: 'ack',
      action: match.route.action,
      mutating: match.route.mutating,
      run: (ctx) => {
        const jsonBody = parseJsonBody(request.body, headers['content-type']);
        checkRequestShape(match.route.action, jsonBody);
        refuseDeprecatedParameters(match.route.action, jsonBody);
        const out = match.route.handler({ method, path: rawPath, pathParams: match.pathParams, query, body: jsonBody }, ctx);
        return { status: out.status ?? 200, body: out.body };
      },
    };
  }
  throw gatewayErrors.invalidVersion(String(version));
}

function parseJsonBody(body: Buffer, contentType: string | undefined): JsonObject {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  if (contentType !== undefined && !contentType.includes('json') && !text.trimStart().startsWith('{')) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'InvalidParameter', 'the request body is not valid JSON');
  }
  // A list body (ModifyClusterTags) is the request model's `body` member.
  return isObject(parsed) ? parsed : Array.isArray(parsed) ? { body: parsed as Json[] } : {};
}
