/**
 * `2024-03`: the last public offer with Alibaba Cloud Linux 2 node pools: the minors ACK's
 * table listed in March 2024 (1.24, 1.26, 1.28, all below 1.30), image_type AliyunLinux,
 * runV sandboxes.
 */

import { RELEASE_NOTES_1_26, RELEASE_NOTES_1_28, RELEASE_NOTES_1_30, SANDBOXED_PAGE, VERSIONS_PAGE, VERSIONS_PAGE_2023, assumed } from './sources.js';
import { AL2_FAMILY, AL3_FAMILY, INSTANCE_TYPE_IDS, INSTANCE_TYPES_SOURCE, al2Image, al3Image, otherImages } from './shared.js';
import type { Catalogue, CatalogueVersion, Runtime } from './types.js';

const runv: Runtime = { name: 'Sandboxed-Container.runv', version: '2.4.1' };
const IMAGE_TYPES_THEN = ['AliyunLinux', 'AliyunLinux3', 'ContainerOS'];
const imageTypesSource = assumed('node OS per version before 1.30: Alibaba Cloud Linux 2 (image_type AliyunLinux), Alibaba Cloud Linux 3 and ContainerOS; the sandboxed page confirms 2 and 3 below 1.30', SANDBOXED_PAGE);

function version(v: string, releaseDate: string, endOfSupport: string, containerd: string, source: CatalogueVersion['source']): CatalogueVersion {
  return { version: v, releaseDate, endOfSupport, imageTypes: IMAGE_TYPES_THEN, runtimes: [{ name: 'containerd', version: containerd }, runv], source };
}

export const CATALOGUE_2024_03: Catalogue = {
  name: '2024-03',
  date: '2024-03-31',
  description: 'the last public offer with Alibaba Cloud Linux 2 node pools: Kubernetes 1.24, 1.26, 1.28 (all below 1.30)',
  versions: [
    version('1.24.6-aliyun.1', '2022-09-01', '2024-09-30', '1.6.20', assumed('1.24 is listed (Sep 2022 to Sep 2024); the patch version is assumed', VERSIONS_PAGE_2023)),
    version('1.26.3-aliyun.1', '2023-04-01', '2025-04-30', '1.6.20', RELEASE_NOTES_1_26),
    version('1.28.3-aliyun.1', '2023-10-01', '2025-10-31', '1.6.28', RELEASE_NOTES_1_28),
    version('1.28.9-aliyun.1', '2023-10-01', '2025-10-31', '1.6.28', { ...RELEASE_NOTES_1_28, note: 'listed among the 1.28 patches; upstream 1.28.9 is of April 2024, so it is assumed to belong to the last AliyunLinux2 offer' }),
  ],
  imageTypes: [
    { imageType: 'AliyunLinux', title: 'Alibaba Cloud Linux 2', family: AL2_FAMILY, source: imageTypesSource },
    { imageType: 'AliyunLinux3', title: 'Alibaba Cloud Linux 3', family: AL3_FAMILY, source: imageTypesSource },
    { imageType: 'ContainerOS', title: 'ContainerOS', source: imageTypesSource },
  ],
  images: [al2Image('20230704'), al2Image('20231220'), al2Image('20240326'), al2Image('20240628'), al3Image('20240528'), al3Image('20240819'), ...otherImages()],
  instanceTypes: { ids: INSTANCE_TYPE_IDS, source: INSTANCE_TYPES_SOURCE },
  notes: [
    { fact: 'the table listed 1.28, 1.26, 1.24 as Released (1.22 discontinued October 2023); 1.30 came in June 2024', source: VERSIONS_PAGE },
    { fact: 'from 1.30 on, Alibaba Cloud Linux 2 is no longer a node pool operating system: every AliyunLinux2 offer is below 1.30', source: RELEASE_NOTES_1_30 },
    { fact: 'sandboxed containers (runV) below 1.30 run on Alibaba Cloud Linux 2 or 3, ECS Bare Metal only', source: SANDBOXED_PAGE },
  ],
};
