import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CATALOGUE,
  catalogueNames,
  describeOffer,
  findVersion,
  getCatalogue,
  offeredMinors,
  offersImageType,
  offersVersion,
  oldestKnownMinor,
} from '../../src/catalog/index.js';
import { kubernetesMinor } from '../../src/versions.js';

const today = getCatalogue('2026-11');
const al2 = getCatalogue('2024-03');

describe('the dated catalogues', () => {
  it('ships 2026-11 (the default) and 2024-03, and names the choices for an unknown one', () => {
    expect(catalogueNames()).toEqual(['2026-11', '2024-03']);
    expect(DEFAULT_CATALOGUE).toBe('2026-11');
    expect(() => getCatalogue('2025-01')).toThrow(/unknown catalogue "2025-01" \(known: 2026-11, 2024-03\)/);
  });

  it('2026-11 offers Kubernetes 1.34, 1.35 and 1.36 with their end-of-support dates', () => {
    expect(offeredMinors(today)).toEqual(['1.34', '1.35', '1.36']);
    expect(findVersion(today, '1.34')?.endOfSupport).toBe('2026-09-30');
    expect(findVersion(today, '1.35')?.endOfSupport).toBe('2027-02-28');
    expect(findVersion(today, '1.36')?.endOfSupport).toBe('2027-05-30');
    expect(findVersion(today, '1.35')?.version).toBe('1.35.7-aliyun.1');
    expect(describeOffer(today)).toBe("1.34, 1.35, 1.36 (catalogue 2026-11, ACK's offer as of 2026-11-30)");
  });

  it('2026-11 creates no AliyunLinux2 (image_type AliyunLinux) pool on any version', () => {
    for (const minor of offeredMinors(today)) {
      expect(offersImageType(today, minor, 'AliyunLinux')).toBe(false);
      expect(offersImageType(today, minor, 'AliyunLinux3')).toBe(true);
      expect(offersImageType(today, minor, 'AliyunLinux3ContainerOptimized')).toBe(true);
      expect(offersImageType(today, minor, 'ContainerOS')).toBe(true);
    }
    expect(offersVersion(today, '1.30')).toBe(false);
    expect(offersVersion(today, '1.28')).toBe(false);
  });

  it('2026-11 offers runV sandboxes up to 1.34 only, containerd 2.x everywhere', () => {
    const runtimes = (v: string) => findVersion(today, v)!.runtimes.map((r) => r.name);
    expect(runtimes('1.34')).toContain('Sandboxed-Container.runv');
    expect(runtimes('1.35')).not.toContain('Sandboxed-Container.runv');
    expect(runtimes('1.36')).not.toContain('Sandboxed-Container.runv');
    for (const v of today.versions) expect(v.runtimes.find((r) => r.name === 'containerd')?.version).toMatch(/^2\./);
  });

  it('2024-03 offers only versions below 1.30, each with image_type AliyunLinux and runV', () => {
    expect(offeredMinors(al2)).toEqual(['1.24', '1.26', '1.28']);
    for (const v of al2.versions) {
      expect(kubernetesMinor(v.version)).toBeLessThan(30);
      expect(v.imageTypes).toContain('AliyunLinux');
      expect(v.runtimes.map((r) => r.name)).toContain('Sandboxed-Container.runv');
    }
    expect(findVersion(al2, '1.28', ['AliyunLinux'])?.version).toBe('1.28.9-aliyun.1');
  });

  it('each catalogue lists public images: AliyunLinux2 builds on 2024-03, Alibaba Cloud Linux 3 on both', () => {
    const ids = (c: typeof today) => c.images.map((i) => i.id);
    expect(ids(al2)).toContain('aliyun_2_1903_x64_20G_alibase_20240628.vhd');
    expect(al2.images.filter((i) => i.ackImageType === 'AliyunLinux').length).toBeGreaterThan(1);
    expect(ids(today)).toContain('aliyun_3_x64_20G_alibase_20260715.vhd');
    expect(today.images.some((i) => i.ackImageType === 'AliyunLinux3ContainerOptimized')).toBe(true);
  });

  it('every fact carries its source: a page title and a date, or "assumed"', () => {
    for (const c of [today, al2]) {
      const sources = [...c.versions, ...c.images, ...c.imageTypes, ...c.notes].map((f) => f.source).concat(c.instanceTypes.source);
      for (const s of sources) {
        expect(s.title.length).toBeGreaterThan(0);
        expect(s.updated).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
        if (s.assumed) expect(s.note).toBeTruthy();
      }
    }
  });

  it('the oldest minor any catalogue offers is 1.24: older versions are offered nowhere', () => {
    expect(oldestKnownMinor()).toBe('1.24');
  });
});
