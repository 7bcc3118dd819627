import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../src/errors.js';
import { loadProfile } from '../../src/profile/load.js';

const VALID = new URL('../fixtures/valid/', import.meta.url).pathname;
const INVALID = new URL('../fixtures/invalid/', import.meta.url).pathname;

describe('loadProfile', () => {
  it('returns the validated profile with defaults filled, and its warnings', async () => {
    const loaded = await loadProfile('minimal.yaml', { cwd: VALID });
    expect(loaded.file).toBe('minimal.yaml');
    expect(loaded.profile.cluster.spec).toBe('ack.pro.small');
    expect(loaded.profile.cluster.network).toMatchObject({ plugin: 'terway', serviceCidr: '172.21.0.0/20', proxyMode: 'ipvs', natGateway: true });
    expect(loaded.profile.nodePools[0]).toMatchObject({ runtime: 'containerd', systemDisk: { category: 'cloud_essd', sizeGiB: 120 }, labels: {}, taints: [] });
    expect(loaded.profile).not.toHaveProperty('extends');
    expect(loaded.warnings.map((w) => w.severity)).toEqual(['warning']);
  });

  it('locates values, defaults (at their parent) and inherited values (in the base)', async () => {
    const loaded = await loadProfile('extends/child.yaml', { cwd: VALID });
    expect(loaded.profile.nodePools.map((p) => [p.name, p.desiredSize])).toEqual([['web', 4], ['gpu', undefined]]);
    expect(loaded.profile.metadata.tags).toEqual({ team: 'shop', env: 'prod' });
    expect(loaded.locate(['nodePools', 0, 'desiredSize'])).toEqual({ file: 'extends/child.yaml', line: 8, col: 18 });
    expect(loaded.locate(['nodePools', 0, 'instanceTypes', 0])).toEqual({ file: 'extends/base.yaml', line: 15, col: 21 });
    expect(loaded.locate(['cluster', 'network', 'serviceCidr'])).toEqual({ file: 'extends/base.yaml', line: 9, col: 3 });
    expect(loaded.locate(['metadata', 'name'])).toEqual({ file: 'extends/child.yaml', line: 4, col: 9 });
  });

  it('throws ValidationFailed naming the file and the error count', async () => {
    const error = await loadProfile('multi-issue.yaml', { cwd: INVALID }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).message).toBe('multi-issue.yaml: 6 errors in the profile');
    expect((error as ValidationFailed).exitCode).toBe(2);
    expect((error as ValidationFailed).issues.every((i) => i.location !== undefined)).toBe(true);
  });

  it('loads every ready-made profile that is a complete profile', async () => {
    const root = new URL('../../', import.meta.url).pathname;
    for (const name of ['quickstart', 'web', 'autoscaling', 'sandboxed', 'ai-training', 'colocated-qos']) {
      const loaded = await loadProfile(`profiles/${name}.yaml`, { cwd: root });
      expect(loaded.profile.apiVersion, name).toBe('ackl2/v1');
    }
  });
});
