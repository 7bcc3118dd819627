import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/cloud/redact.js';

describe('Redactor', () => {
  it('masks registered secrets wherever they appear', () => {
    const r = new Redactor();
    r.add('AbCdEfSecret');
    expect(r.redact('key AbCdEfSecret and again AbCdEfSecret')).toBe('key *** and again ***');
  });

  it('masks Authorization headers, signatures and secret-named fields', () => {
    const r = new Redactor();
    const text = r.redact(
      'Authorization: ACS3-HMAC-SHA256 Credential=LTAI5t,SignedHeaders=host,Signature=abcdef0123 {"login_password":"p4ss","accessKeySecret":"s3cr3t"} password=hunter2',
    );
    expect(text).not.toMatch(/abcdef0123|p4ss|s3cr3t|hunter2/);
  });

  it('ignores values too short to be secrets', () => {
    const r = new Redactor();
    r.add('ab');
    expect(r.redact('ab cd')).toBe('ab cd');
  });
});
