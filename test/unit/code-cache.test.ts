/**
 * The V8 code cache of the CLI's bundle (src/code-cache.ts): a fitting cache is used, and a
 * missing, stale, foreign, truncated, corrupt or unwritable one is ignored, the bundle then
 * compiling from source with the same behaviour.
 */

import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleCacheFor, cacheKey, GLOBAL_OPTIONS_WITH_VALUE, loadBundle, ONLINE_COMMANDS, readCodeCache, writeCodeCache } from '../../src/code-cache.js';

let dir: string;
let bundle: string;
let cache: string;
const key = cacheKey('bundle-a');

const SOURCE = [
  "'use strict';",
  "const dep = require('./dep.cjs');",
  'exports.answer = function answer(n) { return dep.double(n) + 2; };',
  "exports.fail = function fail() { throw new Error('from the bundle'); };",
  'exports.where = () => [__filename, __dirname, module.filename];',
  '',
].join('\n');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ackl2-code-cache-'));
  bundle = join(dir, 'bundle.cjs');
  cache = `${bundle}.cache`;
  writeFileSync(bundle, SOURCE);
  writeFileSync(join(dir, 'dep.cjs'), 'exports.double = (n) => n * 2;\n');
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

/** Loads the bundle, runs it and saves its cache as the CLI does; returns whether the cache was used. */
function run(k = key): boolean {
  const loaded = loadBundle(bundle, cache, k);
  expect((loaded.exports.answer as (n: number) => number)(20)).toBe(42);
  loaded.saveIfNotUsed();
  return loaded.cacheUsed;
}

describe('the code cache of a bundle', () => {
  it('is written by a run without one and used by the next', () => {
    expect(run()).toBe(false);
    expect(existsSync(cache)).toBe(true);
    expect(run()).toBe(true);
    expect(run()).toBe(true);
  });

  it('loads the bundle as CommonJS: require beside it, __filename, stack traces at its own lines and columns', () => {
    run();
    const loaded = loadBundle(bundle, cache, key);
    expect(loaded.cacheUsed).toBe(true);
    expect((loaded.exports.where as () => string[])()).toEqual([bundle, dir, bundle]);
    const error = (() => {
      try {
        (loaded.exports.fail as () => void)();
      } catch (e) {
        return e as Error;
      }
    })();
    const column = SOURCE.split('\n')[3]!.indexOf('new Error') + 1;
    expect(error?.stack).toContain(`${bundle}:4:${column}`);
  });

  it('is ignored when it was made for another bundle or another Node (the key), then rewritten', () => {
    run(cacheKey('bundle-old'));
    expect(readCodeCache(cache, key)).toBeUndefined();
    expect(run()).toBe(false);
    expect(run()).toBe(true);
  });

  it('is ignored when V8 rejects it: the data of another script under the right key', () => {
    run();
    writeFileSync(bundle, SOURCE.replace('+ 2', '+ 2 + 0 * 1 ').replace("'use strict';", "'use strict';;"));
    // The key still matches (the same bundle id), the source does not: V8 must say no.
    const loaded = loadBundle(bundle, cache, key);
    expect(loaded.cacheUsed).toBe(false);
    expect((loaded.exports.answer as (n: number) => number)(20)).toBe(42);
  });

  it('is ignored when truncated, corrupt, foreign or empty', () => {
    run();
    const good = readFileSync(cache);
    const damaged = Buffer.from(good);
    damaged[damaged.length - 10] = damaged.at(-10)! ^ 0xff;
    const cases: [string, Buffer][] = [
      ['truncated', good.subarray(0, good.length - 100)],
      ['header only', good.subarray(0, good.indexOf(10) + 1)],
      ['a flipped byte', damaged],
      ['foreign', Buffer.from('{"not": "a cache"}\n')],
      ['empty', Buffer.alloc(0)],
    ];
    for (const [what, bytes] of cases) {
      writeFileSync(cache, bytes);
      expect(readCodeCache(cache, key), what).toBeUndefined();
      expect(run(), what).toBe(false);
      expect(readCodeCache(cache, key), `${what}: rewritten`).toBeDefined();
    }
  });

  it('is not needed: a directory that cannot be written leaves the run as it is, with no partial file', () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: a path under a file cannot be written by anyone
      const blocked = join(dir, 'dep.cjs', 'bundle.cjs.cache');
      expect(writeCodeCache(blocked, key, Buffer.from('data'))).toBe(false);
      const loaded = loadBundle(bundle, blocked, key);
      expect(() => loaded.saveIfNotUsed()).not.toThrow();
    } else {
      chmodSync(dir, 0o555);
      expect(run()).toBe(false);
      expect(existsSync(cache)).toBe(false);
    }
    expect(readdirSync(dir).sort()).toEqual(['bundle.cjs', 'dep.cjs']);
  });

  it('writes the file whole: the key and a digest ahead of the data', () => {
    const data = Buffer.from('some bytecode');
    mkdirSync(join(dir, 'sub'));
    const file = join(dir, 'sub', 'x.cache');
    expect(writeCodeCache(file, key, data)).toBe(true);
    expect(readCodeCache(file, key)).toEqual(data);
    expect(readCodeCache(file, cacheKey('bundle-b'))).toBeUndefined();
    expect(readdirSync(join(dir, 'sub'))).toEqual(['x.cache']);
  });
});

