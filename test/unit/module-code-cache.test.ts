import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { buildSync } from 'esbuild';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/code-cache.js';
import { encodeStore, installModuleCodeCache, readStore } from '../../src/module-code-cache.js';
import { cleanEnv } from '../helpers/cli.js';

const installed: { uninstall(): void }[] = [];
afterEach(() => {
  for (const hook of installed.splice(0)) hook.uninstall();
});
const scratch = mkdtempSync(join(tmpdir(), 'ackl2-module-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const KEY = cacheKey('node-modules-test');

// Each run in a process of its own: V8 reuses what this process compiled already, whatever the cache.
const hookFile = join(scratch, 'module-code-cache.cjs');
buildSync({ entryPoints: [fileURLToPath(new URL('../../src/module-code-cache.ts', import.meta.url))], bundle: true, platform: 'node', format: 'cjs', outfile: hookFile, logLevel: 'error' });
const CHILD = `const { installModuleCodeCache } = require(${JSON.stringify(hookFile)});
const [dir, store, key] = process.argv.slice(2);
const hook = installModuleCodeCache(store, key);
const a = require(require('path').join(dir, 'a.js'));
const result = { answer: a.answer(), resolved: a.resolved, sameCache: a.sameCache, stats: { ...hook.stats } };
hook.save();
process.stdout.write(JSON.stringify(result));`;

/** A package in node_modules: a.js requires b.js; and a file outside node_modules. */
function fakePackage() {
  const root = mkdtempSync(join(scratch, 'package-'));
  const dir = join(root, 'node_modules', 'pkg');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'a.js'), '"use strict";\nconst b = require("./b");\nexports.answer = () => b.value * 2;\nexports.resolved = require.resolve("./b");\nexports.sameCache = require.cache === require("module")._cache && module.children.length === 1;\n');
  writeFileSync(join(dir, 'b.js'), '"use strict";\nexports.value = 21;\n');
  writeFileSync(join(root, 'own.js'), 'exports.own = true;\n');
  writeFileSync(join(root, 'child.cjs'), CHILD);
  return { root, dir, store: join(root, 'modules.cache') };
}

/** One run: the hook installed, `a.js` required, the store saved as at exit. */
function run(dir: string, store: string) {
  const child = spawnSync(process.execPath, [join(dir, '..', '..', 'child.cjs'), dir, store, KEY], { encoding: 'utf8', env: cleanEnv() });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as { answer: number; resolved: string; sameCache: boolean; stats: { compiled: number; cached: number } };
}

/** The store `bytes` with its JSON line replaced. */
function withHeader(bytes: Buffer, header: string): Buffer {
  const firstEnd = bytes.indexOf(10);
  return Buffer.concat([bytes.subarray(0, firstEnd + 1), Buffer.from(`${header}\n`), bytes.subarray(bytes.indexOf(10, firstEnd + 1) + 1)]);
}

