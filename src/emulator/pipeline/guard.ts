/**
 * The emulator guards itself against the browser on the same machine. A web page cannot
 * read the answers (no CORS), but it can send requests: by name after DNS rebinding (its own
 * host name pointed at 127.0.0.1) and as cross-site "simple" POSTs. So every request must
 * name the emulator by a loopback name in its Host header (`127.0.0.1` or `localhost`, with
 * any port: pop-core's ROAClient sends the name alone), and control calls that change anything carry the per-run token printed in the ready line
 * (`Authorization: Bearer TOKEN`), which a page never sees.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';

const LOCAL_NAMES = new Set(['127.0.0.1', 'localhost']);

/** Whether the Host header names the emulator by a loopback name (`127.0.0.1[:PORT]`, `localhost[:PORT]`). */
export function hostAllowed(host: string | undefined): boolean {
  const match = /^([^:]+)(?::\d+)?$/.exec(host?.trim().toLowerCase() ?? '');
  return match !== null && LOCAL_NAMES.has(match[1]!);
}

export function isLoopbackPeer(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function newControlToken(): string {
  return randomBytes(18).toString('base64url');
}

/** Whether the request carries the control token (`Authorization: Bearer TOKEN`). */
export function carriesToken(headers: Record<string, string>, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
