/** From Kubernetes 1.35 (cgroup v2 only) AliyunLinux3 pools are the container-optimized image, offline and in the plan. */

import { describe, expect, it } from 'vitest';
import type { EcsGateway, Image } from '../../src/cloud/types.js';
import { planProfile } from '../../src/plan/index.js';
import { AL3_CONTAINER_OPTIMIZED_FAMILY, familyImages } from '../../src/pin/images.js';
import { cgroupV2Rules } from '../../src/profile/rules/cgroup-v2.js';
import { kubeProxyRules } from '../../src/profile/rules/kube-proxy.js';
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

describe('kube-proxy IPVS from Kubernetes 1.35', () => {
  const network = (proxyMode?: 'ipvs' | 'iptables') => sectionOf(makeProfile({ network: proxyMode ? { proxyMode } : {} }).cluster.network);
  const written = (proxyMode: 'ipvs' | 'iptables') => ({ value: { proxyMode }, written: new Set(['proxyMode']) });

  it('warns where the profile writes proxyMode: ipvs for 1.35+', () => {
    expect(kubeProxyRules({ network: written('ipvs'), kubernetesVersion: '1.35', pools: [] }, { file: 'p.yaml' })).toEqual([
      {
        severity: 'warning',
        path: ['cluster', 'network', 'proxyMode'],
        message: "kube-proxy's IPVS mode is deprecated from Kubernetes 1.35, and this cluster asks for 1.35",
        hint: 'use proxyMode: iptables (with terwayDataPathV2 on 1.34+ no kube-proxy runs at all, and proxyMode is not sent)',
      },
    ]);
  });

  it('is quiet below 1.35, for iptables, and for the default nobody wrote', () => {
    expect(kubeProxyRules({ network: written('ipvs'), kubernetesVersion: '1.34', pools: [] }, { file: 'p.yaml' })).toEqual([]);
    expect(kubeProxyRules({ network: written('iptables'), kubernetesVersion: '1.36', pools: [] }, { file: 'p.yaml' })).toEqual([]);
    const unwritten = { ...network(), written: new Set<string>() };
    expect(kubeProxyRules({ network: unwritten, kubernetesVersion: '1.36', pools: [] }, { file: 'p.yaml' })).toEqual([]);
  });
});

describe('pin picks the image the planner sends', () => {
  const images: Image[] = [
    { imageId: 'aliyun_3_x64_20G_alibase_20260715.vhd', imageFamily: 'acs:alibaba_cloud_linux_3_2104_lts_x64', creationTime: '2026-07-15T08:00:00Z' },
    { imageId: 'aliyun_3_x64_20G_container_optimized_alibase_20260715.vhd', imageFamily: AL3_CONTAINER_OPTIMIZED_FAMILY, creationTime: '2026-07-15T09:00:00Z' },
  ];
  const ecs = {
    region: 'cn-hangzhou',
    describeImages: async (query?: { imageFamily?: string }) => {
      const items = images.filter((image) => query?.imageFamily === undefined || image.imageFamily === query.imageFamily);
      return { items, totalCount: items.length };
    },
  } as unknown as EcsGateway;

  it('container-optimized images for cgroup v2 pools, plain ones otherwise', async () => {
    expect((await familyImages(ecs, 'AliyunLinux3', true)).map((i) => i.imageId)).toEqual(['aliyun_3_x64_20G_container_optimized_alibase_20260715.vhd']);
    expect((await familyImages(ecs, 'AliyunLinux3')).map((i) => i.imageId)).toEqual(['aliyun_3_x64_20G_alibase_20260715.vhd']);
  });
});
