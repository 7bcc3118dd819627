import * as z from 'zod';
import type { Issue } from '../profile/issues.js';
import { isGpuPool, isProSpec, poolsOf, poolsOfDraft, requireTuningKernel, violation } from './support.js';
import { dataAccelerationKey } from './options.js';
import type { Scenario } from './types.js';

/** The Fluid add-on (dataset caching with Alluxio/JindoFS). *(unverified: check with ListAddons online.)* */
export const FLUID_ADDON = 'ack-fluid';


type Options = z.output<typeof dataAccelerationKey.options>;

export const dataAcceleration: Scenario<Options> = {
  ...dataAccelerationKey,
  title: 'AI and data acceleration',
  seedSection: '3.6',
  summary: 'Fluid/Alluxio dataset caching and larger read-ahead for 1.6-1.7x faster data loading and training.',
  today: 'unchanged: ack-fluid (ACK Pro), GPU pools scale as gpu, data-disk read-ahead',
  sets: [
    `with fluid: cluster add-on ${FLUID_ADDON}`,
    'GPU pools (ecs.gn*) that autoscale as "cpu" scale as auto_scaling.type "gpu"',
    'read_ahead_kb on data disks by a udev rule in the pre-join script (streaming reads of large model and dataset files)',
  ],
  requires: ['cluster.spec ack.pro.* for ack-fluid', 'data disks on the pools it applies to (warning otherwise)', 'a 4.19+ kernel'],
  addons: (o) => (o.fluid ? [{ name: FLUID_ADDON }] : []),
  requirements(use, profile) {
    const issues: Issue[] = [];
    if (use.options.fluid && !isProSpec(profile.cluster.spec)) {
      issues.push(
        ...violation(use, 'dataAcceleration', ['cluster', 'spec'], `${FLUID_ADDON} needs an ACK Pro cluster (ack.pro.*), not ${profile.cluster.spec}`,
          'set cluster.spec: ack.pro.small, or fluid: false'),
      );
    }
    const pools = poolsOf(use, profile);
    const withDisks = pools.filter(([, pool]) => pool.dataDisks.length > 0);
    if (pools.length > 0 && withDisks.length === 0) {
      const [index] = pools[0] ?? [0];
      issues.push(
        ...violation(use, 'dataAcceleration', ['nodePools', index, 'dataDisks'], 'the read-ahead tuning applies to data disks, and no pool it applies to has one',
          'add dataDisks to the pools that read datasets, e.g. [{ category: cloud_essd, sizeGiB: 500 }]', 'warning'),
      );
    }
    issues.push(...requireTuningKernel(use, profile, 'dataAcceleration', 'the streaming-read tuning'));
    return issues;
  },
  transform(use, draft) {
    for (const pool of poolsOfDraft(use, draft)) {
      const scaling = pool.body.auto_scaling;
      if (scaling && scaling.type === 'cpu' && isGpuPool(pool.pool)) {
        scaling.type = 'gpu';
        pool.tunings.add('dataAcceleration');
      }
      if (pool.pool.dataDisks.length > 0) {
        pool.node.dataDiskReadAheadKb = use.options.readAheadKb;
        pool.tunings.add('dataAcceleration');
      }
    }
  },
};
