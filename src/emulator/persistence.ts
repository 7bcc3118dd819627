/**
 * The state file: atomic writes (temp file + rename, so a crash never leaves half a file), a
 * lock file so two emulators never share one state (a lock left by a dead process is taken
 * over), and a corrupt file is a clear error, never a silent reset.
 */

import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import { sleep } from '../cloud/sleep.js';
import { UserError } from '../errors.js';
import type { EmulatorState } from './state.js';
import { worldSchema } from './world.js';

const record = z.record(z.string(), z.looseObject({}));
const stateFileSchema = z.looseObject({
  version: z.literal(1),
  created: z.number(),
  world: worldSchema,
  clusters: record,
  nodePools: record,
  nodes: record,
  tasks: record,
  instances: record,
  autoscalingConfigs: record,
  ipCursor: z.record(z.string(), z.number()),
  idSeed: z.number(),
});

/** The state file is held by another live emulator (its pid in `holder`). */
export class StateFileLocked extends UserError {
  constructor(
    readonly statePath: string,
    readonly lockPath: string,
    readonly holder: number,
  ) {
    super(`the emulator state file ${statePath} is in use by another emulator (pid ${holder})`, {
      hint: `stop that emulator, or give this one its own state file (--state); the lock is ${lockPath}`,
    });
  }
}

export interface LockWait {
  /** Called once, when the lock is found held: who holds it. */
  onWait?: (holder: number) => void;
  /** Stops the wait (the signal's reason is thrown). */
  signal?: AbortSignal | undefined;
  /** Gap between attempts. Default 200 ms. */
  pollMs?: number;
}

export class StateFile {
  private locked = false;

  constructor(readonly path: string) {}

  get lockPath(): string {
    return `${this.path}.lock`;
  }

  /** Take the lock or fail with who holds it. */
  lock(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      // Written whole, then linked into place: a reader never sees a half-written lock.
      const temp = `${this.lockPath}.${process.pid}.tmp`;
      writeFileSync(temp, `${process.pid}\n`, { mode: 0o600 });
      try {
        linkSync(temp, this.lockPath);
        this.locked = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(this.lockPath);
        if (holder === 'gone') continue; // released between the two calls
        if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) throw new StateFileLocked(this.path, this.lockPath, holder);
        unlinkSync(this.lockPath); // stale: its process is gone
      } finally {
        unlinkSync(temp);
      }
    }
    throw new UserError(`could not lock the emulator state file ${this.path}`, { hint: `remove ${this.lockPath} if no emulator is running` });
  }

  /** Take the lock, waiting while a live emulator holds it (a dead holder's lock is taken over). */
  async lockWhenFree(wait: LockWait = {}): Promise<void> {
    let told = false;
    for (;;) {
      try {
        this.lock();
        return;
      } catch (error) {
        if (!(error instanceof StateFileLocked)) throw error;
        if (!told) wait.onWait?.(error.holder);
        told = true;
      }
      await sleep(wait.pollMs ?? 200, wait.signal);
    }
  }

  unlock(): void {
    if (!this.locked) return;
    this.locked = false;
    try {
      unlinkSync(this.lockPath);
    } catch {
      // already gone
    }
  }

  /** The saved state, undefined when the file does not exist yet. */
  load(): EmulatorState | undefined {
    if (!existsSync(this.path)) return undefined;
    const text = readFileSync(this.path, 'utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw corrupt(this.path, `not valid JSON (${(error as Error).message})`);
    }
    const parsed = stateFileSchema.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw corrupt(this.path, `${first?.path.join('.') || '(root)'}: ${first?.message ?? 'unexpected shape'}`);
    }
    return parsed.data as unknown as EmulatorState;
  }

  save(state: EmulatorState): void {
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
    renameSync(temp, this.path);
  }
}

function readHolder(lockPath: string): number | 'gone' {
  try {
    return Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
}

function corrupt(path: string, detail: string): UserError {
  return new UserError(`the emulator state file ${path} is corrupt: ${detail}`, {
    hint: 'it was left as it is; move it away (or pass another --state file) to start from a fresh world',
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * A killed emulator whose parent is gone can linger as a zombie where nothing reaps it (a
 * container without an init): signal 0 still reaches it, but it holds nothing any more.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}
