/**
 * The state file: atomic writes (temp file + rename, so a crash never leaves half a file), a
 * lock file so two emulators never share one state (a lock left by a dead process is taken
 * over), and a corrupt file is a clear error, never a silent reset.
 */

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { UserError, WorldLocked } from '../errors.js';
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
      try {
        const fd = openSync(this.lockPath, 'wx', 0o600);
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        this.locked = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number.parseInt(readFileSync(this.lockPath, 'utf8'), 10);
        if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) {
          throw new WorldLocked(this.path, holder, {
            hint: `stop that emulator, or give this one its own state file (--state); the lock is ${this.lockPath}`,
          });
        }
        unlinkSync(this.lockPath); // stale: its process is gone
      }
    }
    throw new UserError(`could not lock the emulator state file ${this.path}`, { hint: `remove ${this.lockPath} if no emulator is running` });
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
