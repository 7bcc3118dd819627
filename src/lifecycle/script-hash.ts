/**
 * ACK does not always return a pool's pre-join script, so ackl2 keeps a content hash of it in
 * a pool tag at create: `diff` compares hashes, and reports the script unverifiable when a pool
 * has neither the tag nor the script in its answer.
 */

import { createHash } from 'node:crypto';
import type { TagWire } from '../plan/wire.js';
import { PROFILE_TAG_KEY } from '../plan/types.js';

export const SCRIPT_HASH_TAG_KEY = 'ackl2.io/script-sha256';
/** ACK's limit of tags per resource. */
const MAX_TAGS = 20;

/** sha256 of the decoded script (`pre_user_data` is base64), hex. */
export function scriptHash(preUserDataBase64: string): string {
  return createHash('sha256').update(Buffer.from(preUserDataBase64, 'base64')).digest('hex');
}

/** The pool's tags with the script hash added after the profile tag, when ACK's limit leaves room. */
export function withScriptHashTag(tags: readonly TagWire[], preUserDataBase64: string | undefined): TagWire[] {
  const rest = tags.filter((t) => t.key !== SCRIPT_HASH_TAG_KEY);
  if (preUserDataBase64 === undefined || rest.length >= MAX_TAGS) return rest;
  const at = rest.findIndex((t) => t.key === PROFILE_TAG_KEY) + 1;
  return [...rest.slice(0, at), { key: SCRIPT_HASH_TAG_KEY, value: scriptHash(preUserDataBase64) }, ...rest.slice(at)];
}
