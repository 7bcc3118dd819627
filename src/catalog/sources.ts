/** The documentation pages the catalogues cite (title and "Last updated" as stored when read, 2026-11-30). */

import type { Source } from './types.js';

export const VERSIONS_PAGE: Source = {
  title: 'Kubernetes versions supported by ACK',
  url: 'https://www.alibabacloud.com/help/en/ack/product-overview/release-notes-for-kubernetes-versions',
  updated: '2026-10-06',
};

/** The same page's earlier form ("Support for Kubernetes versions", doc-detail 115453): its release history table. */
export const VERSIONS_PAGE_2023: Source = {
  title: 'Support for Kubernetes versions (release history table)',
  url: 'https://www.alibabacloud.com/help/doc-detail/115453.html',
  updated: '2023-10',
  note: 'lists 1.28 (Oct 2023 to Oct 2025), 1.26 (Apr 2023 to Apr 2025), 1.24 (Sep 2022 to Sep 2024) as Released; 1.22 discontinued Oct 2023',
};

export const RELEASE_NOTES_1_36: Source = {
  title: 'ACK release notes for Kubernetes 1.36',
  url: 'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/kubernetes-1-36',
  updated: '2026-06-06',
};

export const RELEASE_NOTES_1_35: Source = {
  title: 'ACK Kubernetes 1.35 release notes',
  url: 'https://www.alibabacloud.com/help/pt-br/ack/ack-managed-and-ack-dedicated/user-guide/kubernetes-1-35-release-notes',
  updated: '2026-08-26',
};

export const RELEASE_NOTES_1_30: Source = {
  title: 'ACK Kubernetes 1.30 release notes',
  url: 'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/kubernetes-1-30-release-notes',
  updated: '2025-11-07',
  note: 'CentOS and Alibaba Cloud Linux 2 are no longer supported as node pool operating systems',
};

export const RELEASE_NOTES_1_28: Source = {
  title: 'ACK Kubernetes 1.28 release notes',
  url: 'https://help.aliyun.com/en/ack/ack-managed-and-ack-dedicated/user-guide/kubernetes-1-28-release-notes',
  updated: '2026-11-30',
  note: 'Kubernetes 1.28.15-aliyun.1, 1.28.9-aliyun.1 and 1.28.3-aliyun.1 (page shows no date; read 2026-11-30)',
};

export const RELEASE_NOTES_1_26: Source = {
  title: 'Kubernetes 1.26 release notes',
  url: 'https://alibabacloud.com/help/en/ack/product-overview/kubernetes-1-26-release-notes',
  updated: '2026-11-30',
  note: 'Kubernetes 1.26.3-aliyun.1, containerd 1.6.20 (page shows no date; read 2026-11-30)',
};

export const SANDBOXED_PAGE: Source = {
  title: 'Create a sandboxed container node pool (Limits)',
  url: 'https://www.alibabacloud.com/help/en/container-service-for-kubernetes/latest/create-a-security-sandbox-cluster',
  updated: '2026-11-30',
  note: 'versions 1.16 to 1.34; below 1.30 Alibaba Cloud Linux 3 or 2 (maintenance stopped), from 1.30 only 3; ECS Bare Metal only; no custom images',
};

export const CONTAINERD_2_1: Source = {
  title: 'Containerd 2.1',
  url: 'https://www.alibabacloud.com/help/es/ack/product-overview/introduction-to-containerd-2-1',
  updated: '2026-09-25',
  note: 'clusters from 1.33 use containerd 2.1 by default',
};

export const VERSION_METADATA_API: Source = {
  title: 'DescribeKubernetesVersionMetadata',
  url: 'https://www.alibabacloud.com/help/pt-br/ack/ack-managed-and-ack-dedicated/developer-reference/api-query-information-about-a-kubernetes-version-supported-by-ack',
  updated: '2026-07-08',
};

/** Where the documentation is silent. */
export function assumed(note: string, base?: Source): Source {
  return { title: base?.title ?? 'assumed (no ACK page states it)', ...(base?.url ? { url: base.url } : {}), updated: base?.updated ?? '2026-11-30', assumed: true, note };
}
