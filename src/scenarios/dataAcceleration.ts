import { z } from 'zod';
import type { ScenarioDescriptor } from './types.js';

const options = z
  .strictObject({
    fluid: z.boolean().default(true).describe('Install the ack-fluid add-on (Fluid + Alluxio cache).'),
    readAheadKb: z.number().int().min(128).max(65536).default(4096).describe('read_ahead_kb for data disks.'),
  })
  .describe('AI and data acceleration: Fluid/Alluxio caching and streaming-read tuning.');

export const dataAcceleration: ScenarioDescriptor<z.output<typeof options>> = {
  id: 'dataAcceleration',
  title: 'AI and data acceleration',
  seedSection: '3.6',
  summary: 'Fluid/Alluxio dataset caching and larger read-ahead for 1.6-1.7x faster data loading and training.',
  scopes: ['cluster', 'pool'],
  options,
};
