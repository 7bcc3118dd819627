import { describe, expect, it } from 'vitest';
import { planProfile, planProfileDetailed } from '../../src/plan/index.js';
import { makeProfile, pool } from '../scenarios/profiles.js';
import { field, op } from './helpers.js';
import { poolSubPlan } from '../../src/commands/nodepool-add.js';
import { inlineRefusal } from '../../src/plan/inline-pools.js';
import { renderPlan } from '../../src/plan/render.js';

describe('planProfile: the cluster', () => {
  it('creates a managed Terway cluster with no inline node pools, tagged with the profile', () => {
    const plan = planProfile(makeProfile({ tags: { team: 'shop', cost: 'web' } }));
    expect(plan.profile).toBe('unit');
    expect(plan.region).toBe('cn-hangzhou');
    expect(op(plan, 'cluster')).toEqual({
      id: 'cluster',
      api: 'CreateCluster',
      method: 'POST',
      path: '/clusters',
      body: {
        addons: [{ name: 'terway-eniip' }],
        cluster_spec: 'ack.pro.small',
        cluster_type: 'ManagedKubernetes',
        deletion_protection: true,
        endpoint_public_access: false,
        kubernetes_version: '1.30.7-aliyun.1',
        name: 'unit',
        pod_vswitch_ids: ['vsw-bp1podh000004', 'vsw-bp1podi000005'],
        profile: 'Default',
        proxy_mode: 'ipvs',
        region_id: 'cn-hangzhou',
        service_cidr: '172.21.0.0/20',
        snat_entry: true,
        tags: [
          { key: 'ackl2.io/profile', value: 'unit' },
          { key: 'cost', value: 'web' },
          { key: 'team', value: 'shop' },
        ],
        vpcid: 'vpc-bp1ackl2demo0001',
        vswitch_ids: ['vsw-bp1nodeh00001', 'vsw-bp1nodei00002'],
      },
      dependsOn: [],
    });
  });

  it('uses container_cidr and the flannel add-on for flannel, and the profile\'s flags', () => {
    const body = op(
      planProfile(
        makeProfile({
          cluster: { spec: 'ack.standard', deletionProtection: false, apiServer: { publicAccess: true }, addons: [{ name: 'csi-plugin', version: '1.30.1' }] },
          network: { plugin: 'flannel', podVswitchIds: undefined, podCidr: '172.20.0.0/16', serviceCidr: '172.22.0.0/20', proxyMode: 'iptables', natGateway: false },
        }),
      ),
      'cluster',
    ).body;
    expect(body).toMatchObject({
      addons: [{ name: 'flannel' }, { name: 'csi-plugin', version: '1.30.1' }],
      cluster_spec: 'ack.standard',
      container_cidr: '172.20.0.0/16',
      deletion_protection: false,
      endpoint_public_access: true,
      proxy_mode: 'iptables',
      service_cidr: '172.22.0.0/20',
      snat_entry: false,
    });
    expect(body).not.toHaveProperty('pod_vswitch_ids');
  });

  it('lets the profile own the profile tag even if metadata.tags tries to set it', () => {
    // The schema refuses the ackl2.io/ prefix; the planner holds the line on its own too.
    const profile = makeProfile();
    profile.metadata.tags['ackl2.io/profile'] = 'other';
    const tags = field(op(planProfile(profile), 'cluster').body, 'tags');
    expect(tags).toEqual([{ key: 'ackl2.io/profile', value: 'unit' }]);
    expect(() => makeProfile({ tags: { 'ackl2.io/profile': 'other' } })).toThrow('uses the prefix ackl2.io/, which ackl2 reserves');
  });
});

