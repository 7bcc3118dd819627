/**
 * The VPC API (2016-04-28, RPC on vpc.aliyuncs.com): DescribeVpcs and DescribeVSwitches.
 * Their answers have the shape of ECS's deprecated copies of the same calls, over the same
 * world, so the handlers are shared with the ECS backend.
 */

import { describeVpcs, describeVSwitches } from '../ecs/actions.js';
import type { EcsHandler } from '../ecs/actions.js';

export const VPC_VERSION = '2016-04-28';

export const VPC_ACTIONS: Record<string, EcsHandler> = {
  DescribeVpcs: describeVpcs,
  DescribeVSwitches: describeVSwitches,
};
