/**
 * Stage 1, read: the request as sent (method, raw path and query, lower-case headers) and its
 * body, bounded: a body past MAX_BODY_BYTES is not read, an upload cut off is `aborted`.
 */

import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** How long the rest of a refused body is read before the connection is cut. */
const DISCARD_GRACE_MS = 5_000;

export interface RawRequest {
  method: string;
  /** The path exactly as sent (still percent-encoded), never resolved as a URL. */
  rawPath: string;
  /** The query string exactly as sent (undefined when the target has no `?`). */
  rawQuery: string | undefined;
  /** Lower-case header names, repeated headers joined by commas. */
  headers: Record<string, string>;
  body: Buffer;
  /** The body was larger than MAX_BODY_BYTES (and `body` is empty). */
  tooLarge: boolean;
}

export type ReadResult = { aborted: true } | { aborted: false; request: RawRequest };

export async function readRequest(req: IncomingMessage): Promise<ReadResult> {
  const { body, tooLarge, aborted } = await readBody(req);
  if (aborted) return { aborted: true };
  // The raw request target: `//host/x` is a path here, not a host.
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  return {
    aborted: false,
    request: {
      method: (req.method ?? 'GET').toUpperCase(),
      rawPath: (queryAt < 0 ? target : target.slice(0, queryAt)) || '/',
      rawQuery: queryAt < 0 ? undefined : target.slice(queryAt + 1),
      headers: flattenHeaders(req),
      body,
      tooLarge,
    },
  };
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}

/**
 * The body, or `tooLarge` as soon as it passes MAX_BODY_BYTES (the rest is not read), or
 * `aborted` when the client went away before sending all of it.
 */
function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean; aborted: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        resolve({ body: Buffer.alloc(0), tooLarge: true, aborted: false });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge: false, aborted: false }));
    // Settles once: after 'end' these change nothing; before it, the upload was cut off.
    req.on('error', () => resolve({ body: Buffer.alloc(0), tooLarge: false, aborted: true }));
    req.on('close', () => resolve({ body: Buffer.alloc(0), tooLarge: false, aborted: true }));
  });
}

/** Reads what is left of a refused body into nothing; a client that keeps sending is cut off. */
export function discardRest(req: IncomingMessage): void {
  req.resume();
  setTimeout(() => req.socket.destroy(), DISCARD_GRACE_MS).unref();
}
