/**
 * Reading a profile file as UTF-8 text. Every failure is an issue located where the user
 * can act on it: the file itself (line 1), the first bad byte, or the `extends` entry that
 * named a missing base.
 */

// Sync reads: a profile is a few KiB, and the promise-based fs costs more to start than it saves.
import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { kindOf, specialTreeOf } from '../fs/file-kind.js';
import type { Issue, SourceLocation } from './issues.js';

/** Profiles are a few KiB; anything this large is the wrong file. */
export const MAX_PROFILE_BYTES = 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; issue: Issue };

/**
 * @param absPath resolved path to read
 * @param display the file name as printed in issues
 * @param namedAt where the file was named (an `extends` entry); problems are located there
 */
export async function readProfileText(absPath: string, display: string, namedAt?: SourceLocation): Promise<ReadResult> {
  const fail = (message: string, hint: string, location?: SourceLocation): ReadResult => ({
    ok: false,
    issue: { severity: 'error', path: namedAt ? ['extends'] : [], message, hint, location: location ?? namedAt ?? { file: display, line: 1, col: 1 } },
  });
  const what = namedAt ? `base profile ${display}` : display;

  const tree = specialTreeOf(absPath) ?? specialTreeOf(realPathOrSelf(absPath));
  if (tree) return fail(`${what} is inside ${tree}, not a profile file`, 'name a YAML profile; files under /proc, /dev and /sys are never read');
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    // Opened without blocking and checked after opening: a FIFO or device is refused unread.
    fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (info.isDirectory()) return fail(`${what} is a directory, not a profile file`, 'name the YAML file inside it, e.g. -f dir/cluster.yaml');
    if (!info.isFile()) return fail(`${what} is ${kindOf(info)}, not a regular file`, 'name a YAML file');
    if (info.size > MAX_PROFILE_BYTES) return fail(`${what} is ${info.size} bytes; a profile is at most ${MAX_PROFILE_BYTES} bytes`, 'check that this is the right file');
    bytes = readFileSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return fail(`${what} not found`, namedAt ? 'paths in extends are relative to the file that names them; builtin profiles are builtin:NAME, listed by `ackl2 profiles`' : 'check the path; it is relative to the current directory');
    }
    if (code === 'EACCES' || code === 'EPERM') return fail(`cannot read ${what}: permission denied`, 'make the file readable (chmod u+r) or run as its owner');
    if (code === 'ELOOP') return fail(`cannot read ${what}: its symbolic links form a loop`, 'point the link at the real file (ls -l shows where it goes)');
    return fail(`cannot read ${what} (${code ?? 'unknown error'})`, 'check the path and the file');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return decodeUtf8(bytes, display);
}

function realPathOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** UTF-8 only: a BOM is dropped; UTF-16 and invalid bytes are located and refused. */
export function decodeUtf8(bytes: Buffer, display: string): ReadResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      ok: false,
      issue: { severity: 'error', path: [], message: 'the file is UTF-16 encoded; profiles are UTF-8', hint: 'save the file as UTF-8', location: { file: display, line: 1, col: 1 } },
    };
  }
  if (looksUtf16WithoutBom(bytes)) {
    return {
      ok: false,
      issue: { severity: 'error', path: [], message: 'the file looks UTF-16 encoded (every other byte is zero); profiles are UTF-8', hint: 'save the file as UTF-8', location: { file: display, line: 1, col: 1 } },
    };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    return {
      ok: false,
      issue: {
        severity: 'error',
        path: [],
        message: `the file is not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`,
        hint: 'save the file as UTF-8, e.g. with iconv -f GBK -t UTF-8',
        location: byteLocation(bytes, bad, display),
      },
    };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return {
      ok: false,
      issue: { severity: 'error', path: [], message: 'the file contains NUL bytes: it is not a text file', hint: 'name the YAML profile, not a binary file', location: byteLocation(bytes, nul, display) },
    };
  }
  const text = bytes.toString('utf8');
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** ASCII text saved as UTF-16 without a BOM: a zero byte beside every character. */
function looksUtf16WithoutBom(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, Math.min(bytes.length, 64) & ~1);
  if (sample.length < 4) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = sample.length / 2;
  return (oddZeros === pairs && evenZeros === 0) || (evenZeros === pairs && oddZeros === 0);
}

function byteLocation(bytes: Buffer, offset: number, file: string): SourceLocation {
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  let prefix = bytes.subarray(lineStart, offset).toString('utf8');
  if (line === 1 && prefix.charCodeAt(0) === 0xfeff) prefix = prefix.slice(1);
  return { file, line, col: prefix.length + 1 };
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
