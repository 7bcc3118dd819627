/**
 * Writing a file so that nobody ever sees half of it: a private temp file in the same
 * directory, fsync, then rename over the target. The mode is set on the temp file before any
 * content is written, so a secret (a kubeconfig) is never readable by others, not even
 * briefly. Only regular files are replaced: a FIFO, device or socket at the path is refused,
 * and so is anything under /proc, /dev or /sys. A symlinked target (dotfiles) is written
 * through, keeping the link, but only a link nobody else could have planted: owned by the
 * caller and not in a world-writable directory. Optionally the write is refused
 * when the target changed since the caller read it.
 */

import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, mkdir, open, readlink, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { kindOf, notRegular, readRegularFile, refuseSpecialTree } from './file-kind.js';

export interface AtomicWriteOptions {
  /** File mode of the result, e.g. 0o600. */
  mode: number;
  /** Mode of directories created on the way (e.g. 0o700 for ~/.kube). */
  dirMode?: number;
  /**
   * What the caller read before: the file must still hold exactly this (`null`: it must
   * still not exist). Undefined: no check.
   */
  expected?: string | null;
  /** How to name the file in messages (default: the path). */
  display?: string;
  /** Whose symlinks are followed (default: the process's uid; injectable for tests). */
  uid?: number | undefined;
}

/** Symlink hops followed before giving up (the kernel's own limit). */
const MAX_LINKS = 40;

/** Why a path cannot be read or written, for the errors a user can fix. */
const USER_FS_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
};

/** A file-system error a user can fix as a UserError naming the path; anything else as is. */
export function fsError(error: unknown, action: 'read' | 'write', path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why = code ? USER_FS_ERRORS[code] : undefined;
  if (!why) return error;
  return new UserError(`cannot ${action} ${path}: ${why}`, { hint: action === 'write' ? 'choose another path, or fix the permissions of the file and its directory' : 'check the path and its permissions', cause: error });
}

/** The file's text, or null when it does not exist; a FIFO, device or socket is refused unread. */
export async function readIfExists(path: string, display: string = path): Promise<string | null> {
  try {
    return await readRegularFile(path, display);
  } catch (error) {
    throw fsError(error, 'read', display);
  }
}

/** A symlink is followed only when nobody but the caller could have put it there. */
async function refuseUntrustedLink(link: string, info: Stats, uid: number | undefined, shown: string): Promise<void> {
  if (uid === undefined) return;
  if (info.uid !== uid) {
    throw new UserError(`refusing to write through ${shown}: the symlink ${link} belongs to another user (uid ${info.uid})`, {
      hint: 'a link someone else planted could point anywhere; remove it, or write to a path you own',
    });
  }
  const dir = await stat(dirname(link));
  if ((dir.mode & 0o002) !== 0) {
    throw new UserError(`refusing to write through ${shown}: the symlink ${link} is in a world-writable directory`, {
      hint: 'any user can plant a link there; write to the file it points to, or to a path in a directory only you can write',
    });
  }
}

/**
 * The file the write replaces: the path itself, or the end of its symlink chain when every
 * link in it is trusted. It must be a regular file or not exist yet.
 */
async function writeTargetOf(path: string, uid: number | undefined, shown: string): Promise<string> {
  let current = resolve(path);
  for (let hop = 0; hop <= MAX_LINKS; hop += 1) {
    refuseSpecialTree(current, 'write', shown);
    let info: Stats;
    try {
      info = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw error;
    }
    if (info.isFile()) return current;
    if (info.isDirectory()) throw Object.assign(new Error(`${current} is a directory`), { code: 'EISDIR' });
    if (!info.isSymbolicLink()) throw notRegular('write', shown, `it is ${kindOf(info)}`);
    await refuseUntrustedLink(current, info, uid, shown);
    current = resolve(dirname(current), await readlink(current));
  }
  throw new UserError(`refusing to write ${shown}: more than ${MAX_LINKS} symlinks in a row`, { hint: 'write to a plain file path' });
}

export async function atomicWrite(path: string, content: string, options: AtomicWriteOptions): Promise<void> {
  try {
    await writeThrough(path, content, options);
  } catch (error) {
    throw fsError(error, 'write', options.display ?? path);
  }
}

async function writeThrough(path: string, content: string, options: AtomicWriteOptions): Promise<void> {
  const shown = options.display ?? path;
  const target = await writeTargetOf(path, 'uid' in options ? options.uid : process.getuid?.(), shown);
  const dir = dirname(target);
  await mkdir(dir, { recursive: true, ...(options.dirMode === undefined ? {} : { mode: options.dirMode }) });
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', options.mode);
  let renamed = false;
  try {
    await handle.chmod(options.mode);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
    await handle.close();
    if (options.expected !== undefined && (await readIfExists(target, shown)) !== options.expected) {
      throw new UserError(`${shown} changed on disk while ackl2 was working on it; nothing was written`, {
        hint: 'look at the change (another editor or process?), then rerun the same command',
      });
    }
    await rename(temp, target);
    renamed = true;
  } finally {
    if (!renamed) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
    }
  }
}
