import { z } from 'zod';
import type { ScenarioDescriptor } from './types.js';

const options = z
  .strictObject({
    runtimeVersion: z.string().min(1).optional().describe('Sandboxed-Container.runv version, e.g. "2.2.0".'),
  })
  .describe('Kata/runV sandboxed containers on ECS bare metal.');

export const sandboxed: ScenarioDescriptor<z.output<typeof options>> = {
  id: 'sandboxed',
  title: 'Sandboxed (Kata/runV) containers',
  seedSection: '3.2',
  summary: 'Pods run in lightweight VM sandboxes on ECS bare metal: isolation for multi-tenant and untrusted workloads.',
  scopes: ['pool'],
  options,
};
