/** ACK catalogue actions: Kubernetes version metadata and the add-on catalogue. */

import { findRegion } from '../catalog.js';
import { compareVersions } from '../../versions.js';
import type { BackendContext } from '../context.js';
import type { JsonObject } from '../state.js';
import { ackError } from './errors.js';
import type { AckRequest, AckResponse } from './types.js';

const OS_VERSION: Record<string, string> = { AliyunLinux: '2.1903', AliyunLinux3: '3.2104', AliyunLinux3ContainerOptimized: '3.2104', ContainerOS: '3.3' };

/** GET /api/v1/metadata/versions: one entry per version; `images` lists only creatable OS images. */
export function describeKubernetesVersionMetadata(req: AckRequest, ctx: BackendContext): AckResponse {
  const regionId = req.query.Region;
  if (!regionId) throw ackError('invalidParameter', 'Region is required');
  const region = findRegion(ctx.state, regionId);
  if (!region) throw ackError('regionNotFound', `region ${regionId} is not served`);
  const clusterType = req.query.ClusterType;
  if (!clusterType) throw ackError('invalidParameter', 'ClusterType is required');
  const wanted = req.query.KubernetesVersion;
  const versions = ctx.state.world.kubernetesVersions
    .filter((v) => !wanted || v.version === wanted || v.version.startsWith(`${wanted}.`))
    .sort((a, b) => compareVersions(a.version, b.version));
  const all = ctx.state.world.kubernetesVersions.map((v) => v.version).sort(compareVersions);
  const body = versions.map((v): JsonObject => {
    const images = region.images
      .filter((img) => img.ackImageType !== undefined && v.creatableImageTypes.includes(img.ackImageType) && img.status === 'Available')
      .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime))
      .map((img) => ({
        image_id: img.id,
        image_name: img.name ?? img.osName,
        platform: img.platform,
        os_version: OS_VERSION[img.ackImageType ?? ''] ?? '',
        image_type: img.ackImageType ?? '',
        os_type: img.osType === 'windows' ? 'Windows' : 'Linux',
        image_category: 'system',
        architecture: img.architecture,
      }));
    const runtimes = req.query.runtime ? v.runtimes.filter((r) => r.name === req.query.runtime) : v.runtimes;
    return {
      version: v.version,
      release_date: v.releaseDate,
      expiration_date: v.expirationDate ?? '',
      creatable: v.creatable,
      images,
      runtimes: runtimes.map((r) => ({ name: r.name, version: r.version })),
      meta_data: {
        KubernetesVersion: v.version,
        SubClass: 'default',
        MultiAZ: 'true',
        ImageTypes: v.creatableImageTypes,
      },
      capabilities: {},
      upgradable_versions: req.query.QueryUpgradableVersion === 'true' ? all.filter((x) => compareVersions(x, v.version) > 0) : [],
    };
  });
  return { body };
}

interface AddonEntry {
  name: string;
  version: string;
  category: string;
  installByDefault: boolean;
  managed: boolean;
  description: string;
}

const ADDONS: AddonEntry[] = [
  { name: 'terway-eniip', version: 'v1.9.4', category: 'network', installByDefault: false, managed: false, description: 'Terway ENI multi-IP network plugin (IPVlan + eBPF acceleration)' },
  { name: 'flannel', version: 'v0.15.1.22', category: 'network', installByDefault: false, managed: false, description: 'Flannel VPC route network plugin' },
  { name: 'csi-plugin', version: 'v1.30.3', category: 'storage', installByDefault: true, managed: false, description: 'CSI storage plugin (disks, NAS, OSS)' },
  { name: 'csi-provisioner', version: 'v1.30.3', category: 'storage', installByDefault: true, managed: false, description: 'CSI volume provisioner' },
  { name: 'coredns', version: 'v1.11.3.2', category: 'network', installByDefault: true, managed: false, description: 'Cluster DNS' },
  { name: 'ack-node-local-dns', version: '1.5.6', category: 'network', installByDefault: false, managed: false, description: 'NodeLocal DNSCache' },
  { name: 'managed-kube-proxy', version: 'v1.30.7', category: 'network', installByDefault: true, managed: true, description: 'Managed kube-proxy' },
  { name: 'metrics-server', version: 'v0.3.9.7', category: 'monitor', installByDefault: true, managed: true, description: 'Resource metrics for HPA' },
  { name: 'nginx-ingress-controller', version: 'v1.10.4', category: 'network', installByDefault: false, managed: false, description: 'NGINX Ingress' },
  { name: 'cluster-autoscaler', version: 'v1.30.1', category: 'others', installByDefault: false, managed: true, description: 'Node auto scaling (fast scale-out)' },
  { name: 'ack-koordinator', version: '1.5.0', category: 'others', installByDefault: false, managed: false, description: 'Resource QoS, CPU burst, memory QoS' },
  { name: 'ack-fluid', version: '1.0.3', category: 'storage', installByDefault: false, managed: false, description: 'Fluid data acceleration' },
  { name: 'ack-ai-installer', version: '1.10.1', category: 'others', installByDefault: false, managed: false, description: 'GPU scheduling (cGPU, topology aware)' },
  { name: 'ack-sandboxed-container', version: 'v2.4.1', category: 'runtime', installByDefault: false, managed: false, description: 'Sandboxed containers (runV)' },
  { name: 'logtail-ds', version: 'v1.8.7', category: 'logging', installByDefault: false, managed: false, description: 'Log Service collector' },
  { name: 'arms-prometheus', version: '1.1.24', category: 'monitor', installByDefault: false, managed: false, description: 'Managed Prometheus' },
  { name: 'ack-node-problem-detector', version: '1.2.20', category: 'monitor', installByDefault: false, managed: false, description: 'Node problem detector' },
];

/** GET /addons (ListAddons). */
export function listAddons(req: AckRequest, ctx: BackendContext): AckResponse {
  if (req.query.region_id && !findRegion(ctx.state, req.query.region_id)) throw ackError('regionNotFound', `region ${req.query.region_id} is not served`);
  return {
    body: {
      addons: ADDONS.map((a) => ({
        name: a.name,
        version: a.version,
        category: a.category,
        install_by_default: a.installByDefault,
        managed: a.managed,
        supported_actions: ['Install', 'Upgrade', 'Modify', 'Uninstall'],
        config_schema: '{"type":"object","properties":{}}',
        architecture: ['amd64', 'arm64'],
      })),
    },
  };
}

/** GET /clusters/components/metadata (DescribeAddons, the older catalogue). */
export function describeAddons(req: AckRequest, ctx: BackendContext): AckResponse {
  if (!req.query.region) throw ackError('invalidParameter', 'region is required');
  if (!findRegion(ctx.state, req.query.region)) throw ackError('regionNotFound', `region ${req.query.region} is not served`);
  const groups = new Map<string, string[]>();
  for (const a of ADDONS) groups.set(a.category, [...(groups.get(a.category) ?? []), a.name]);
  const standard: Record<string, JsonObject> = {};
  for (const a of ADDONS) standard[a.name] = { name: a.name, version: a.version, description: a.description, required: String(a.installByDefault), disabled: false };
  return {
    body: {
      ComponentGroups: [...groups].map(([group, names]) => ({ group_name: group, items: names.map((name) => ({ name })) })),
      StandardComponents: standard,
    },
  };
}
