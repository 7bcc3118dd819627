import { z } from 'zod';
import type { ScenarioDescriptor } from './types.js';

const options = z
  .strictObject({
    memoryQos: z.boolean().default(true).describe('Memory QoS (memcg priorities, per-cgroup kswapd); needs ack.pro.*.'),
    psi: z.boolean().default(true).describe('Enable PSI pressure metrics (boot args psi=1 psi_v1=1, one reboot).'),
  })
  .describe('Fine-grained resource QoS for colocated workloads (ack-koordinator).');

export const resourceQos: ScenarioDescriptor<z.output<typeof options>> = {
  id: 'resourceQos',
  title: 'Fine-grained resource QoS',
  seedSection: '3.5',
  summary: 'ack-koordinator with PSI, memory QoS and CPU/IO isolation for colocating online and batch work.',
  scopes: ['cluster'],
  options,
};
