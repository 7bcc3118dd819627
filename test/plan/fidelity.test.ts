import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinProfilesDir } from '../../src/paths.js';
import { planProfile } from '../../src/plan/index.js';
import type { Plan } from '../../src/plan/types.js';
import { loadProfile } from '../../src/profile/load.js';
import { makeProfile, pool } from '../scenarios/profiles.js';
import { checkAgainstModel, clientRoute, requestModel } from './sdk-models.js';

/** Every field the profile format has, across two synthetic profiles (Terway and flannel). */
function syntheticProfiles() {
  const terway = makeProfile({
    tags: { team: 'shop', env: 'prod' },
    cluster: {
      kubernetesVersion: '1.28.15-aliyun.1',
      deletionProtection: false,
      apiServer: { publicAccess: true },
      addons: [{ name: 'csi-plugin', version: '1.30.1' }, { name: 'terway-eniip', config: '{"ENITrunking":"false"}' }, { name: 'nginx-ingress-controller', disabled: true }],
    },
    scenarios: { terwayDataPathV2: { networkPolicy: true }, bbr: {}, fastScale: { scanIntervalSeconds: 30 }, dnsConntrack: { nodeLocalDns: true }, resourceQos: {}, dataAcceleration: {}, podSysctls: { allow: ['net.ipv4.tcp_keepalive_time'] }, bfqIo: {} },
    pools: [
      pool({
        name: 'web',
        instanceTypes: ['ecs.g7.xlarge', 'ecs.g6.xlarge'],
        vswitchIds: ['vsw-bp1nodeh00001'],
        systemDisk: { category: 'cloud_essd', sizeGiB: 80, performanceLevel: 'PL0' },
        dataDisks: [{ sizeGiB: 200, performanceLevel: 'PL1' }, { category: 'cloud_auto', sizeGiB: 100 }],
        login: { passwordFromEnv: 'NODE_PASSWORD' },
        labels: { tier: 'web' },
        taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }, { key: 'spot', effect: 'NoExecute' }],
        sysctls: { 'net.core.somaxconn': 4096, 'net.ipv4.ip_local_port_range': '1024 65000' },
        allowedUnsafeSysctls: ['kernel.shmmax'],
        kubelet: { maxPods: 64, cpuManagerPolicy: 'static' },
        join: { instanceIds: ['i-bp1spare000001', 'i-bp1spare000002'], formatDisk: true, keepInstanceName: false },
      }),
      pool({ name: 'gpu', instanceTypes: ['ecs.gn7i-c8g1.2xlarge'], desiredSize: undefined, autoscaling: { min: 0, max: 8 }, dataDisks: [{ sizeGiB: 500 }], scenarios: { bbr: { allowPodOverride: false } } }),
      pool({
        name: 'tenants',
        instanceTypes: ['ecs.ebmg7.32xlarge'],
        image: { os: 'AliyunLinux2' },
        dataDisks: [{ sizeGiB: 200 }],
        scenarios: { sandboxed: { runtimeVersion: '2.2.0' } },
        join: { instanceIds: ['i-bp1spare000003'] },
      }),
      pool({ name: 'al3', image: { os: 'AliyunLinux3', id: 'aliyun_3_x64_20G_alibase_20240819.vhd' }, runtime: 'sandboxed', instanceTypes: ['ecs.ebmc7.48xlarge'], dataDisks: [{ sizeGiB: 300 }] }),
    ],
  });
  const flannel = makeProfile({
    cluster: { spec: 'ack.standard' },
    network: { plugin: 'flannel', podVswitchIds: undefined, podCidr: '172.20.0.0/16', proxyMode: 'iptables', natGateway: false },
    pools: [pool({ desiredSize: 0 })],
  });
  return { terway, flannel };
}

function expectFaithful(plan: Plan): void {
  for (const operation of plan.operations) {
    // The Kubernetes API, not an ACK SDK call: a ConfigMap with the path of the object it names.
    if (operation.api === 'ApplyConfigMap') {
      const metadata = operation.body.metadata as { namespace: string; name: string };
      expect(operation.body.kind, operation.id).toBe('ConfigMap');
      expect(operation.path, operation.id).toBe(`/api/v1/namespaces/${metadata.namespace}/configmaps/${metadata.name}`);
      continue;
    }
    if (operation.api === 'ApplyNamespace') {
      const metadata = operation.body.metadata as { name: string };
      expect(operation.body.kind, operation.id).toBe('Namespace');
      expect(operation.path, operation.id).toBe(`/api/v1/namespaces/${metadata.name}`);
      continue;
    }
    expect(checkAgainstModel(operation.body, requestModel(operation.api)), `${plan.profile} ${operation.id}`).toEqual([]);
    const route = clientRoute(operation.api);
    expect(operation.method, operation.id).toBe(route.method);
    expect(operation.path.replace(/\{nodepool_id:[^}]+\}/, '{nodepool_id}'), operation.id).toBe(route.path);
  }
}