describe("the main bundle's cache for a run", () => {
  it('is the online one for a command that calls the cloud, whatever options come first, and the offline one else', () => {
    expect(bundleCacheFor('/d/ackl2.cjs', ['create', '-f', 'p.yaml'])).toBe('/d/ackl2.cjs.online.cache');
    expect(bundleCacheFor('/d/ackl2.cjs', ['--no-color', 'get', 'clusters'])).toBe('/d/ackl2.cjs.online.cache');
    // a global option's value is not the command
    expect(bundleCacheFor('/d/ackl2.cjs', ['--region', 'cn-hangzhou', '-o', 'json', 'get', 'clusters'])).toBe('/d/ackl2.cjs.online.cache');
    expect(bundleCacheFor('/d/ackl2.cjs', ['--output=json', 'apply', '-f', 'p.yaml'])).toBe('/d/ackl2.cjs.online.cache');
    expect(bundleCacheFor('/d/ackl2.cjs', ['--region', 'create', 'validate'])).toBe('/d/ackl2.cjs.cache');
    for (const args of [['validate', '-f', 'p.yaml'], ['plan'], ['schema'], ['--help'], [], ['emulator']]) {
      expect(bundleCacheFor('/d/ackl2.cjs', args), args.join(' ')).toBe('/d/ackl2.cjs.cache');
    }
  });

  it('knows every global option that takes a value', async () => {
    const { buildProgram } = await import('../../src/main.js');
    const program = buildProgram([], async () => {});
    const withValue = program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.short, o.long].filter((f): f is string => f !== undefined));
    expect([...GLOBAL_OPTIONS_WITH_VALUE].sort()).toEqual(withValue.sort());
  });

  it('names only commands there are, and every command that loads the cloud session', async () => {
    const { COMMANDS } = await import('../../src/commands/registry.js');
    const firstWords = new Set(COMMANDS.map((c) => c.name.split(' ')[0]!));
    for (const name of ONLINE_COMMANDS) expect(firstWords, name).toContain(name);
    const commands = join(fileURLToPath(new URL('../../src/commands', import.meta.url)));
    for (const { name } of COMMANDS) {
      const file = join(commands, `${name.replace(' ', '-')}.ts`);
      // a command whose file is named otherwise must fail here, not pass unread
      expect(existsSync(file), file).toBe(true);
      const source = readFileSync(file, 'utf8');
      if (/from '\.\/(online|run-apply)\.js'/.test(source)) expect(ONLINE_COMMANDS, name).toContain(name.split(' ')[0]);
    }
  });
});
