/**
 * The built CLI runs its bundle with the V8 code cache the build wrote beside it
 * (src/code-cache.ts): a run uses it as it is, and a damaged one never fails a run nor adds
 * a word to its output; the run compiles from source and writes a good cache in its place.
 */

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertE2eProject, cleanEnv, CLI_PATH, REPO_ROOT } from '../helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'ackl2-e2e-code-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function validate(cli: string, nodeOptions?: string) {
  assertE2eProject();
  const result = spawnSync(process.execPath, [cli, 'validate', '-f', join(REPO_ROOT, 'profiles/quickstart.yaml')], {
    cwd: REPO_ROOT,
    env: cleanEnv({ HOME: scratch, NODE_OPTIONS: nodeOptions }),
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the built package, to damage: dist/ plus what it finds beside it. */
function copyOfBuild(): string {
  const root = mkdtempSync(join(scratch, 'package-'));
  cpSync(dirname(CLI_PATH), join(root, 'dist'), { recursive: true, dereference: false, filter: (from) => !/[\\/](node_modules|profiles|schema)$/.test(from) });
  writeFileSync(join(root, 'package.json'), readFileSync(join(REPO_ROOT, 'package.json')));
  for (const entry of ['node_modules', 'profiles', 'schema']) symlinkSync(join(REPO_ROOT, entry), join(root, entry));
  return join(root, 'dist', 'cli.js');
}

/** An online command (the SDKs loaded) against an in-process emulator. */
function online(cli: string) {
  assertE2eProject();
  const result = spawnSync(process.execPath, [cli, 'get', 'clusters', '--emulator', '--region', 'cn-hangzhou'], {
    cwd: REPO_ROOT,
    env: cleanEnv({ HOME: scratch, XDG_CACHE_HOME: mkdtempSync(join(scratch, 'cache-')) }),
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout };
}

const cacheOf = (cli: string) => join(dirname(cli), 'ackl2.cjs.cache');

describe('the code cache of the built CLI', () => {
  const reference = validate(CLI_PATH);

  it('is there after the build and a run takes it as it is (no rewrite)', () => {
    expect(reference.code, reference.stderr).toBe(0);
    const before = statSync(cacheOf(CLI_PATH));
    expect(validate(CLI_PATH)).toEqual(reference);
    expect(statSync(cacheOf(CLI_PATH)).ino).toBe(before.ino);
    expect(statSync(cacheOf(CLI_PATH)).mtimeMs).toBe(before.mtimeMs);
  });

  for (const [what, damage] of [
    ['truncated', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
    ['corrupt', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, bytes.length - 4096), Buffer.alloc(4096, 0x5a)])],
    ['foreign', () => Buffer.from('not a code cache\n')],
  ] as const) {
    it(`${what}: the run is the same, and leaves a good cache that the next run uses`, () => {
      const cli = copyOfBuild();
      writeFileSync(cacheOf(cli), damage(readFileSync(cacheOf(cli))));
      const damagedFile = statSync(cacheOf(cli)).ino;
      expect(validate(cli)).toEqual(reference);
      const rewritten = statSync(cacheOf(cli));
      expect(rewritten.ino).not.toBe(damagedFile);
      expect(validate(cli)).toEqual(reference);
      expect(statSync(cacheOf(cli)).ino).toBe(rewritten.ino);
    });
  }

  it('with --enable-source-maps, a run goes by the source map (no cache) with the same output', () => {
    expect(validate(CLI_PATH, '--enable-source-maps')).toEqual(reference);
  });
});

describe('the code cache of an SDK bundle (dist/sdk-cs.cjs, the ACK client)', () => {
  const sdkCacheOf = (cli: string) => join(dirname(cli), 'sdk-cs.cjs.cache');

  it('is written by the build and an online run takes it as it is (no rewrite)', () => {
    const before = statSync(sdkCacheOf(CLI_PATH));
    expect(online(CLI_PATH)).toEqual({ code: 0, stdout: 'no clusters in cn-hangzhou\n' });
    expect(statSync(sdkCacheOf(CLI_PATH)).ino).toBe(before.ino);
    expect(statSync(sdkCacheOf(CLI_PATH)).mtimeMs).toBe(before.mtimeMs);
  });

  it('damaged: the online run is the same, and leaves a good cache that the next run uses', () => {
    const cli = copyOfBuild();
    const bytes = readFileSync(sdkCacheOf(cli));
    writeFileSync(sdkCacheOf(cli), bytes.subarray(0, bytes.length >> 1));
    const damaged = statSync(sdkCacheOf(cli)).ino;
    expect(online(cli)).toEqual({ code: 0, stdout: 'no clusters in cn-hangzhou\n' });
    const rewritten = statSync(sdkCacheOf(cli));
    expect(rewritten.ino).not.toBe(damaged);
    expect(online(cli)).toEqual({ code: 0, stdout: 'no clusters in cn-hangzhou\n' });
    expect(statSync(sdkCacheOf(cli)).ino).toBe(rewritten.ino);
  });
});

describe("the online commands' code cache of the bundle (dist/ackl2.cjs.online.cache)", () => {
  const onlineCacheOf = (cli: string) => join(dirname(cli), 'ackl2.cjs.online.cache');

  it('is written by the build, taken as it is by an online run, and never read or written by validate', () => {
    const cli = copyOfBuild();
    const online1 = statSync(onlineCacheOf(cli));
    const offline = statSync(cacheOf(cli));
    expect(online(cli)).toEqual({ code: 0, stdout: 'no clusters in cn-hangzhou\n' });
    expect(validate(cli).code).toBe(0);
    for (const [file, before] of [[onlineCacheOf(cli), online1], [cacheOf(cli), offline]] as const) {
      expect(statSync(file).ino, file).toBe(before.ino);
      expect(statSync(file).mtimeMs, file).toBe(before.mtimeMs);
    }
    // missing, the online run writes it, and validate's stays as it was
    rmSync(onlineCacheOf(cli));
    expect(online(cli)).toEqual({ code: 0, stdout: 'no clusters in cn-hangzhou\n' });
    expect(statSync(onlineCacheOf(cli)).size).toBeGreaterThan(0);
    expect(statSync(cacheOf(cli)).mtimeMs).toBe(offline.mtimeMs);
  });
});

describe('the code cache of the files an online run requires from node_modules (dist/modules.cache)', () => {
  const modulesCacheOf = (cli: string) => join(dirname(cli), 'modules.cache');

  it('is written by the build; damaged or missing, the online run is the same and leaves one that the next run takes as it is', () => {
    expect(statSync(modulesCacheOf(CLI_PATH)).size).toBeGreaterThan(0);
    const cli = copyOfBuild();
    // cut inside its header (its second line): no entry can be found, the run compiles every file
    const cutInHeader = (bytes: Buffer) => bytes.subarray(0, (bytes.indexOf(10) + bytes.indexOf(10, bytes.indexOf(10) + 1)) >> 1);
    for (const damage of [cutInHeader, () => undefined]) {
      const bytes = damage(readFileSync(modulesCacheOf(cli)));
      if (bytes) writeFileSync(modulesCacheOf(cli), bytes);
      else rmSync(modulesCacheOf(cli));
      const damaged = bytes ? statSync(modulesCacheOf(cli)).ino : undefined;
      expect(online(cli)).toEqual({ code: 0, stdout: 'no clusters in cn-hangzhou\n' });
      const rewritten = statSync(modulesCacheOf(cli));
      expect(rewritten.ino).not.toBe(damaged);
      expect(online(cli)).toEqual({ code: 0, stdout: 'no clusters in cn-hangzhou\n' });
      expect(statSync(modulesCacheOf(cli)).ino).toBe(rewritten.ino);
      expect(statSync(modulesCacheOf(cli)).mtimeMs).toBe(rewritten.mtimeMs);
    }
  });
});