describe('planProfile: node pools', () => {
  it('maps every pool field to CreateClusterNodePool', () => {
    const profile = makeProfile({
      tags: { team: 'shop' },
      pools: [
        pool({
          name: 'api',
          instanceTypes: ['ecs.g7.xlarge', 'ecs.g6.xlarge'],
          vswitchIds: ['vsw-bp1nodeh00001'],
          image: { os: 'AliyunLinux3', id: 'aliyun_3_x64_20G_alibase_20240819.vhd' },
          desiredSize: 4,
          systemDisk: { category: 'cloud_essd', sizeGiB: 80, performanceLevel: 'PL0' },
          dataDisks: [{ sizeGiB: 200 }, { category: 'cloud_essd', sizeGiB: 500, performanceLevel: 'PL1' }],
          login: { passwordFromEnv: 'NODE_PASSWORD' },
          labels: { tier: 'api', app: 'shop' },
          taints: [{ key: 'dedicated', value: 'api', effect: 'NoSchedule' }, { key: 'spot', effect: 'PreferNoSchedule' }],
          kubelet: { maxPods: 110, cpuManagerPolicy: 'static' },
          allowedUnsafeSysctls: ['net.ipv4.tcp_keepalive_time'],
        }),
      ],
    });
    expect(op(planProfile(profile), 'nodepool/api')).toEqual({
      id: 'nodepool/api',
      api: 'CreateClusterNodePool',
      method: 'POST',
      path: '/clusters/{cluster_id}/nodepools',
      body: {
        kubernetes_config: {
          cpu_policy: 'static',
          labels: [
            { key: 'app', value: 'shop' },
            { key: 'tier', value: 'api' },
          ],
          runtime: 'containerd',
          taints: [
            { effect: 'NoSchedule', key: 'dedicated', value: 'api' },
            { effect: 'PreferNoSchedule', key: 'spot' },
          ],
        },
        management: { auto_repair: true, auto_upgrade: false, auto_vul_fix: false, enable: true },
        node_config: { kubelet_configuration: { allowedUnsafeSysctls: ['net.ipv4.tcp_keepalive_time'], maxPods: 110 } },
        nodepool_info: { name: 'api', type: 'ess' },
        scaling_group: {
          data_disks: [
            { category: 'cloud_essd', size: 200 },
            { category: 'cloud_essd', performance_level: 'PL1', size: 500 },
          ],
          desired_size: 4,
          image_id: 'aliyun_3_x64_20G_alibase_20240819.vhd',
          image_type: 'AliyunLinux3',
          instance_charge_type: 'PostPaid',
          instance_types: ['ecs.g7.xlarge', 'ecs.g6.xlarge'],
          login_password: '${env:NODE_PASSWORD}',
          system_disk_category: 'cloud_essd',
          system_disk_performance_level: 'PL0',
          system_disk_size: 80,
          tags: [
            { key: 'ackl2.io/profile', value: 'unit' },
            { key: 'team', value: 'shop' },
          ],
          vswitch_ids: ['vsw-bp1nodeh00001'],
        },
      },
      dependsOn: ['cluster'],
      // Every one of these fields is one of CreateCluster's nodepools[] too.
      inline: true,
    });
  });

  it('maps AliyunLinux2 to the API image type AliyunLinux, and defaults the vSwitches to the cluster\'s', () => {
    const body = op(planProfile(makeProfile({ pools: [pool({ image: { os: 'AliyunLinux2' } })] })), 'nodepool/web').body;
    expect(field(body, 'scaling_group.image_type')).toBe('AliyunLinux');
    expect(field(body, 'scaling_group.image_id')).toBeUndefined();
    expect(field(body, 'scaling_group.vswitch_ids')).toEqual(['vsw-bp1nodeh00001', 'vsw-bp1nodei00002']);
    expect(field(body, 'scaling_group.key_pair')).toBe('ackl2-demo');
  });

  it('keeps secrets out: a password is an env placeholder, never its value', () => {
    process.env.ACKL2_TEST_NODE_PASSWORD = 'Sup3r-Secret!';
    try {
      const profile = makeProfile({
        pools: [pool({ login: { passwordFromEnv: 'ACKL2_TEST_NODE_PASSWORD' }, join: { instanceIds: ['i-bp1spare000001'] } })],
      });
      const json = JSON.stringify(planProfile(profile));
      expect(json).not.toContain('Sup3r-Secret!');
      expect(field(op(planProfile(profile), 'join/web').body, 'password')).toBe('${env:ACKL2_TEST_NODE_PASSWORD}');
    } finally {
      delete process.env.ACKL2_TEST_NODE_PASSWORD;
    }
  });

  it('sends a pre-join script only to pools that need node tunings', () => {
    const plan = planProfile(makeProfile({ pools: [pool(), pool({ name: 'tuned', sysctls: { 'net.ipv4.tcp_slow_start_after_idle': 0 } })] }));
    expect(field(op(plan, 'nodepool/web').body, 'kubernetes_config.pre_user_data')).toBeUndefined();
    const script = Buffer.from(String(field(op(plan, 'nodepool/tuned').body, 'kubernetes_config.pre_user_data')), 'base64').toString('utf8');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain("'net.ipv4.tcp_slow_start_after_idle = 0'");
  });
});

