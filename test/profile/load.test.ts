import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../src/errors.js';
import { formatIssue } from '../../src/profile/issues.js';
import { loadProfile, validateFile } from '../../src/profile/load.js';

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
    // An AliyunLinux2 pool on 1.28 (catalogue 2024-03), not acknowledged: end of life, and not today's offer.
    expect(loaded.warnings.map((w) => [w.severity, w.path.join('.')])).toEqual([
      ['warning', 'cluster.kubernetesVersion'],
      ['warning', 'nodePools.0.image.os'],
    ]);
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
    expect((error as ValidationFailed).message).toBe('multi-issue.yaml: 7 errors in the profile');
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

describe('top-level x- keys', () => {
  it('hold anchors for the rest of the file and are not profile fields', async () => {
    const loaded = await loadProfile('anchors.yaml', { cwd: VALID });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.profile).not.toHaveProperty('x-pool-defaults');
    expect(loaded.profile.nodePools.map((p) => [p.name, p.instanceTypes, p.labels])).toEqual([
      ['web', ['ecs.g7.xlarge'], { team: 'shop' }],
      ['batch', ['ecs.g7.xlarge'], { team: 'data' }],
    ]);
    // A value taken from the anchor is located where the anchor wrote it.
    expect(loaded.locate(['nodePools', 1, 'login', 'keyPair'])).toEqual({ file: 'anchors.yaml', line: 7, col: 21 });
  });

  it('are top-level only: x- inside an object is still an unknown key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ackl2-x-'));
    try {
      writeFileSync(join(dir, 'p.yaml'), readFileSync(join(VALID, 'anchors.yaml'), 'utf8').replace('  name: fixture-anchors\n', '  name: fixture-anchors\n  x-note: hi\n'));
      const { issues } = await validateFile('p.yaml', { cwd: dir });
      expect(issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual(['p.yaml:11:3 metadata.x-note: unknown key "x-note" (known keys here: name, region, tags)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
