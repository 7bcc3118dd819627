/** `2026-11`: ACK's public offer today (Kubernetes 1.34, 1.35, 1.36; Alibaba Cloud Linux 3, no AliyunLinux2 node pools). */

import { CONTAINERD_2_1, RELEASE_NOTES_1_30, RELEASE_NOTES_1_35, RELEASE_NOTES_1_36, SANDBOXED_PAGE, VERSIONS_PAGE, assumed } from './sources.js';
import { AL3_CONTAINER_OPTIMIZED_FAMILY, AL3_FAMILY, INSTANCE_TYPE_IDS, INSTANCE_TYPES_SOURCE, al2Image, al3ContainerOptimizedImage, al3Image, otherImages } from './shared.js';
import type { Catalogue, CatalogueVersion, Runtime } from './types.js';

const containerd = (version: string): Runtime => ({ name: 'containerd', version });
const runv: Runtime = { name: 'Sandboxed-Container.runv', version: '4.5.0' };
const IMAGE_TYPES_TODAY = ['AliyunLinux3', 'AliyunLinux3ContainerOptimized', 'ContainerOS'];
const imageTypesSource = assumed('node OS per version: Alibaba Cloud Linux 3, its container-optimized edition and ContainerOS on every offered version (the 1.35 notes require cgroup v2 and point to the "Operating systems" page, whose table the stored docs do not hold)');

function version(v: string, releaseDate: string, endOfSupport: string, runtimes: Runtime[], source = VERSIONS_PAGE): CatalogueVersion {
  return { version: v, releaseDate, endOfSupport, imageTypes: IMAGE_TYPES_TODAY, runtimes, source };
}

export const CATALOGUE_2026_11: Catalogue = {
  name: '2026-11',
  date: '2026-11-30',
  description: "ACK's public offer today: Kubernetes 1.34, 1.35 and 1.36 on Alibaba Cloud Linux 3 / ContainerOS",
  versions: [
    version('1.34.1-aliyun.1', '2025-09-01', '2026-09-30', [containerd('2.1.4'), runv], assumed('1.34 is listed (Released, end of support 2026-09-30); its patch and containerd versions are assumed: the stored docs hold no 1.34 release notes', VERSIONS_PAGE)),
    version('1.35.1-aliyun.1', '2026-02-01', '2027-02-28', [containerd('2.1.6')], RELEASE_NOTES_1_35),
    version('1.35.2-aliyun.1', '2026-02-01', '2027-02-28', [containerd('2.1.6')], RELEASE_NOTES_1_35),
    version('1.35.7-aliyun.1', '2026-02-01', '2027-02-28', [containerd('2.1.6')], RELEASE_NOTES_1_35),
    version('1.36.1-aliyun.1', '2026-05-01', '2027-05-30', [containerd('2.1.6')], RELEASE_NOTES_1_36),
  ],
  imageTypes: [
    { imageType: 'AliyunLinux3', title: 'Alibaba Cloud Linux 3', family: AL3_FAMILY, source: imageTypesSource },
    { imageType: 'AliyunLinux3ContainerOptimized', title: 'Alibaba Cloud Linux 3 Container-optimized', family: AL3_CONTAINER_OPTIMIZED_FAMILY, source: imageTypesSource },
    { imageType: 'ContainerOS', title: 'ContainerOS', source: imageTypesSource },
  ],
  images: [
    al3Image('20240819'),
    al3Image('20250629'),
    al3Image('20260715'),
    al3ContainerOptimizedImage('20260715'),
    // ECS still lists the last Alibaba Cloud Linux 2 builds; ACK refuses them for node pools from 1.30.
    { ...al2Image('20240628'), source: assumed('the last Alibaba Cloud Linux 2 build stays listed by ECS; ACK no longer offers it for node pools (1.30 release notes)') },
    ...otherImages(),
  ],
  instanceTypes: { ids: INSTANCE_TYPE_IDS, source: INSTANCE_TYPES_SOURCE },
  notes: [
    { fact: 'managed clusters offer 1.34, 1.35, 1.36; 1.30 ended 2026-06-30, 1.28 ended 2025-10-31', source: VERSIONS_PAGE },
    { fact: 'from 1.30 on, Alibaba Cloud Linux 2 and CentOS are no longer node pool operating systems', source: RELEASE_NOTES_1_30 },
    { fact: 'sandboxed containers: 1.16 to 1.34; from 1.30 Alibaba Cloud Linux 3 only; ECS Bare Metal only', source: SANDBOXED_PAGE },
    { fact: 'containerd 2.1 by default from 1.33', source: CONTAINERD_2_1 },
  ],
};
