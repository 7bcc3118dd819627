/**
 * One V8 code cache for the files an online run requires from node_modules outside the
 * bundles (the SDKs' model files, the Darabonba runtime, httpx, debug...): Node 20 compiles
 * each from source on every run (no module.enableCompileCache before 22), 20 to 30 ms of CPU
 * for a create's 60-odd files. Stored in one file, an entry per file keyed by its path and the
 * CRC-32 of its source, so an edited or upgraded file compiles from source and its entry is
 * replaced. A run reads the store's header and then only the entries of the files it compiles
 * (each checked by a CRC-32 of its own), not the whole store: that grows to about 1 MB once a
 * few commands have run, and reading and checking it whole cost every online run about 6 ms.
 *
 * Only an optimisation, as the bundles' caches: missing, stale, rejected by V8 or unwritable,
 * a file compiles as Node would. A file the hook cannot run exactly as Node does (a hashbang,
 * a dynamic import(), source maps on) is left to Node.
 */

import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';
import { canWriteIn, writeWhole } from './code-cache.js';

const MAGIC = 'ackl2-module-cache-2';

export interface Entry {
  path: string;
  /** CRC-32 of the source as Node read it. */
  sum: number;
  data: Uint8Array;
}

/** Where an entry's data is: `offset` bytes after the header, `length` long, `check` the CRC-32 of those bytes. */
interface Slot {
  sum: number;
  offset: number;
  length: number;
  check: number;
}

/**
 * The store: a line `MAGIC key`, a line of JSON `[[path, sum, offset, length, check], ...]`,
 * then the entries' data one after another.
 */
export function encodeStore(key: string, entries: Iterable<Entry>): Buffer {
  const list = [...entries];
  let offset = 0;
  const header = list.map(({ path, sum, data }) => {
    const slot = [path, sum, offset, data.length, crc32(data)];
    offset += data.length;
    return slot;
  });
  return Buffer.concat([Buffer.from(`${MAGIC} ${key}\n${JSON.stringify(header)}\n`, 'utf8'), ...list.map(({ data }) => data)]);
}

const whole = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/** The header's slots, or none when it is not one this code wrote (another format, key or a malformed line). */
function slotsOf(head: Buffer, firstEnd: number, secondEnd: number, key: string): Map<string, Slot> {
  const slots = new Map<string, Slot>();
  if (head.subarray(0, firstEnd).toString('utf8') !== `${MAGIC} ${key}`) return slots;
  try {
    const header = JSON.parse(head.subarray(firstEnd + 1, secondEnd).toString('utf8')) as unknown;
    if (!Array.isArray(header)) return slots;
    for (const item of header) {
      if (!Array.isArray(item) || item.length !== 5 || typeof item[0] !== 'string' || !item.slice(1).every(whole)) return new Map();
      const [path, sum, offset, length, check] = item as [string, number, number, number, number];
      slots.set(path, { sum, offset, length, check });
    }
  } catch {
    return new Map();
  }
  return slots;
}

/** An open store: its header read, an entry's data read when asked for. */
class StoreReader {
  private fd: number | undefined;
  private base = 0;
  private slots = new Map<string, Slot>();

  constructor(file: string, key: string) {
    try {
      this.fd = openSync(file, 'r');
      for (let head = Buffer.alloc(0), chunk = 64 * 1024; ; chunk *= 2) {
        const more = Buffer.allocUnsafe(chunk);
        const read = readSync(this.fd, more, 0, chunk, head.length);
        head = Buffer.concat([head, more.subarray(0, read)]);
        const firstEnd = head.indexOf(10);
        const secondEnd = firstEnd < 0 ? -1 : head.indexOf(10, firstEnd + 1);
        if (secondEnd >= 0) {
          this.slots = slotsOf(head, firstEnd, secondEnd, key);
          this.base = secondEnd + 1;
          break;
        }
        if (read < chunk) break;
      }
    } catch {
      this.slots.clear();
    }
    if (this.slots.size === 0) this.close();
  }

  /** The entry of `path` when it was stored for a source of this CRC and its data is intact. */
  data(path: string, sum: number): Uint8Array | undefined {
    const slot = this.slots.get(path);
    if (slot?.sum !== sum) return undefined;
    return this.read(slot);
  }

