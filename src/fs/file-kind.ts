/**
 * Which files ackl2 may read or write: regular files only. A FIFO blocks a read forever, a
 * device or socket is not a document, and /proc and /dev hold the system's state, not the
 * user's files, so none of them is ever opened for content. Reads open without blocking and
 * check the opened file's type, so nothing swapped in between a check and the read gets read.
 */

import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { UserError } from '../errors.js';

/** File systems that hold the system's state rather than user files. */
const SPECIAL_TREES = ['/proc', '/dev', '/sys'];

/** What a non-regular file is, in words (for messages). */
export function kindOf(info: Stats): string {
  if (info.isFile()) return 'a regular file';
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'a special file';
}

/** The special tree (/proc, /dev, /sys) an absolute path lies in, if any. */
export function specialTreeOf(path: string): string | undefined {
  const absolute = resolve(path);
  return SPECIAL_TREES.find((tree) => absolute === tree || absolute.startsWith(tree + sep));
}

export function notRegular(action: 'read' | 'write', shown: string, why: string): UserError {
  return new UserError(`refusing to ${action} ${shown}: ${why}; ackl2 ${action === 'read' ? 'reads' : 'writes'} regular files only`, {
    hint: action === 'read' ? 'give the path of a regular file (a YAML profile)' : 'choose the path of a regular file (or a new one) in a directory you own',
  });
}

/** Refuse paths inside /proc, /dev and /sys before touching them. */
export function refuseSpecialTree(path: string, action: 'read' | 'write', shown: string): void {
  const tree = specialTreeOf(path);
  if (tree) throw notRegular(action, shown, `it is inside ${tree}`);
}

/**
 * The text of a regular file, or null when it does not exist. Anything else (a FIFO, a
 * device, a socket, a directory, a path under /proc or /dev) is a UserError naming `shown`.
 * Other file-system errors are thrown as they are, for the caller to word.
 */
export async function readRegularFile(path: string, shown: string = path): Promise<string | null> {
  refuseSpecialTree(path, 'read', shown);
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notRegular('read', shown, `it is ${kindOf(info)}`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
