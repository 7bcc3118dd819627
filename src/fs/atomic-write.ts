/**
 * Writing a file so that nobody ever sees half of it: a private temp file in the same
 * directory, fsync, then rename over the target. The mode is set on the temp file before any
 * content is written, so a secret (a kubeconfig) is never readable by others, not even
 * briefly. A symlinked target (dotfiles) is written through, keeping the link. Optionally the
 * write is refused when the target changed since the caller read it.
 */

import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, realpath, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';

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
}

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

/** The file's text, or null when it does not exist. */
export async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fsError(error, 'read', path);
  }
}

async function targetOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw error;
  }
}

export async function atomicWrite(path: string, content: string, options: AtomicWriteOptions): Promise<void> {
  try {
    await writeThrough(path, content, options);
  } catch (error) {
    throw fsError(error, 'write', options.display ?? path);
  }
}

async function writeThrough(path: string, content: string, options: AtomicWriteOptions): Promise<void> {
  const target = await targetOf(path);
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
    if (options.expected !== undefined && (await readIfExists(target)) !== options.expected) {
      const shown = options.display ?? path;
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
