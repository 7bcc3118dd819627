import type { BackendContext } from '../context.js';
import type { Json, JsonObject } from '../state.js';

export interface AckRequest {
  method: string;
  path: string;
  /** Decoded path parameters, named as in the SDK's pathname template. */
  pathParams: Record<string, string>;
  query: Record<string, string>;
  body: JsonObject;
}

export interface AckResponse {
  status?: number;
  body: Json;
}

export type AckHandler = (request: AckRequest, ctx: BackendContext) => AckResponse;
