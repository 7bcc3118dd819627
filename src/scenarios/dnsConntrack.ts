import { z } from 'zod';
import type { ScenarioDescriptor } from './types.js';

const options = z
  .strictObject({
    udpTimeoutSeconds: z.number().int().min(1).max(600).default(10),
    udpStreamTimeoutSeconds: z.number().int().min(1).max(3600).default(60),
    nodeLocalDns: z.boolean().default(false).describe('Install the ack-node-local-dns add-on.'),
  })
  .describe('Shorter UDP conntrack timeouts so DNS queries do not exhaust the conntrack table.');

export const dnsConntrack: ScenarioDescriptor<z.output<typeof options>> = {
  id: 'dnsConntrack',
  title: 'DNS / conntrack tuning',
  seedSection: '3.4',
  summary: 'UDP conntrack entries expire sooner, halving table use at the same DNS query rate.',
  scopes: ['cluster', 'pool'],
  options,
};
