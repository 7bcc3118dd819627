/**
 * `--spare-instances N`: N more Running ECS instances in the demo VPC of cn-hangzhou
 * (i-bp1fleet000001 ...), not in any cluster, for join-at-scale tests and benchmarks.
 */

import { UserError } from '../errors.js';
import type { World } from './world.js';

/** vsw-bp1nodeh00001 is a /20: 192.168.4.1 onwards leaves the built-in instances' addresses alone. */
export const MAX_SPARE_INSTANCES = 2_500;

export function spareInstanceId(n: number): string {
  return `i-bp1fleet${String(n).padStart(6, '0')}`;
}

export function withSpareInstances(world: World, count: number): World {
  if (count === 0) return world;
  if (!Number.isInteger(count) || count < 0 || count > MAX_SPARE_INSTANCES) {
    throw new UserError(`spare instances must be a whole number from 0 to ${MAX_SPARE_INSTANCES}, not ${count}`);
  }
  const region = world.regions.find((r) => r.id === 'cn-hangzhou');
  if (!region) throw new UserError('spare instances go into cn-hangzhou, which this world does not have');
  for (let i = 0; i < count; i++) {
    region.instances.push({
      id: spareInstanceId(i + 1),
      name: `fleet-spare-${i + 1}`,
      zoneId: 'cn-hangzhou-h',
      vswitchId: 'vsw-bp1nodeh00001',
      instanceType: 'ecs.g7.xlarge',
      status: 'Running',
      imageId: 'aliyun_2_1903_x64_20G_alibase_20240628.vhd',
      privateIp: `192.168.${4 + Math.floor(i / 254)}.${1 + (i % 254)}`,
      tags: {},
    });
  }
  return world;
}
