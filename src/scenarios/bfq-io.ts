import * as z from 'zod';
import { loadKernelModule } from '../plan/draft.js';
import { poolsOfDraft, requireTuningKernel } from './support.js';
import { bfqIoKey } from './options.js';
import type { Scenario } from './types.js';

/**
 * Disk classes by kernel name (whole disks). The system disk is the first virtio disk; cloud data
 * disks follow it; NVMe covers local NVMe disks and cloud disks attached as NVMe, both fast enough
 * that BFQ (about 30-50K IOPS at most, kernel docs) would cap them.
 */
export const DISK_CLASS_GLOBS = {
  data: ['vd[b-z]', 'xvd[b-z]'],
  system: ['vda', 'xvda'],
  nvme: ['nvme*n*'],
} as const;
export type DiskClass = keyof typeof DISK_CLASS_GLOBS;


type Options = z.output<typeof bfqIoKey.options>;

export const bfqIo: Scenario<Options> = {
  ...bfqIoKey,
  title: 'BFQ I/O scheduler',
  seedSection: '2',
  summary: 'BFQ on cloud data disks lowers I/O latency for mixed workloads (system and NVMe disks only when asked).',
  today: 'data disks only unless asked (never system or NVMe by default); documented for AliyunLinux2 only, the script warns where bfq is missing',
  sets: [
    'a udev rule in the pre-join script setting the bfq I/O scheduler on the chosen disk classes (default: data disks vd[b-z], xvd[b-z]), applied at once and on every boot (module bfq)',
    'where the kernel offers no bfq for a disk, the script warns and leaves the disk as it is',
  ],
  requires: ['a 4.19+ kernel: AliyunLinux2 ships the BFQ scheduler (no current page documents it for AliyunLinux3: the script checks each disk)'],
  requirements: (use, profile) => requireTuningKernel(use, profile, 'bfqIo', 'the BFQ I/O scheduler'),
  transform(use, draft) {
    const globs = use.options.disks.flatMap((disk) => DISK_CLASS_GLOBS[disk]);
    for (const pool of poolsOfDraft(use, draft)) {
      loadKernelModule(pool, 'bfq', 'bfqIo');
      pool.node.ioScheduler = { scheduler: 'bfq', diskGlobs: [...new Set([...(pool.node.ioScheduler?.diskGlobs ?? []), ...globs])].sort() };
    }
  },
};
