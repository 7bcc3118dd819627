/**
 * The atomic writer replaces regular files only: a FIFO, a device or /dev/stdout at the path
 * is refused, and a symlink another user could have planted is not followed.
 */

import { execFileSync } from 'node:child_process';
import { chmodSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { atomicWrite, readIfExists } from '../../src/fs/atomic-write.js';

const made: string[] = [];
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ackl2-write-safety-'));
  made.push(d);
  return d;
}
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

async function failureOf(promise: Promise<unknown>): Promise<UserError> {
  const failure = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(UserError);
  return failure as UserError;
}

/** A uid that is not the caller's and not root's. */
const OTHER_UID = (process.getuid?.() ?? 1000) === 4242 ? 4343 : 4242;

describe('atomicWrite refuses what is not a regular file', () => {
  it('a FIFO at the path stays a FIFO and is neither written nor read', async () => {
    const d = dir();
    const fifo = join(d, 'kubeconfig');
    execFileSync('mkfifo', [fifo]);
    const failure = await failureOf(atomicWrite(fifo, 'secret', { mode: 0o600 }));
    expect(failure.message).toBe(`refusing to write ${fifo}: it is a FIFO (named pipe); ackl2 writes regular files only`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(d)).toEqual(['kubeconfig']);
    // A read would block forever on a FIFO nobody writes to: refused without opening it for content.
    expect((await failureOf(readIfExists(fifo))).message).toContain('it is a FIFO (named pipe)');
  });

  it('a symlink to a FIFO is refused at the FIFO', async () => {
    const d = dir();
    execFileSync('mkfifo', [join(d, 'pipe')]);
    symlinkSync(join(d, 'pipe'), join(d, 'link'));
    const failure = await failureOf(atomicWrite(join(d, 'link'), 'secret', { mode: 0o600 }));
    expect(failure.message).toContain('it is a FIFO (named pipe)');
    expect(lstatSync(join(d, 'pipe')).isFIFO()).toBe(true);
    expect(lstatSync(join(d, 'link')).isSymbolicLink()).toBe(true);
  });

  it.each(['/dev/null', '/dev/stdout', '/proc/self/fd/1'])('%s is refused and left alone', async (path) => {
    const before = lstatSync(path);
    const failure = await failureOf(atomicWrite(path, 'secret', { mode: 0o600 }));
    expect(failure.message).toMatch(new RegExp(`^refusing to write ${path}: it is inside /(dev|proc); ackl2 writes regular files only$`));
    const after = lstatSync(path);
    expect(after.ino).toBe(before.ino);
    expect(after.mode).toBe(before.mode);
  });

  it('/dev/null and /proc files are never read', async () => {
    expect((await failureOf(readIfExists('/dev/null'))).message).toContain('it is inside /dev');
    expect((await failureOf(readIfExists('/proc/self/status'))).message).toContain('it is inside /proc');
  });
});

describe('atomicWrite follows only symlinks nobody else could have planted', () => {
  /** A sticky, world-writable shared directory like /tmp. */
  function sharedDir(): string {
    const d = join(dir(), 'shared');
    mkdirSync(d);
    chmodSync(d, 0o1777);
    return d;
  }

  it('a link in a sticky world-writable directory is not followed, whoever owns it', async () => {
    const shared = sharedDir();
    const victim = join(dir(), 'victim');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(shared, 'kubeconfig'));
    const failure = await failureOf(atomicWrite(join(shared, 'kubeconfig'), 'secret', { mode: 0o600 }));
    expect(failure.message).toBe(`refusing to write through ${join(shared, 'kubeconfig')}: the symlink ${join(shared, 'kubeconfig')} is in a world-writable directory`);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(join(shared, 'kubeconfig')).isSymbolicLink()).toBe(true);
  });

  it("a link owned by another user is not followed (the caller's uid injected)", async () => {
    const d = dir();
    const victim = join(d, 'victim');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(d, 'link'));
    const owner = lstatSync(join(d, 'link')).uid;
    const failure = await failureOf(atomicWrite(join(d, 'link'), 'secret', { mode: 0o600, uid: owner + 1 }));
    expect(failure.message).toBe(`refusing to write through ${join(d, 'link')}: the symlink ${join(d, 'link')} belongs to another user (uid ${owner})`);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it.runIf(process.getuid?.() === 0)('a link lchown-ed to another user is not followed', async () => {
    const d = dir();
    const victim = join(d, 'victim');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(d, 'link'));
    lchownSync(join(d, 'link'), OTHER_UID, OTHER_UID);
    const failure = await failureOf(atomicWrite(join(d, 'link'), 'secret', { mode: 0o600 }));
    expect(failure.message).toBe(`refusing to write through ${join(d, 'link')}: the symlink ${join(d, 'link')} belongs to another user (uid ${OTHER_UID})`);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('a link of ours in a private directory is still written through, the result mode 0600 next to its target', async () => {
    const d = dir();
    const real = join(d, 'real');
    writeFileSync(real, 'old');
    chmodSync(real, 0o644);
    symlinkSync(real, join(d, 'link'));
    await atomicWrite(join(d, 'link'), 'new', { mode: 0o600 });
    expect(readFileSync(real, 'utf8')).toBe('new');
    expect(statSync(real).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(d, 'link')).isSymbolicLink()).toBe(true);
    expect(readdirSync(d).sort()).toEqual(['link', 'real']);
  });
});
