/**
 * Runs a CommonJS bundle with V8's code cache: the bytecode of its top level and of every
 * function the run needed, saved by an earlier run, so a start-up skips parsing and compiling
 * them (docs/BENCHMARKS.md "Start-up"). ES modules cannot use one on Node 20, which is why the
 * CLI is built as one CommonJS bundle behind a small loader (scripts/build.mjs, src/cli.ts).
 *
 * The cache is only ever an optimisation: missing, stale (another bundle, another Node),
 * foreign, truncated, corrupt or unwritable, it is ignored and the bundle compiles from source,
 * silently. V8 checks its own version and flags but of the source only the length, so the
 * file carries a key (the bundle's content hash, Node's version and architecture) and a digest
 * of the data, both checked before V8 sees it.
 */

import { accessSync, constants as fsConstants, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

const MAGIC = 'ackl2-code-cache-1';

// CRC-32 (native, well under a millisecond for the cache; node:crypto would load 17 more modules
// at start-up). Node before 20.15 has none: there the cache is neither read nor written.
const digest = (data: Uint8Array): string | undefined => (typeof crc32 === 'function' ? crc32(data).toString(16) : undefined);

/**
 * The first words of the commands that call the cloud (src/commands/registry.ts). Their runs
 * take the main bundle's cache recorded from an online run, the others the one recorded from
 * `validate`: a cache holds what its run compiled, and deserializing the larger online one
 * made `validate` about 8 ms slower. A command missing here only runs with the other cache.
 */
export const ONLINE_COMMANDS: ReadonlySet<string> = new Set(['create', 'diff', 'apply', 'nodepool', 'join', 'get', 'delete', 'kubeconfig', 'pin', 'images']);

/** The global options that take a value as the next argument (src/main.ts; a unit test holds the two together). */
export const GLOBAL_OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set(['--region', '--profile', '--endpoint', '--emulator-catalog', '-o', '--output']);

/** The main bundle's cache file for a run with these arguments (`process.argv.slice(2)`). */
export function bundleCacheFor(bundle: string, args: readonly string[]): string {
  const command = args.find((arg, i) => !arg.startsWith('-') && !GLOBAL_OPTIONS_WITH_VALUE.has(args[i - 1] ?? ''));
  return command !== undefined && ONLINE_COMMANDS.has(command) ? `${bundle}.online.cache` : `${bundle}.cache`;
}

/** What identifies a cache as this bundle's on this runtime. */
export const cacheKey = (bundleId: string): string => `${bundleId} node-${process.version} ${process.arch}`;

/** The cache's data when the file holds one for `key`, intact; otherwise undefined. */
export function readCodeCache(file: string, key: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const end = bytes.indexOf(10);
  if (end < 0) return undefined;
  const [magic, sum, ...rest] = bytes.subarray(0, end).toString('latin1').split(' ');
  if (magic !== MAGIC || rest.join(' ') !== key) return undefined;
  const data = bytes.subarray(end + 1);
  return data.length > 0 && sum !== undefined && digest(data) === sum ? data : undefined;
}

/** Writes the cache whole or not at all (writeWhole); false when it could not. */
export function writeCodeCache(file: string, key: string, data: Uint8Array): boolean {
  const sum = digest(data);
  if (sum === undefined) return false;
  return writeWhole(file, Buffer.concat([Buffer.from(`${MAGIC} ${sum} ${key}\n`, 'latin1'), data]));
}

/** Writes `bytes` to `file` whole or not at all (a sibling file renamed over it); false when it could not. */
export function writeWhole(file: string, bytes: Uint8Array): boolean {
  const partial = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, bytes);
    renameSync(partial, file);
    return true;
  } catch {
    try {
      rmSync(partial, { force: true });
    } catch {
      // nothing was written there either
    }
    return false;
  }
}

/** An installed package's directory is often read-only: then the run need not serialize a cache it cannot keep. */
export function canWriteIn(dir: string): boolean {
  try {
    accessSync(dir, fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export interface LoadedBundle {
  /** The bundle's `module.exports`. */
  readonly exports: Record<string, unknown>;
  /** Whether V8 took the cache (false: there was none, or it did not fit). */
  readonly cacheUsed: boolean;
  /** Saves the code compiled so far (call after the run, so what it compiled lazily is in) when the cache was not used. */
  saveIfNotUsed(): void;
}

/**
 * Loads the CommonJS `bundle` (ASCII only) as Node would (`require`, `module`, `__filename`, stack traces
 * pointing into the file), with the code cache at `cacheFile` when it fits. Node applies source
 * maps (`--enable-source-maps`) to required files only, so such a run requires it, uncached.
 */
export function loadBundle(bundle: string, cacheFile: string, key: string): LoadedBundle {
  if (process.sourceMapsEnabled) return { exports: createRequire(bundle)(bundle) as Record<string, unknown>, cacheUsed: false, saveIfNotUsed: () => {} };
  // The build writes an ASCII-only bundle, which latin1 reads exactly, without UTF-8 decoding.
  const source = readFileSync(bundle, 'latin1');
  const cachedData = readCodeCache(cacheFile, key);
  // The wrapper takes a line of its own, lineOffset -1 gives the bundle's lines and columns.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: bundle,
    lineOffset: -1,
    cachedData,
  });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as Record<string, unknown>, filename: bundle };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return {
    exports: module.exports,
    cacheUsed,
    saveIfNotUsed: () => {
      if (!cacheUsed && canWriteIn(dirname(cacheFile))) writeCodeCache(cacheFile, key, script.createCachedData());
    },
  };
}