describe('the code cache of the files required from node_modules', () => {
  it('a first run compiles from source and writes the store; the next takes every file from it and writes nothing', () => {
    const { dir, store } = fakePackage();
    const first = run(dir, store);
    expect(first).toEqual({ answer: 42, resolved: join(dir, 'b.js'), sameCache: true, stats: { compiled: 2, cached: 0 } });
    const written = statSync(store);
    expect([...readStore(store, KEY).keys()].sort()).toEqual([join(dir, 'a.js'), join(dir, 'b.js')]);
    const second = run(dir, store);
    expect(second).toEqual({ ...first, stats: { compiled: 2, cached: 2 } });
    expect(statSync(store).mtimeMs).toBe(written.mtimeMs);
    expect(statSync(store).ino).toBe(written.ino);
  });

  it('a file changed since compiles from its new source, and its entry is replaced', () => {
    const { dir, store } = fakePackage();
    run(dir, store);
    writeFileSync(join(dir, 'b.js'), '"use strict";\nexports.value = 50;\n');
    expect(run(dir, store)).toMatchObject({ answer: 100, stats: { compiled: 2, cached: 1 } });
    expect(run(dir, store)).toMatchObject({ answer: 100, stats: { compiled: 2, cached: 2 } });
  });

  it.each([
    ['missing', () => undefined],
    ['foreign', (store: string) => writeFileSync(store, 'not a cache\n')],
    ['with a header that lies about where an entry is', (store: string) => writeFileSync(store, withHeader(encodeStore(KEY, []), '[["/x/node_modules/a.js",1,0,999,0]]'))],
    ['with a header that gives an entry no buffer could hold', (store: string) => {
      const a = join(dirname(store), 'node_modules', 'pkg', 'a.js');
      writeFileSync(store, withHeader(encodeStore(KEY, []), JSON.stringify([[a, crc32(readFileSync(a, 'utf8')), 0, 2 ** 52, 0]])));
    }],
    ['cut short in its header', (store: string) => writeFileSync(store, encodeStore(KEY, []).subarray(0, 10))],
    ['with an entry of another shape for a file the run compiles', (store: string) => {
      const a = join(dirname(store), 'node_modules', 'pkg', 'a.js');
      writeFileSync(store, withHeader(encodeStore(KEY, []), JSON.stringify([[a, crc32(readFileSync(a, 'utf8')), 0]])));
    }],
    ['for another runtime', (store: string) => writeFileSync(store, encodeStore(cacheKey('other'), []))],
  ])('a store %s: the run is the same, and leaves one the next run takes', (_what, damage) => {
    const { dir, store } = fakePackage();
    damage(store);
    expect(run(dir, store)).toMatchObject({ answer: 42, stats: { compiled: 2, cached: 0 } });
    expect(run(dir, store)).toMatchObject({ answer: 42, stats: { compiled: 2, cached: 2 } });
  });

  it('V8 refusing an entry (another source of the same CRC cannot be made, so: corrupt data) compiles from source', () => {
    const { dir, store } = fakePackage();
    run(dir, store);
    const entries = readStore(store, KEY);
    for (const entry of entries.values()) entry.data = Buffer.alloc(entry.data.length, 0x5a);
    writeFileSync(store, encodeStore(KEY, entries.values()));
    expect(run(dir, store)).toMatchObject({ answer: 42, stats: { compiled: 2, cached: 0 } });
    expect(run(dir, store)).toMatchObject({ stats: { compiled: 2, cached: 2 } });
  });

  it('an entry damaged on disk (its CRC-32 no longer matches) is not given to V8: that file compiles from source, the other keeps its entry', () => {
    const { dir, store } = fakePackage();
    run(dir, store);
    const bytes = readFileSync(store);
    // the last byte belongs to the last entry written
    bytes[bytes.length - 1] = bytes.at(-1)! ^ 0xff;
    writeFileSync(store, bytes);
    expect(readStore(store, KEY).size).toBe(1);
    expect(run(dir, store)).toMatchObject({ answer: 42, stats: { compiled: 2, cached: 1 } });
    expect(run(dir, store)).toMatchObject({ stats: { compiled: 2, cached: 2 } });
  });

  it('a rewrite keeps what another run wrote since this one started, and drops the entries of files that are gone', () => {
    const { dir, store } = fakePackage();
    run(dir, store);
    // another package's files, written to the store by another run while this one ran
    const other = fakePackage();
    run(other.dir, other.store);
    const theirs = readStore(other.store, KEY);
    const hook = installModuleCodeCache(store, KEY);
    installed.push(hook);
    writeFileSync(store, encodeStore(KEY, [...readStore(store, KEY).values(), ...theirs.values()]));
    rmSync(join(other.dir, 'b.js'));
    writeFileSync(join(dir, 'c.js'), 'exports.c = 3;\n');
    expect((createRequire(join(dir, 'c.js'))(join(dir, 'c.js')) as { c: number }).c).toBe(3);
    hook.save();
    expect([...readStore(store, KEY).keys()].sort()).toEqual([join(dir, 'a.js'), join(dir, 'b.js'), join(dir, 'c.js'), join(other.dir, 'a.js')].sort());
  });

  it('leaves files outside node_modules to Node', () => {
    const { root, store } = fakePackage();
    const hook = installModuleCodeCache(store, KEY);
    installed.push(hook);
    expect((createRequire(join(root, 'own.js'))(join(root, 'own.js')) as { own: boolean }).own).toBe(true);
    expect(hook.stats.compiled).toBe(0);
  });
});
