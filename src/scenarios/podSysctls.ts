import { z } from 'zod';
import type { ScenarioDescriptor } from './types.js';

const options = z
  .strictObject({
    allow: z
      .array(z.string())
      .min(1)
      .describe('Namespaced sysctls (or prefix.* patterns) pods may set, e.g. net.ipv4.tcp_keepalive_time.'),
  })
  .describe('Pod-level sysctls: namespaced on the 4.19 kernel, set per pod.');

export const podSysctls: ScenarioDescriptor<z.output<typeof options>> = {
  id: 'podSysctls',
  title: 'Pod-level sysctls',
  seedSection: '3.7',
  summary: 'Lets pods set namespaced sysctls such as TCP keepalive and retransmission timeouts.',
  scopes: ['cluster', 'pool'],
  options,
};
