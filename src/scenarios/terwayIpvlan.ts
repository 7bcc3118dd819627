import { z } from 'zod';
import type { ScenarioDescriptor } from './types.js';

const options = z
  .strictObject({
    networkPolicy: z.boolean().default(false).describe('Also enable Kubernetes NetworkPolicy in Terway.'),
  })
  .describe('Terway in IPVlan mode (eBPF, kernel 4.19 of Alibaba Cloud Linux 2).');

export const terwayIpvlan: ScenarioDescriptor<z.output<typeof options>> = {
  id: 'terwayIpvlan',
  title: 'Terway IPVlan container networking',
  seedSection: '3.1',
  summary: 'Terway ENI-multi-IP with IPVlan: up to 40% faster small-packet pod networking than bridge + policy routing.',
  scopes: ['cluster'],
  options,
};
