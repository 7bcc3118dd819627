import { z } from 'zod';
import type { ScenarioDescriptor } from './types.js';

const options = z
  .strictObject({
    devices: z
      .array(z.enum(['vd', 'nvme', 'xvd']))
      .min(1)
      .default(['vd', 'nvme'])
      .describe('Disk name prefixes that get the bfq scheduler.'),
  })
  .describe('BFQ I/O scheduler on cloud disks for lower latency.');

export const bfqIo: ScenarioDescriptor<z.output<typeof options>> = {
  id: 'bfqIo',
  title: 'BFQ I/O scheduler',
  seedSection: '2',
  summary: 'BFQ on cloud disks lowers I/O latency for mixed workloads.',
  scopes: ['cluster', 'pool'],
  options,
};
