import { describe, expect, it } from 'vitest';
import { parseEndpoint } from '../../src/cloud/session.js';
import { UserError } from '../../src/errors.js';

describe('parseEndpoint', () => {
  it('takes http URLs (an emulator) and https hosts (the cloud)', () => {
    expect(parseEndpoint('http://127.0.0.1:8700')).toEqual({ host: '127.0.0.1:8700', protocol: 'http', url: 'http://127.0.0.1:8700' });
    expect(parseEndpoint('http://127.0.0.1:8700/')).toMatchObject({ host: '127.0.0.1:8700', protocol: 'http' });
    expect(parseEndpoint('cs.cn-hangzhou.aliyuncs.com')).toEqual({ host: 'cs.cn-hangzhou.aliyuncs.com', protocol: 'https', url: 'https://cs.cn-hangzhou.aliyuncs.com' });
  });

  it('a bare loopback host (the form the SDKs take for an emulator) means plain http; other bare hosts https', () => {
    expect(parseEndpoint('127.0.0.1:8700')).toEqual({ host: '127.0.0.1:8700', protocol: 'http', url: 'http://127.0.0.1:8700' });
    expect(parseEndpoint('localhost:8700/')).toMatchObject({ host: 'localhost:8700', protocol: 'http' });
    expect(parseEndpoint('[::1]:8700')).toMatchObject({ host: '[::1]:8700', protocol: 'http' });
    expect(parseEndpoint('127.example.com:8700')).toMatchObject({ protocol: 'https' });
    expect(parseEndpoint('https://127.0.0.1:8700')).toMatchObject({ protocol: 'https' });
  });

  it('refuses what is not an origin, saying what to write', () => {
    for (const bad of ['ftp://x', 'http://h/path', 'http://user:pw@h', 'http://[::']) {
      const error = (() => {
        try {
          parseEndpoint(bad);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, bad).toBeInstanceOf(UserError);
      expect((error as UserError).hint).toContain('--endpoint http://127.0.0.1:8700');
    }
  });
});

