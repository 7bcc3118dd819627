import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  isExactVersion,
  isMinorVersion,
  kubernetesMinor,
  minorOf,
  newestPatch,
  parseVersion,
  resolveVersion,
  type VersionOffer,
} from '../../src/versions.js';

const offers: VersionOffer[] = [
  { version: '1.30.1-aliyun.1', creatable: true, imageTypes: ['AliyunLinux', 'AliyunLinux3'] },
  { version: '1.30.7-aliyun.1', creatable: true, imageTypes: ['AliyunLinux3'] },
  { version: '1.30.9-aliyun.1', creatable: false, imageTypes: ['AliyunLinux', 'AliyunLinux3'] },
  { version: '1.3.0-aliyun.1', creatable: true, imageTypes: ['AliyunLinux'] },
];
const self = (o: VersionOffer) => o;

describe('the version model', () => {
  it('orders versions numerically, a prefix first', () => {
    expect(['1.30.10-aliyun.1', '1.30.7-aliyun.1', '1.9.1-aliyun.1', '1.30.7-aliyun.2', '1.30'].sort(compareVersions)).toEqual([
      '1.9.1-aliyun.1',
      '1.30',
      '1.30.7-aliyun.1',
      '1.30.7-aliyun.2',
      '1.30.10-aliyun.1',
    ]);
    expect(compareVersions('4.19', '5.10')).toBeLessThan(0);
    expect(compareVersions('5.10', '4.19')).toBeGreaterThan(0);
    expect(compareVersions('4.19', '4.19')).toBe(0);
  });

  it('parses minors and exact ACK versions, nothing else', () => {
    expect(parseVersion('1.30.7-aliyun.2')).toEqual({ major: 1, minor: 30, patch: 7, build: 2 });
    expect(parseVersion('1.34')).toEqual({ major: 1, minor: 34, patch: undefined, build: undefined });
    expect(parseVersion('1.30.7')).toBeUndefined();
    expect(isMinorVersion('1.30')).toBe(true);
    expect(isMinorVersion('1.30.7-aliyun.1')).toBe(false);
    expect(isExactVersion('1.30.7-aliyun.1')).toBe(true);
    expect(minorOf('1.30.7-aliyun.1')).toBe('1.30');
    expect(kubernetesMinor('1.28.15-aliyun.1')).toBe(28);
    expect(kubernetesMinor('2.1')).toBeUndefined();
  });

  it('the newest patch of a minor is creatable and offers every image type asked for', () => {
    expect(newestPatch(offers, '1.30', ['AliyunLinux3'], self).newest?.version).toBe('1.30.7-aliyun.1');
    expect(newestPatch(offers, '1.30', ['AliyunLinux'], self).newest?.version).toBe('1.30.1-aliyun.1');
    expect(newestPatch(offers, '1.30', ['ContainerOS'], self).newest).toBeUndefined();
    expect(newestPatch(offers, '1.30', [], self).patches.map((o) => o.version)).toEqual(['1.30.9-aliyun.1', '1.30.7-aliyun.1', '1.30.1-aliyun.1']);
  });

  it('resolves an exact version only to itself, a minor as pin does', () => {
    expect(resolveVersion('1.30.9-aliyun.1', offers, [], self)?.version).toBe('1.30.9-aliyun.1');
    expect(resolveVersion('1.30.2-aliyun.1', offers, [], self)).toBeUndefined();
    expect(resolveVersion('1.30', offers, ['AliyunLinux'], self)?.version).toBe('1.30.1-aliyun.1');
    // No patch offers the type: the newest creatable one, so the caller can name what is missing.
    expect(resolveVersion('1.30', offers, ['ContainerOS'], self)?.version).toBe('1.30.7-aliyun.1');
    expect(resolveVersion('1.3', offers, [], self)?.version).toBe('1.3.0-aliyun.1');
    expect(resolveVersion('1.31', offers, [], self)).toBeUndefined();
    expect(resolveVersion('latest', offers, [], self)).toBeUndefined();
  });
});
