import { describe, expect, it } from 'vitest';
import { loadCs } from '../../src/cloud/sdk.js';
import { lostInCast, toRequestModel } from '../../src/cloud/wire.js';

// ackl2's loader, not a namespace import (which would require every model of the package)
const { CreateClusterNodePoolRequest, CreateClusterRequest } = loadCs();

describe('toRequestModel', () => {
  it('casts a wire body (snake_case, nested models, camelCase kubelet keys) into the SDK request model', async () => {
    const body = {
      nodepool_info: { name: 'web', type: 'ess' },
      scaling_group: {
        instance_types: ['ecs.g7.xlarge'],
        vswitch_ids: ['vsw-1'],
        desired_size: 3,
        tags: [{ key: 'ackl2.io/profile', value: 'shop' }],
        data_disks: [{ category: 'cloud_essd', size: 200 }],
      },
      kubernetes_config: { runtime: 'containerd', labels: [{ key: 'tier', value: 'web' }], taints: [] },
      node_config: { kubelet_configuration: { maxPods: 64, allowedUnsafeSysctls: ['net.ipv4.tcp_keepalive_time'] } },
    };
    const model = await toRequestModel(body, CreateClusterNodePoolRequest, 'CreateClusterNodePool');
    expect(model).toBeInstanceOf(CreateClusterNodePoolRequest);
    expect(model.nodepoolInfo?.name).toBe('web');
    expect(model.scalingGroup?.desiredSize).toBe(3);
    expect(model.scalingGroup?.tags?.[0]?.key).toBe('ackl2.io/profile');
    expect(model.nodeConfig?.kubeletConfiguration?.maxPods).toBe(64);
    // what the SDK will put on the wire is what the plan said
    expect(model.toMap()).toMatchObject(body);
  });

  it('refuses a key the SDK model would silently drop, naming its path', async () => {
    await expect(toRequestModel({ name: 'x', vpc_idd: 'vpc-1' }, CreateClusterRequest, 'CreateCluster')).rejects.toThrow(/CreateCluster: .*vpc_idd/);
    await expect(
      toRequestModel({ nodepool_info: { name: 'x', colour: 'red' } }, CreateClusterNodePoolRequest, 'CreateClusterNodePool'),
    ).rejects.toThrow(/nodepool_info\.colour/);
  });

  it('lostInCast accepts the string form of numbers the model declares as strings', () => {
    expect(lostInCast({ a: 1 }, { a: '1' })).toEqual([]);
    expect(lostInCast({ a: [1, 2] }, { a: [1] })).toEqual(['a[1]']);
  });
});
