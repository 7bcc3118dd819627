/**
 * One V8 code cache for the files an online run requires from node_modules outside the
 * bundles (the SDKs' model files, the Darabonba runtime, httpx, debug...): Node 20 compiles
 * each from source on every run (no module.enableCompileCache before 22), 20 to 30 ms of CPU
 * for a create's 60-odd files. Stored in one file (code-cache.ts's format: key and digest
 * checked before V8 sees it), an entry per file keyed by its path and the CRC-32 of its
 * source, so an edited or upgraded file compiles from source and its entry is replaced.
 *
 * Only an optimisation, as the bundles' caches: missing, stale, rejected by V8 or unwritable,
 * a file compiles as Node would. A file the hook cannot run exactly as Node does (a hashbang,
 * a dynamic import(), source maps on) is left to Node.
 */

import Module, { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';
import { canWriteIn, readCodeCache, writeCodeCache } from './code-cache.js';

interface Entry {
  path: string;
  /** CRC-32 of the source as Node read it. */
  sum: number;
  data: Uint8Array;
}

/** The store's data: a line of JSON (`[[path, sum, length], ...]`), then the entries' caches one after another. */
export function decodeEntries(data: Buffer): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const end = data.indexOf(10);
  if (end < 0) return entries;
  try {
    const header = JSON.parse(data.subarray(0, end).toString('utf8')) as unknown;
    if (!Array.isArray(header)) return entries;
    let at = end + 1;
    for (const item of header) {
      if (!Array.isArray(item) || typeof item[0] !== 'string' || typeof item[1] !== 'number' || typeof item[2] !== 'number') return new Map();
      const [path, sum, length] = item as [string, number, number];
      if (at + length > data.length) return new Map();
      entries.set(path, { path, sum, data: data.subarray(at, at + length) });
      at += length;
    }
  } catch {
    return new Map();
  }
  return entries;
}

export function encodeEntries(entries: Iterable<Entry>): Buffer {
  const list = [...entries];
  const header = JSON.stringify(list.map(({ path, sum, data }) => [path, sum, data.length]));
  return Buffer.concat([Buffer.from(`${header}\n`, 'utf8'), ...list.map(({ data }) => data)]);
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
  const stored = decodeEntries(readCodeCache(file, key) ?? Buffer.alloc(0));
  const uncached = new Map<string, { sum: number; script: Script }>();
  type Compile = (this: Module, content: string, filename: string) => unknown;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  proto._compile = function (this: Module, content: string, filename: string) {
    if (!hookable(content, filename)) return original.call(this, content, filename);
    const sum = crc32(content);
    const entry = stored.get(filename);
    const cachedData = entry?.sum === sum ? entry.data : undefined;
    // Module.wrap keeps the file's lines (the wrapper opens its first one)
    const script = new Script(Module.wrap(content), { filename, cachedData });
    const used = cachedData !== undefined && !script.cachedDataRejected;
    stats.compiled++;
    if (used) stats.cached++;
    // an entry V8 took stays as it is; the others are serialized at the end of the run
    else uncached.set(filename, { sum, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    // Node's own require for the module, but for parent and cache bookkeeping, which module.require does
    const { resolve, main, extensions, cache } = createRequire(filename);
    const require = Object.assign((id: string) => this.require(id), { resolve, main, extensions, cache });
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  return {
    stats,
    uninstall: () => {
      proto._compile = original;
    },
    save: () => {
      if (uncached.size === 0 || !canWriteIn(dirname(file))) return;
      const entries = new Map(stored);
      for (const [path, { sum, script }] of uncached) entries.set(path, { path, sum, data: script.createCachedData() });
      writeCodeCache(file, key, encodeEntries(entries.values()));
    },
  };
}