  /** Every intact entry. */
  entries(): Entry[] {
    const entries: Entry[] = [];
    for (const [path, slot] of this.slots) {
      const data = this.read(slot);
      if (data) entries.push({ path, sum: slot.sum, data });
    }
    return entries;
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // closed either way
    }
    this.fd = undefined;
  }

  private read(slot: Slot): Uint8Array | undefined {
    if (this.fd === undefined) return undefined;
    try {
      // a header that lies about a length fails here (no such buffer, or a short read)
      const data = Buffer.allocUnsafe(slot.length);
      if (readSync(this.fd, data, 0, slot.length, this.base + slot.offset) !== slot.length) return undefined;
      return crc32(data) === slot.check ? data : undefined;
    } catch {
      return undefined;
    }
  }
}

/** The intact entries of the store `file` for `key` (none when it is missing, foreign or another runtime's). */
export function readStore(file: string, key: string): Map<string, Entry> {
  const reader = new StoreReader(file, key);
  const entries = new Map(reader.entries().map((entry) => [entry.path, entry]));
  reader.close();
  return entries;
}

const NODE_MODULES = `${sep}node_modules${sep}`;

/** Whether the hook runs `content` exactly as Node's own loader would. */
const hookable = (content: string, filename: string) =>
  filename.includes(NODE_MODULES) && filename.endsWith('.js') && !content.startsWith('#!') && !content.includes('import(');

export interface ModuleCodeCache {
  /** Writes the store when a file compiled this run had no usable entry, with that file's code as run so far (call at exit). */
  save(): void;
  /** Files compiled this run, and how many of them took their cache. */
  readonly stats: { compiled: number; cached: number };
  /** Puts Node's own compile back (tests). */
  uninstall(): void;
}

/**
 * From now on, the CommonJS files required from node_modules compile with their entry of the
 * store `file` (for `key`, code-cache.ts's cacheKey) when it fits.
 */
export function installModuleCodeCache(file: string, key: string): ModuleCodeCache {
  const stats = { compiled: 0, cached: 0 };
  if (process.sourceMapsEnabled || typeof crc32 !== 'function') return { save: () => {}, stats, uninstall: () => {} };
  const store = new StoreReader(file, key);
  const uncached = new Map<string, { sum: number; script: Script }>();
  const requireIn = new Map<string, NodeJS.Require>();
  type Compile = (this: Module, content: string, filename: string) => unknown;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  proto._compile = function (this: Module, content: string, filename: string) {
    if (!hookable(content, filename)) return original.call(this, content, filename);
    const sum = crc32(content);
    const cachedData = store.data(filename, sum);
    // Module.wrap keeps the file's lines (the wrapper opens its first one)
    const script = new Script(Module.wrap(content), { filename, cachedData });
    const used = cachedData !== undefined && !script.cachedDataRejected;
    stats.compiled++;
    if (used) stats.cached++;
    // an entry V8 took stays as it is; the others are serialized at the end of the run
    else uncached.set(filename, { sum, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    // Node's own require for the module, but for parent and cache bookkeeping, which module.require does
    const dir = dirname(filename);
    // resolving from a file is resolving from its directory: one createRequire per directory (the models share one)
    let fromDir = requireIn.get(dir);
    if (!fromDir) requireIn.set(dir, (fromDir = createRequire(filename)));
    const { resolve, main, extensions, cache } = fromDir;
    const require = Object.assign((id: string) => this.require(id), { resolve, main, extensions, cache });
    return wrapper.call(this.exports, this.exports, require, this, filename, dir);
  };
  return {
    stats,
    uninstall: () => {
      proto._compile = original;
      store.close();
    },
    save: () => {
      store.close();
      if (uncached.size === 0 || !canWriteIn(dirname(file))) return;
      // The store as it is now (another run may have rewritten it since this one opened it),
      // without the files that are gone, and this run's entries.
      const entries = new Map([...readStore(file, key)].filter(([path]) => existsSync(path)));
      for (const [path, { sum, script }] of uncached) entries.set(path, { path, sum, data: script.createCachedData() });
      writeWhole(file, encodeStore(key, entries.values()));
    },
  };
}
