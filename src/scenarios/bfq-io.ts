import { z } from 'zod';
import { loadKernelModule } from '../plan/draft.js';
import { poolsOfDraft, requireTuningKernel } from './support.js';
import type { Scenario } from './types.js';

const options = z
  .strictObject({
    devices: z
      .array(z.enum(['vd', 'nvme', 'xvd']))
      .min(1)
      .default(['vd', 'nvme'])
      .describe('Disk name prefixes that get the bfq scheduler.'),
  })
  .describe('BFQ I/O scheduler on cloud disks for lower latency.');

type Options = z.output<typeof options>;

export const bfqIo: Scenario<Options> = {
  id: 'bfqIo',
  title: 'BFQ I/O scheduler',
  seedSection: '2',
  summary: 'BFQ on cloud disks lowers I/O latency for mixed workloads.',
  scopes: ['cluster', 'pool'],
  options,
  sets: ['a udev rule in the pre-join script setting the bfq I/O scheduler on cloud disks (vd*, nvme*), applied at once and on every boot (module bfq)'],
  requires: ['a 4.19+ kernel: AliyunLinux2 ships the BFQ scheduler'],
  requirements: (use, profile) => requireTuningKernel(use, profile, 'bfqIo', 'the BFQ I/O scheduler'),
  transform(use, draft) {
    for (const pool of poolsOfDraft(use, draft)) {
      loadKernelModule(pool, 'bfq', 'bfqIo');
      const prefixes = [...new Set([...(pool.node.ioScheduler?.devicePrefixes ?? []), ...use.options.devices])].sort();
      pool.node.ioScheduler = { scheduler: 'bfq', devicePrefixes: prefixes };
    }
  },
};
