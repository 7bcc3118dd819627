import { z } from 'zod';
import type { ScenarioDescriptor } from './types.js';

const options = z
  .strictObject({
    allowPodOverride: z
      .boolean()
      .default(true)
      .describe('Let pods choose their own congestion control (adds net.ipv4.tcp_congestion_control to allowedUnsafeSysctls).'),
  })
  .describe('BBR congestion control on nodes.');

export const bbr: ScenarioDescriptor<z.output<typeof options>> = {
  id: 'bbr',
  title: 'BBR congestion control',
  seedSection: '2, 3.1',
  summary: 'fq qdisc + BBR on every node for steadier public-network bandwidth and faster image pulls.',
  scopes: ['cluster', 'pool'],
  options,
};
