import { describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
import { poolAcceptsPinnedImage, scenarioRequirements } from '../../src/scenarios/index.js';
import { field, op } from '../plan/helpers.js';
import { makeProfile, pool } from './profiles.js';

const bareMetal = (overrides: Parameters<typeof pool>[0] = {}) =>
  pool({
    name: 'tenants',
    instanceTypes: ['ecs.ebmg7.32xlarge'],
    image: { os: 'AliyunLinux2' },
    dataDisks: [{ category: 'cloud_essd', sizeGiB: 200 }],
    scenarios: { sandboxed: {} },
    ...overrides,
  });
const v128 = { kubernetesVersion: '1.28.15-aliyun.1' };

describe('sandboxed', () => {
  it('sets the runV runtime on its pool, with the version when given', () => {
    const plan = planProfile(makeProfile({ cluster: v128, pools: [pool(), bareMetal({ scenarios: { sandboxed: { runtimeVersion: '2.2.0' } } })] }));
    expect(field(op(plan, 'nodepool/tenants').body, 'kubernetes_config.runtime')).toBe('Sandboxed-Container.runv');
    expect(field(op(plan, 'nodepool/tenants').body, 'kubernetes_config.runtime_version')).toBe('2.2.0');
    expect(field(op(plan, 'nodepool/web').body, 'kubernetes_config.runtime')).toBe('containerd');
    expect(field(op(planProfile(makeProfile({ cluster: v128, pools: [bareMetal()] })), 'nodepool/tenants').body, 'kubernetes_config.runtime_version')).toBeUndefined();
  });

  it('treats runtime: sandboxed as the scenario with defaults, located at runtime', () => {
    const profile = makeProfile({ pools: [bareMetal({ scenarios: {}, runtime: 'sandboxed' })] });
    expect(field(op(planProfile(profile), 'nodepool/tenants').body, 'kubernetes_config.runtime')).toBe('Sandboxed-Container.runv');
    expect(scenarioRequirements(profile).map((i) => i.path)).toEqual([['nodePools', 0, 'image', 'os'], ['nodePools', 0, 'runtime']]);
  });

  it('is satisfied by bare metal, no image id, Kubernetes 1.28 on AliyunLinux2 and a 200 GiB data disk', () => {
    expect(scenarioRequirements(makeProfile({ cluster: v128, pools: [pool(), bareMetal()] }))).toEqual([]);
  });

  it('refuses each non-bare-metal instance type', () => {
    const profile = makeProfile({ cluster: v128, pools: [bareMetal({ instanceTypes: ['ecs.ebmg7.32xlarge', 'ecs.g7.xlarge'] })] });
    const hint = 'use bare-metal types such as ecs.ebmg7.32xlarge, or remove the sandboxed scenario from this pool';
    expect(scenarioRequirements(profile)).toEqual([
      { severity: 'error', path: ['nodePools', 0, 'instanceTypes', 1], message: 'sandboxed: runs only on ECS bare metal (ecs.ebm*); "ecs.g7.xlarge" is not', hint },
      {
        severity: 'error',
        path: ['nodePools', 0, 'scenarios', 'sandboxed'],
        message: 'sandboxed: runs only on ECS bare metal (ecs.ebm*); "ecs.g7.xlarge" is not (at nodePools[0].instanceTypes[1])',
        hint,
      },
    ]);
  });

  it('refuses a chosen image', () => {
    const profile = makeProfile({ cluster: v128, pools: [bareMetal({ image: { os: 'AliyunLinux2', id: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd' } })] });
    const [issue] = scenarioRequirements(profile);
    expect(issue).toEqual({
      severity: 'error',
      path: ['nodePools', 0, 'image', 'id'],
      message: 'sandboxed: sandboxed pools use the image ACK prepares for the sandbox runtime, not a chosen image',
      hint: 'remove image.id from this pool (keep image.os); ackl2 does not pin sandboxed pools',
    });
    expect(poolAcceptsPinnedImage(profile.nodePools[0]!)).toBe(false);
    expect(poolAcceptsPinnedImage(makeProfile().nodePools[0]!)).toBe(true);
  });

  it('runs AliyunLinux3 only from Kubernetes 1.30, located at the pool OS', () => {
    const [issue] = scenarioRequirements(makeProfile({ pools: [bareMetal()] }));
    expect(issue).toEqual({
      severity: 'error',
      path: ['nodePools', 0, 'image', 'os'],
      message: 'sandboxed: from Kubernetes 1.30 sandboxed pools run AliyunLinux3 only; the cluster asks for 1.30.7-aliyun.1',
      hint: 'use image.os: AliyunLinux3 for this pool (AliyunLinux2 sandboxed pools need a cluster below 1.30)',
    });
    expect(scenarioRequirements(makeProfile({ pools: [bareMetal({ image: { os: 'AliyunLinux3' } })] }))).toEqual([]);
  });

  it.each(['1.16', '1.34', '1.34.1-aliyun.1'])('is offered on Kubernetes %s (AliyunLinux3)', (version) => {
    expect(scenarioRequirements(makeProfile({ cluster: { kubernetesVersion: version }, pools: [bareMetal({ image: { os: 'AliyunLinux3' } })] }))).toEqual([]);
  });

  it.each(['1.15', '1.35', '1.36.1-aliyun.1'])('is not offered on Kubernetes %s, and the hint names a version ACK offers', (version) => {
    const [issue] = scenarioRequirements(makeProfile({ cluster: { kubernetesVersion: version }, pools: [bareMetal({ image: { os: 'AliyunLinux3' } })] }));
    expect(issue).toEqual({
      severity: 'error',
      path: ['cluster', 'kubernetesVersion'],
      message: `sandboxed: ACK offers Sandboxed-Container.runv on Kubernetes 1.16 to 1.34, not ${version}`,
      hint: 'use kubernetesVersion "1.34" with image.os: AliyunLinux3 for this pool',
    });
  });

  it.each(['terwayDataPathV2', 'terwayIpvlan'] as const)('is refused with Terway DataPath V2 (scenarios.%s), at both keys', (key) => {
    const profile = makeProfile({ cluster: { kubernetesVersion: '1.34' }, scenarios: { [key]: {} }, pools: [bareMetal({ image: { os: 'AliyunLinux3' } })] });
    const errors = scenarioRequirements(profile).filter((i) => i.severity === 'error');
    const hint = `remove scenarios.${key} (plain Terway or Flannel), or run these tenants in a cluster of their own`;
    expect(errors).toEqual([
      { severity: 'error', path: ['scenarios', key], message: 'sandboxed: ACK refuses sandboxed node pools in clusters with Terway DataPath V2', hint },
      {
        severity: 'error',
        path: ['nodePools', 0, 'scenarios', 'sandboxed'],
        message: `sandboxed: ACK refuses sandboxed node pools in clusters with Terway DataPath V2 (at scenarios.${key})`,
        hint,
      },
    ]);
  });

  it('needs a data disk of at least 200 GiB', () => {
    const [issue] = scenarioRequirements(makeProfile({ cluster: v128, pools: [bareMetal({ dataDisks: [{ sizeGiB: 100 }] })] }));
    expect(issue).toEqual({
      severity: 'error',
      path: ['nodePools', 0, 'dataDisks'],
      message: 'sandboxed: needs a data disk of at least 200 GiB for sandbox root filesystems',
      hint: 'add dataDisks: [{ category: cloud_essd, sizeGiB: 200 }]',
    });
  });

  it('reports one Kubernetes version issue per pool at the scenario key but one at the version', () => {
    const issues = scenarioRequirements(makeProfile({ cluster: { kubernetesVersion: '1.35' }, pools: [bareMetal({ image: { os: 'AliyunLinux3' } }), bareMetal({ name: 'more', image: { os: 'AliyunLinux3' } })] }));
    expect(issues.map((i) => i.path)).toEqual([
      ['cluster', 'kubernetesVersion'],
      ['nodePools', 0, 'scenarios', 'sandboxed'],
      ['nodePools', 1, 'scenarios', 'sandboxed'],
    ]);
  });
});
