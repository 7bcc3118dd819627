/** From Kubernetes 1.35 (cgroup v2 only) AliyunLinux3 pools are the container-optimized image, offline and in the plan. */

import { describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
import { cgroupV2Rules } from '../../src/profile/rules/cgroup-v2.js';
import { sectionOf } from '../../src/profile/rules.js';
import type { NodePool } from '../../src/profile/schema.js';
import { field, op } from '../plan/helpers.js';
import { makeProfile, pool } from './profiles.js';

const imageType = (kubernetesVersion: string, os: 'AliyunLinux2' | 'AliyunLinux3') =>
  field(op(planProfile(makeProfile({ cluster: { kubernetesVersion }, pools: [pool({ image: { os } })] })), 'nodepool/web').body, 'scaling_group.image_type');

const rules = (kubernetesVersion: string, id: string) => {
  const profile = makeProfile({ cluster: { kubernetesVersion }, pools: [pool({ image: { os: 'AliyunLinux3', id } })] });
  return cgroupV2Rules({ kubernetesVersion, pools: [{ index: 0, pool: sectionOf<NodePool>(profile.nodePools[0]!) }] }, { file: 'p.yaml' });
};

describe('cgroup v2 from Kubernetes 1.35', () => {
  it('sends AliyunLinux3 as AliyunLinux3ContainerOptimized from 1.35, as AliyunLinux3 below', () => {
    expect(imageType('1.35', 'AliyunLinux3')).toBe('AliyunLinux3ContainerOptimized');
    expect(imageType('1.36.1-aliyun.1', 'AliyunLinux3')).toBe('AliyunLinux3ContainerOptimized');
    expect(imageType('1.34', 'AliyunLinux3')).toBe('AliyunLinux3');
    expect(imageType('1.28', 'AliyunLinux2')).toBe('AliyunLinux');
  });

  it('refuses a pinned plain Alibaba Cloud Linux 3 image from 1.35, at image.id', () => {
    expect(rules('1.35.2-aliyun.1', 'aliyun_3_x64_20G_alibase_20240819.vhd')).toEqual([
      {
        severity: 'error',
        path: ['nodePools', 0, 'image', 'id'],
        message:
          'aliyun_3_x64_20G_alibase_20240819.vhd is a plain Alibaba Cloud Linux 3 image (cgroup v1); Kubernetes 1.35.2-aliyun.1 runs cgroup v2 only, and ackl2 sends AliyunLinux3 pools as the container-optimized image there',
        hint: 'pin a container-optimized image (aliyun_3_x64_20G_container_optimized_alibase_...), or remove image.id and run `ackl2 pin`',
        atKey: false,
      },
    ]);
  });

  it('accepts a container-optimized image from 1.35, and any Alibaba Cloud Linux 3 image below', () => {
    expect(rules('1.35', 'aliyun_3_x64_20G_container_optimized_alibase_20260715.vhd')).toEqual([]);
    expect(rules('1.34', 'aliyun_3_x64_20G_alibase_20240819.vhd')).toEqual([]);
  });
});