describe('API fidelity: every planned body against the SDK request models', () => {
  const readyMade = readdirSync(builtinProfilesDir())
    .filter((name) => name.endsWith('.yaml'))
    .sort();

  it('covers the ready-made profiles', () => {
    const scenarios = ['ai-training', 'autoscaling', 'colocated-qos', 'quickstart', 'sandboxed', 'web'];
    // Each ready-made scenario in two flavours: AliyunLinux2 (pinned below 1.30) and AliyunLinux3.
    expect(readyMade).toEqual(scenarios.flatMap((name) => [`${name}-alinux3.yaml`, `${name}.yaml`]));
  });

  it.each(readyMade)('profiles/%s', async (name) => {
    const { profile } = await loadProfile(`profiles/${name}`, { cwd: new URL('../../', import.meta.url).pathname });
    expectFaithful(planProfile(profile));
  });

  it('holds for synthetic profiles that use every field and every scenario', () => {
    const { terway, flannel } = syntheticProfiles();
    const plan = planProfile(terway);
    expect(plan.operations.map((o) => o.api).sort()).toEqual([
      'ApplyConfigMap',
      'ApplyConfigMap',
      'ApplyConfigMap',
      'ApplyNamespace',
      'AttachInstancesToNodePool',
      'AttachInstancesToNodePool',
      'CreateAutoscalingConfig',
      'CreateCluster',
      'CreateClusterNodePool',
      'CreateClusterNodePool',
      'CreateClusterNodePool',
      'CreateClusterNodePool',
      'ModifyNodePoolNodeConfig',
    ]);
    expectFaithful(plan);
    expectFaithful(planProfile(flannel));
  });
});

describe('the fidelity check itself', () => {
  const nodePool = requestModel('CreateClusterNodePool');
  const good = () => structuredClone(planProfile(syntheticProfiles().terway).operations.find((o) => o.id === 'nodepool/web')!.body) as Record<string, any>;

  it('passes the good body it is shown', () => {
    expect(checkAgainstModel(good(), nodePool)).toEqual([]);
  });

  it('catches an unknown key, at any depth', () => {
    const top = { ...good(), node_pool_info: { name: 'x' } };
    expect(checkAgainstModel(top, nodePool)).toEqual(['$.node_pool_info: CreateClusterNodePoolRequest has no wire field "node_pool_info"']);
    const nested = good();
    nested.scaling_group.instanceTypes = ['ecs.g7.xlarge'];
    expect(checkAgainstModel(nested, nodePool)).toEqual(['$.scaling_group.instanceTypes: CreateClusterNodePoolRequestScalingGroup has no wire field "instanceTypes"']);
    const kubelet = good();
    kubelet.node_config.kubelet_configuration.max_pods = 64; // snake_case where the API is camelCase
    expect(checkAgainstModel(kubelet, nodePool)).toEqual(['$.node_config.kubelet_configuration.max_pods: KubeletConfig has no wire field "max_pods"']);
  });

  it('catches a wrong type: string, number, boolean, array, map, nested model', () => {
    const body = good();
    body.scaling_group.desired_size = '3';
    body.scaling_group.system_disk_category = 120;
    body.auto_scaling = { enable: 'yes' };
    body.scaling_group.instance_types = 'ecs.g7.xlarge';
    body.kubernetes_config.labels = { tier: 'web' };
    body.management = true;
    body.scaling_group.vswitch_ids = [1];
    expect(checkAgainstModel(body, nodePool).sort()).toEqual(
      [
        '$.auto_scaling.enable: expected boolean, got string "yes"',
        '$.kubernetes_config.labels: expected an array, got object {"tier":"web"}',
        '$.management: expected an object for CreateClusterNodePoolRequestManagement, got boolean true',
        '$.scaling_group.desired_size: expected number, got string "3"',
        '$.scaling_group.instance_types: expected an array, got string "ecs.g7.xlarge"',
        '$.scaling_group.system_disk_category: expected string, got number 120',
        '$.scaling_group.vswitch_ids[0]: expected string, got number 1',
      ].sort(),
    );
  });

  it('catches a wrong map value type (priorities of CreateAutoscalingConfig)', () => {
    const autoscaling = requestModel('CreateAutoscalingConfig');
    expect(checkAgainstModel({ priorities: { '10': ['asg-1'] } }, autoscaling)).toEqual([]);
    expect(checkAgainstModel({ priorities: { '10': 'asg-1' } }, autoscaling)).toEqual(['$.priorities.10: expected an array, got string "asg-1"']);
    expect(checkAgainstModel({ priorities: ['asg-1'] }, autoscaling)).toEqual(['$.priorities: expected a map, got an array']);
  });

  it('reads the SDK client\'s routes', () => {
    expect(clientRoute('CreateCluster')).toEqual({ method: 'POST', path: '/clusters' });
    expect(clientRoute('AttachInstancesToNodePool')).toEqual({ method: 'POST', path: '/clusters/{cluster_id}/nodepools/{nodepool_id}/attach' });
  });
});
