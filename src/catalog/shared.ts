/** Facts both catalogues share: image families and the ECS images that are not ACK node images. */

import { assumed } from './sources.js';
import type { CatalogueImage } from './types.js';

export const AL2_FAMILY = 'acs:alibaba_cloud_linux_2_1903_lts_x64';
export const AL3_FAMILY = 'acs:alibaba_cloud_linux_3_2104_lts_x64';
export const AL3_CONTAINER_OPTIMIZED_FAMILY = 'acs:alibaba_cloud_linux_3_2104_lts_container_optimized_x64';

const IMAGE_IDS = assumed('image ids follow the ECS public image naming (aliyun_<major>_..._alibase_<build date>.vhd); the build dates are illustrative');

function build(date: string): string {
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T08:00:00Z`;
}

export function al2Image(date: string): CatalogueImage {
  return { id: `aliyun_2_1903_x64_20G_alibase_${date}.vhd`, family: AL2_FAMILY, osName: 'Alibaba Cloud Linux  2.1903 LTS 64位', platform: 'Aliyun', creationTime: build(date), ackImageType: 'AliyunLinux', source: IMAGE_IDS };
}

export function al3Image(date: string): CatalogueImage {
  return { id: `aliyun_3_x64_20G_alibase_${date}.vhd`, family: AL3_FAMILY, osName: 'Alibaba Cloud Linux  3.2104 LTS 64位', platform: 'Aliyun', creationTime: build(date), ackImageType: 'AliyunLinux3', source: IMAGE_IDS };
}

export function al3ContainerOptimizedImage(date: string): CatalogueImage {
  return {
    id: `aliyun_3_x64_20G_container_optimized_alibase_${date}.vhd`,
    family: AL3_CONTAINER_OPTIMIZED_FAMILY,
    osName: 'Alibaba Cloud Linux  3.2104 LTS 64位 容器优化版',
    platform: 'Aliyun',
    creationTime: build(date),
    ackImageType: 'AliyunLinux3ContainerOptimized',
    source: IMAGE_IDS,
  };
}

/** Public images that are no ACK node image (what DescribeImages also returns). */
export function otherImages(): CatalogueImage[] {
  return [
    { id: 'aliyun_3_arm64_20G_alibase_20240819.vhd', family: 'acs:alibaba_cloud_linux_3_2104_lts_arm64', osName: 'Alibaba Cloud Linux  3.2104 LTS 64位 ARM版', platform: 'Aliyun', architecture: 'arm64', creationTime: '2024-08-19T09:00:00Z', source: IMAGE_IDS },
    { id: 'ubuntu_22_04_x64_20G_alibase_20240710.vhd', family: 'acs:ubuntu_22_04_x64', osName: 'Ubuntu  22.04 64位', platform: 'Ubuntu', creationTime: '2024-07-10T08:00:00Z', source: IMAGE_IDS },
    {
      id: 'win2022_21H2_x64_dtc_zh-cn_40G_alibase_20240716.vhd',
      family: 'acs:windows_server_2022_datacenter_zh-cn',
      osName: 'Windows Server  2022 数据中心版 64位中文版',
      osType: 'windows',
      platform: 'Windows Server 2022',
      sizeGiB: 40,
      creationTime: '2024-07-16T08:00:00Z',
      source: IMAGE_IDS,
    },
  ];
}

/** The ECS instance types the emulator's regions offer (the same families were on sale at both dates). */
export const INSTANCE_TYPE_IDS = [
  'ecs.g7.xlarge',
  'ecs.g7.2xlarge',
  'ecs.c7.xlarge',
  'ecs.r7.xlarge',
  'ecs.g6.xlarge',
  'ecs.ebmg7.32xlarge',
  'ecs.ebmc7.48xlarge',
  'ecs.gn7i-c8g1.2xlarge',
  'ecs.gn6v-c8g1.2xlarge',
] as const;

export const INSTANCE_TYPES_SOURCE = assumed('the g7/c7/r7/g6, ebmg7/ebmc7 bare metal and gn7i/gn6v GPU families were on sale at both dates; the specs are ECS published specs');
