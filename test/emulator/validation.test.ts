/** Every check ACK makes before accepting work: the error code, status, and that nothing was created. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { apiError, clients, clusterRequest, cs, fastEmulator, poolRequest, runningCluster, waitTask, WORLD, type CsClient } from './helpers.js';

describe('ACK validation', () => {
  let emulator: RunningEmulator;
  let ack: CsClient;
  let clusterId: string;
  let poolId: string;
  beforeAll(async () => {
    emulator = await fastEmulator();
    ack = clients(emulator).cs;
    clusterId = await runningCluster(ack, 'existing');
    const pool = await ack.createClusterNodePool(clusterId, poolRequest('join', 0, { vswitchIds: [WORLD.vswH] }));
    poolId = pool.body!.nodepoolId!;
    await waitTask(ack, pool.body!.taskId!);
  });
  afterAll(() => emulator.close());

  const clusterCases: [string, Partial<ConstructorParameters<typeof cs.CreateClusterRequest>[0]>, string, RegExp][] = [
    ['unknown VPC', { vpcid: 'vpc-bp1nothere00000' }, 'ErrorVpcNotFound', /vpc-bp1nothere00000/],
    ['unknown vSwitch', { vswitchIds: ['vsw-bp1nothere0000'] }, 'ErrorVSwitchNotFound', /vsw-bp1nothere0000/],
    ['vSwitch of another VPC', { vswitchIds: [WORLD.vswH, WORLD.otherVsw] }, 'ErrorVSwitchNotInVpc', /vpc-bp1other000002/],
    ['pod vSwitch of another VPC', { podVswitchIds: [WORLD.otherVsw] }, 'ErrorVSwitchNotInVpc', /pod_vswitch_ids/],
    ['Flannel pod CIDR overlapping the VPC', { podVswitchIds: [], containerCidr: '192.168.128.0/17' }, 'ErrorCidrConflict', /container_cidr .* VPC CIDR 192\.168\.0\.0\/16/],
    ['service CIDR overlapping the VPC', { serviceCidr: '192.168.252.0/22' }, 'ErrorCidrConflict', /service_cidr/],
    ['service CIDR overlapping the pod CIDR', { podVswitchIds: [], containerCidr: '172.20.0.0/16', serviceCidr: '172.20.0.0/20' }, 'ErrorCidrConflict', /overlaps container_cidr/],
    ['neither pod vSwitches nor pod CIDR', { podVswitchIds: [] }, 'InvalidParameter', /container_cidr is required/],
    ['a malformed CIDR', { serviceCidr: '172.21.0.0/33' }, 'InvalidParameter', /not a valid IPv4 CIDR/],
    ['a Kubernetes version the catalogue does not offer (1.30: no AliyunLinux2 offer had it)', { kubernetesVersion: '1.30.7-aliyun.1' }, 'ErrorKubernetesVersionNotSupported', /1\.30\.7-aliyun\.1 is not supported .* supported: 1\.24\.6-aliyun\.1/],
    ['unknown key pair', { keyPair: 'nobody-key' }, 'ErrorKeyPairNotFound', /nobody-key/],
    ['duplicate name in the region', { name: 'existing' }, 'ErrorClusterNameAlreadyExist', /existing/],
    ['missing name', { name: '' }, 'InvalidParameter', /name is required/],
    ['missing VPC', { vpcid: undefined }, 'InvalidParameter', /vpcid is required/],
    ['unknown region', { regionId: 'xx-nowhere-1' }, 'ErrorRegionNotFound', /xx-nowhere-1/],
    [
      'an inline pool with a bad instance type',
      {
        nodepools: [
          new cs.Nodepool({ nodepoolInfo: new cs.NodepoolNodepoolInfo({ name: 'ok' }), scalingGroup: new cs.NodepoolScalingGroup({ vswitchIds: [WORLD.vswH], instanceTypes: ['ecs.g7.xlarge'], desiredSize: 1 }) }),
          new cs.Nodepool({ nodepoolInfo: new cs.NodepoolNodepoolInfo({ name: 'bad' }), scalingGroup: new cs.NodepoolScalingGroup({ vswitchIds: [WORLD.vswH], instanceTypes: ['ecs.nope.xlarge'], desiredSize: 1 }) }),
        ],
      },
      'ErrorInstanceTypeNotSupported',
      /code: 400, nodepools\[1\]: instance type ecs\.nope\.xlarge/,
    ],
  ];

  it.each(clusterCases)('CreateCluster refuses %s', async (_what, overrides, code, message) => {
    const before = emulator.state();
    const error = await apiError(ack.createCluster(clusterRequest({ name: 'candidate', ...overrides })));
    expect(error).toMatchObject({ code, statusCode: 400 });
    expect(error.message).toMatch(message);
    const after = emulator.state();
    expect(Object.keys(after.clusters)).toEqual(Object.keys(before.clusters));
    expect(Object.keys(after.tasks)).toEqual(Object.keys(before.tasks));
    expect(Object.keys(after.nodePools)).toEqual(Object.keys(before.nodePools));
  });

  const poolCases: [string, ReturnType<typeof poolRequest>, string, RegExp][] = [
    ['an instance type not offered in the vSwitch zones', poolRequest('gpu', 1, { instanceTypes: ['ecs.gn6v-c8g1.2xlarge'], vswitchIds: [WORLD.vswI] }), 'ErrorInstanceTypeNotSupported', /offered in cn-hangzhou-h/],
    ['an unknown instance type', poolRequest('odd', 1, { instanceTypes: ['ecs.zz9.huge'] }), 'ErrorInstanceTypeNotSupported', /ecs\.zz9\.huge/],
    ['runV on instance types that are not bare metal', poolRequest('sandbox', 1, { runtime: 'Sandboxed-Container.runv', instanceTypes: ['ecs.ebmg7.32xlarge', 'ecs.g7.xlarge'] }), 'ErrorRuntimeNotSupported', /not supported: ecs\.g7\.xlarge request id/],
    ['a vSwitch of another VPC', poolRequest('elsewhere', 1, { vswitchIds: [WORLD.otherVsw] }), 'ErrorVSwitchNotInVpc', /vsw-bp1other00006/],
    ['an unknown key pair', poolRequest('keyless', 1, { keyPair: 'lost-key' }), 'ErrorKeyPairNotFound', /lost-key/],
    ['an unknown image', poolRequest('imageless', 1, { imageId: 'aliyun_2_1903_x64_20G_alibase_19990101.vhd' }), 'ErrorImageNotFound', /19990101/],
    ['an image that is not of the image type', poolRequest('mixed', 1, { imageId: WORLD.al2Newest, imageType: 'AliyunLinux3' }), 'InvalidParameter', /AliyunLinux image, but image_type is AliyunLinux3/],
    ['a name already used in the cluster', poolRequest('join', 1), 'ErrorNodePoolNameAlreadyExist', /"join"/],
  ];

  it.each(poolCases)('CreateClusterNodePool refuses %s', async (_what, request, code, message) => {
    const before = Object.keys(emulator.state().nodePools);
    const error = await apiError(ack.createClusterNodePool(clusterId, request));
    expect(error).toMatchObject({ code, statusCode: 400 });
    expect(error.message).toMatch(message);
    expect(Object.keys(emulator.state().nodePools)).toEqual(before);
  });

  it('accepts runV on bare metal with AliyunLinux2 below 1.30', async () => {
    const sandbox = await ack.createClusterNodePool(clusterId, poolRequest('sandbox-ok', 1, { runtime: 'Sandboxed-Container.runv', instanceTypes: ['ecs.ebmg7.32xlarge'] }));
    expect(sandbox.body?.nodepoolId).toMatch(/^np/);
  });

  const attachCases: [string, string[], string, RegExp][] = [
    ['an instance already in another cluster', ['i-bp1taken000001'], 'ErrorInstanceAlreadyInCluster', /c0ther/],
    ['a stopped instance', ['i-bp1stopped00001'], 'ErrorInstanceNotRunning', /Stopped/],
    ['an instance in another VPC', ['i-bp1othervpc00001'], 'ErrorInstanceNotInVpc', /vpc-bp1other000002/],
    ['an unknown instance', ['i-bp1nothing00000'], 'ErrorInstanceNotFound', /i-bp1nothing00000/],
    ['no instances', [], 'InvalidParameter', /instances is required/],
    ['a good instance next to a bad one (nothing is attached)', ['i-bp1spare000005', 'i-bp1stopped00001'], 'ErrorInstanceNotRunning', /i-bp1stopped00001/],
  ];

  it.each(attachCases)('AttachInstancesToNodePool refuses %s', async (_what, instances, code, message) => {
    const error = await apiError(ack.attachInstancesToNodePool(clusterId, poolId, new cs.AttachInstancesToNodePoolRequest({ instances })));
    expect(error).toMatchObject({ code, statusCode: 400 });
    expect(error.message).toMatch(message);
    expect(emulator.state().instances['i-bp1spare000005']?.clusterId).toBeUndefined();
  });
});