describe('planProfile: operations', () => {
  it('attaches listed instances after their pool, through the pool placeholder', () => {
    const plan = planProfile(makeProfile({ pools: [pool({ join: { instanceIds: ['i-bp1spare000001', 'i-bp1spare000002'], formatDisk: true, keepInstanceName: false } })] }));
    expect(op(plan, 'join/web')).toEqual({
      id: 'join/web',
      api: 'AttachInstancesToNodePool',
      method: 'POST',
      path: '/clusters/{cluster_id}/nodepools/{nodepool_id:web}/attach',
      body: { format_disk: true, instances: ['i-bp1spare000001', 'i-bp1spare000002'], keep_instance_name: false },
      dependsOn: ['nodepool/web'],
    });
  });

  it('orders the cluster, the autoscaler, the pools in profile order, then the joins', () => {
    const plan = planProfile(
      makeProfile({
        scenarios: { fastScale: {} },
        pools: [
          pool({ name: 'b', join: { instanceIds: ['i-bp1spare000001'] } }),
          pool({ name: 'a', desiredSize: undefined, autoscaling: { min: 0, max: 3 }, join: { instanceIds: ['i-bp1spare000002'] } }),
        ],
      }),
    );
    expect(plan.operations.map((o) => [o.id, o.dependsOn])).toEqual([
      ['cluster', []],
      ['autoscaler', ['cluster']],
      ['nodepool/b', ['cluster']],
      ['nodepool/a', ['cluster']],
      ['join/b', ['nodepool/b']],
      ['join/a', ['nodepool/a']],
    ]);
  });

  it('is deterministic: the same profile, or the same maps in another order, give byte-identical JSON', () => {
    const a = makeProfile({ tags: { b: '2', a: '1' }, scenarios: { bbr: {}, dnsConntrack: {} }, pools: [pool({ labels: { z: '1', y: '2' }, sysctls: { 'net.core.somaxconn': 1024, 'fs.file-max': 100000 } })] });
    const b = makeProfile({ tags: { a: '1', b: '2' }, scenarios: { dnsConntrack: {}, bbr: {} }, pools: [pool({ labels: { y: '2', z: '1' }, sysctls: { 'fs.file-max': 100000, 'net.core.somaxconn': 1024 } })] });
    expect(JSON.stringify(planProfile(a))).toBe(JSON.stringify(planProfile(a)));
    expect(JSON.stringify(planProfile(b))).toBe(JSON.stringify(planProfile(a)));
  });

  it('sorts every key of every body', () => {
    const plan = planProfile(makeProfile({ scenarios: { fastScale: {}, bbr: {} }, pools: [pool({ desiredSize: undefined, autoscaling: { min: 0, max: 2 }, join: { instanceIds: ['i-bp1spare000001'] } })] }));
    const check = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(check);
      if (value === null || typeof value !== 'object') return;
      const keys = Object.keys(value);
      expect(keys).toEqual([...keys].sort());
      Object.values(value).forEach(check);
    };
    for (const operation of plan.operations) check(operation.body);
  });

  it('does not change the profile it plans', () => {
    const profile = makeProfile({ scenarios: { terwayDataPathV2: {}, bbr: {}, dataAcceleration: {} }, cluster: { addons: [{ name: 'terway-eniip', config: '{}' }] }, pools: [pool({ dataDisks: [{ sizeGiB: 100 }] })] });
    const before = structuredClone(profile);
    planProfile(profile);
    expect(profile).toEqual(before);
  });

  it('details each operation for the human plan: facts, tunings, script', () => {
    const { details } = planProfileDetailed(makeProfile({ cluster: { kubernetesVersion: '1.34' }, scenarios: { terwayDataPathV2: {}, bbr: {} } }));
    expect(details.get('cluster')?.tunings).toEqual(['terwayDataPathV2']);
    expect(details.get('nodepool/web')?.tunings).toEqual(['bbr']);
    expect(details.get('nodepool/web')?.script).toContain('tcp_congestion_control = bbr');
    expect(details.get('nodepool/web')?.facts).toContainEqual(['pre-join', 'sysctls net.core.default_qdisc=fq, net.ipv4.tcp_congestion_control=bbr; modules sch_fq, tcp_bbr; fq root qdisc on existing interfaces']);
    const many = planProfileDetailed(makeProfile({ scenarios: { bbr: {}, dnsConntrack: {} } })).details.get('nodepool/web');
    expect(many?.facts).toContainEqual(['pre-join', '4 sysctls; modules nf_conntrack, sch_fq, tcp_bbr; fq root qdisc on existing interfaces']);
    expect(details.get('cluster')?.facts[0]).toEqual(['creates', 'ACK managed cluster "unit" (ack.pro.small, Kubernetes 1.34, newest patch at create time; `ackl2 pin` writes it)']);
    expect(details.get('cluster')?.facts).toContainEqual(['services', '172.21.0.0/20, no kube-proxy (DataPath V2 routes services in eBPF); SNAT on; public API server off']);
    expect(details.get('nodepool/web')?.facts).toContainEqual(['image', 'AliyunLinux2 (image_type AliyunLinux), pinned aliyun_2_1903_x64_20G_alibase_20240628.vhd']);
  });

  it('says why a sandboxed pool has no pinned image', () => {
    const profile = makeProfile({ pools: [pool({ instanceTypes: ['ecs.ebmg7.32xlarge'], image: { os: 'AliyunLinux2' }, dataDisks: [{ sizeGiB: 200 }], scenarios: { sandboxed: {} } })], cluster: { kubernetesVersion: '1.28.15-aliyun.1' } });
    expect(planProfileDetailed(profile).details.get('nodepool/web')?.facts).toContainEqual(['image', 'AliyunLinux2 (image_type AliyunLinux), the sandbox-ready image ACK prepares (sandboxed pools are not pinned)']);
  });

  it('sends a minor Kubernetes version as written, and says create resolves it', () => {
    const detailed = planProfileDetailed(makeProfile({ cluster: { kubernetesVersion: '1.30' } }));
    expect(field(op(detailed.plan, 'cluster').body, 'kubernetes_version')).toBe('1.30');
    expect(detailed.details.get('cluster')?.facts[0]).toEqual(['creates', 'ACK managed cluster "unit" (ack.pro.small, Kubernetes 1.30, newest patch at create time; `ackl2 pin` writes it)']);
  });
});

