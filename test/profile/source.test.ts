import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>();
  return {
    ...original,
    // Tests run as root, for whom chmod 000 does not stop a read: simulate the kernel's answer.
    openSync: vi.fn((path: Parameters<typeof original.openSync>[0], ...rest: unknown[]) => {
      if (String(path).endsWith('unreadable.yaml')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return (original.openSync as (...args: unknown[]) => unknown)(path, ...rest);
    }),
  };
});

// Another test file of this worker may have loaded source.js with the real node:fs (the unit
// project shares modules between files): load it afresh, on the mock.
vi.resetModules();
const { decodeUtf8, firstInvalidUtf8, MAX_PROFILE_BYTES, readProfileText } = await import('../../src/profile/source.js');

const dir = mkdtempSync(join(tmpdir(), 'ackl2-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('firstInvalidUtf8', () => {
  it('accepts ASCII, accents, CJK and emoji', () => {
    expect(firstInvalidUtf8(Buffer.from('name: café 中文 🚀\n'))).toBe(-1);
  });

  it.each([
    ['a Latin-1 byte', [0x61, 0xe9, 0x62], 1],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong encoding', [0xc0, 0x80], 0],
    ['an overlong three-byte encoding', [0xe0, 0x80, 0x80], 0],
    ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a sequence cut off at the end', [0x61, 0xe4, 0xb8], 1],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
  ])('finds %s', (_what, bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });
});

describe('decodeUtf8', () => {
  it('locates the bad byte by line and character column', () => {
    const result = decodeUtf8(Buffer.concat([Buffer.from('a: 1\nb: 中文 '), Buffer.from([0xff]), Buffer.from('\n')]), 'x.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issue.location).toEqual({ file: 'x.yaml', line: 2, col: 7 });
  });

  it('refuses UTF-16 and NUL bytes, and drops a UTF-8 BOM', () => {
    const utf16 = decodeUtf8(Buffer.from('\ufeffa: 1', 'utf16le'), 'x.yaml');
    expect(!utf16.ok && utf16.issue.message).toContain('UTF-16');
    const nul = decodeUtf8(Buffer.from('a: 1\n\0'), 'x.yaml');
    expect(!nul.ok && nul.issue.location).toEqual({ file: 'x.yaml', line: 2, col: 1 });
    const bom = decodeUtf8(Buffer.from('\ufeffa: 1'), 'x.yaml');
    expect(bom.ok && bom.text).toBe('a: 1');
  });
});

describe('readProfileText', () => {
  it('says "permission denied" for an unreadable file', async () => {
    const path = join(dir, 'unreadable.yaml');
    writeFileSync(path, 'a: 1\n');
    const result = await readProfileText(path, 'unreadable.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issue.message).toBe('cannot read unreadable.yaml: permission denied');
      expect(result.issue.hint).toContain('chmod');
      expect(result.issue.location).toEqual({ file: 'unreadable.yaml', line: 1, col: 1 });
    }
  });

  it('refuses a file too large to be a profile without reading it', async () => {
    const path = join(dir, 'huge.yaml');
    writeFileSync(path, Buffer.alloc(MAX_PROFILE_BYTES + 1, 0x61));
    const result = await readProfileText(path, 'huge.yaml');
    expect(!result.ok && result.issue.message).toContain('a profile is at most');
  });

  it('locates a missing base at the extends entry that names it', async () => {
    const namedAt = { file: 'child.yaml', line: 3, col: 5 };
    const result = await readProfileText(join(dir, 'absent.yaml'), 'absent.yaml', namedAt);
    expect(!result.ok && result.issue).toMatchObject({ path: ['extends'], message: 'base profile absent.yaml not found', location: namedAt });
  });

  it('refuses a FIFO unread (a read would block forever)', async () => {
    const path = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [path]);
    const result = await readProfileText(path, 'pipe.yaml');
    expect(!result.ok && result.issue.message).toBe('pipe.yaml is a FIFO (named pipe), not a regular file');
  });

  it.each([
    ['/proc/self/environ', '/proc'],
    ['/dev/stdin', '/dev'],
    ['/dev/zero', '/dev'],
  ])('never reads %s', async (path, tree) => {
    const result = await readProfileText(path, path, { file: 'child.yaml', line: 1, col: 11 });
    expect(!result.ok && result.issue).toMatchObject({ message: `base profile ${path} is inside ${tree}, not a profile file`, location: { file: 'child.yaml', line: 1, col: 11 } });
  });

  it('never reads /proc through a symlink either', async () => {
    const link = join(dir, 'innocent.yaml');
    symlinkSync('/proc/self/environ', link);
    const result = await readProfileText(link, 'innocent.yaml');
    expect(!result.ok && result.issue.message).toBe('innocent.yaml is inside /proc, not a profile file');
  });
});
