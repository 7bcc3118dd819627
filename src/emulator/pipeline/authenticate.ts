/**
 * Stage 3, authenticate: the request's signature (ACS3, ROA or RPC) must verify with an
 * accepted key pair, at the client's real time (see clock.ts: `wallNow`).
 */

import { verifySignature, type AcceptedCredentials, type SignatureKind } from '../signature.js';
import type { ApiRequest } from './classify.js';

export function authenticate(request: ApiRequest, credentials: AcceptedCredentials, wallNow: number): SignatureKind {
  return verifySignature(request, credentials, wallNow);
}