describe('planProfile: node-pool OS parameters', () => {
  const tuned = () => pool({ sysctls: { 'net.core.somaxconn': 32768, 'net.ipv4.ip_local_port_range': '1024 65000', 'vm.overcommit_memory': 1 } });

  it('sends the sysctls ACK takes as the pool OS parameters after the pool (and its attach), the rest in the pre-join script', () => {
    const detailed = planProfileDetailed(makeProfile({ scenarios: { bbr: {} }, pools: [{ ...tuned(), join: { instanceIds: ['i-bp1spare000001'], formatDisk: false, keepInstanceName: true } }] }));
    expect(op(detailed.plan, 'os-parameters/web')).toEqual({
      id: 'os-parameters/web',
      api: 'ModifyNodePoolNodeConfig',
      method: 'PUT',
      path: '/clusters/{cluster_id}/nodepools/{nodepool_id:web}/node_config',
      body: { os_config: { sysctl: { 'net.core.somaxconn': '32768', 'net.ipv4.ip_local_port_range': '1024 65000' } }, rolling_policy: { max_parallelism: 1 } },
      dependsOn: ['nodepool/web', 'join/web'],
    });
    const script = detailed.details.get('nodepool/web')?.script ?? '';
    expect(script).not.toContain('somaxconn');
    expect(script).not.toContain('ip_local_port_range');
    expect(script).toContain("'vm.overcommit_memory = 1'");
    expect(script).toContain("'net.ipv4.tcp_congestion_control = bbr'");
    const facts = detailed.details.get('nodepool/web')?.facts ?? [];
    expect(facts).toContainEqual(['OS params', 'sysctls net.core.somaxconn=32768, net.ipv4.ip_local_port_range=1024 65000: set by ACK after the pool is created (os-parameters/web)']);
    expect(facts).toContainEqual([
      'sysctls',
      "net.core.default_qdisc, net.ipv4.tcp_congestion_control, vm.overcommit_memory: not among the sysctls ACK's node-pool OS parameters take, so the pre-join script sets them",
    ]);
  });

  it('keeps every sysctl in the script below Kubernetes 1.28, where ACK has no OS parameters, and says so', () => {
    const detailed = planProfileDetailed(makeProfile({ cluster: { kubernetesVersion: '1.26.15-aliyun.1' }, pools: [tuned()] }));
    expect(detailed.plan.operations.some((o) => o.api === 'ModifyNodePoolNodeConfig')).toBe(false);
    expect(detailed.details.get('nodepool/web')?.script).toContain("'net.core.somaxconn = 32768'");
    expect(detailed.details.get('nodepool/web')?.facts).toContainEqual([
      'sysctls',
      "net.core.somaxconn, net.ipv4.ip_local_port_range, vm.overcommit_memory: ACK's node-pool OS parameters need Kubernetes 1.28+, so the pre-join script sets them",
    ]);
  });

  it('nodepool add takes the pool\'s OS-parameters step along with the pool', () => {
    const plan = planProfile(makeProfile({ pools: [tuned(), pool({ name: 'other' })] }));
    expect(poolSubPlan(plan, 'web').operations.map((o) => `${o.id} <- ${o.dependsOn.join(',')}`)).toEqual(['nodepool/web <- ', 'os-parameters/web <- nodepool/web']);
  });

  it('plans no OS-parameters step for a pool without such sysctls, and caps the batch at ACK\'s 10', () => {
    expect(planProfile(makeProfile({ scenarios: { bbr: {}, dnsConntrack: {} } })).operations.map((o) => o.id)).not.toContain('os-parameters/web');
    const wide = planProfile(makeProfile({ pools: [{ ...tuned(), rollingPolicy: { maxUnavailable: 50 } }] }));
    expect(field(op(wide, 'os-parameters/web').body, 'rolling_policy.max_parallelism')).toBe(10);
  });
});

describe('planProfile: node pools inside CreateCluster', () => {
  it('marks a pool inline only when CreateCluster\'s nodepools[] takes every field it sets: a pre-join script keeps a pool on its own', () => {
    const plan = planProfile(makeProfile({ pools: [pool(), pool({ name: 'tuned', sysctls: { 'net.ipv4.tcp_slow_start_after_idle': 0 } })] }));
    expect(op(plan, 'nodepool/web').inline).toBe(true);
    expect(op(plan, 'nodepool/tuned').inline).toBeUndefined();
    expect(inlineRefusal(op(plan, 'nodepool/tuned'), plan.operations)).toBe("CreateCluster's nodepools[] has no kubernetes_config.pre_user_data");
    expect(op(plan, 'cluster').body).not.toHaveProperty('nodepools');
  });

  it('sends no pool inline when the cluster autoscaler is configured first', () => {
    const plan = planProfile(makeProfile({ scenarios: { fastScale: {} }, pools: [pool(), pool({ name: 'a', desiredSize: undefined, autoscaling: { min: 0, max: 3 } })] }));
    expect(plan.operations.filter((o) => o.inline)).toEqual([]);
    expect(inlineRefusal(op(plan, 'nodepool/web'), plan.operations)).toMatch(/autoscaler is configured before any pool/);
  });

  it('keeps a pool that waits for a step inside the running cluster on its own', () => {
    const plan = planProfile(makeProfile({ pools: [pool()] }));
    const waiting = { ...op(plan, 'nodepool/web'), dependsOn: ['cluster', 'ebpf-conntrack'] };
    expect(inlineRefusal(waiting, plan.operations)).toBe('it waits for ebpf-conntrack, which needs the running cluster');
  });

  it('says in the human plan which pools come up inside CreateCluster and why the others do not', () => {
    const text = renderPlan(planProfileDetailed(makeProfile({ pools: [pool(), pool({ name: 'tuned', sysctls: { 'net.ipv4.tcp_slow_start_after_idle': 0 } })] })));
    expect(text).toContain('nodepool/web created inside this request (nodepools[]); 1 on their own');
    expect(text).toMatch(/nodepool\/web +inside CreateCluster \(nodepools\[\]\) +POST \/clusters/);
    expect(text).toContain("CreateClusterNodePool once the cluster runs: CreateCluster's nodepools[] has no kubernetes_config.pre_user_data");
    expect(text).toContain('2) nodepool/web (comes up with the cluster), nodepool/tuned (in parallel)');
  });
});
