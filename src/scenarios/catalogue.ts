/** Every scenario of the catalogue, in the order `ackl2 scenarios` lists them. */
import { bbr } from './bbr.js';
import { bfqIo } from './bfq-io.js';
import { dataAcceleration } from './data-acceleration.js';
import { dnsConntrack } from './dns-conntrack.js';
import { fastScale } from './fast-scale.js';
import { podSysctls } from './pod-sysctls.js';
import { resourceQos } from './resource-qos.js';
import { sandboxed } from './sandboxed.js';
import { terwayDataPathV2 } from './terway-datapath-v2.js';
import type { Scenario } from './types.js';

// `any`: each entry has its own options type.
export const CATALOGUE: readonly Scenario<any>[] = [
  terwayDataPathV2,
  bbr,
  sandboxed,
  fastScale,
  dnsConntrack,
  resourceQos,
  dataAcceleration,
  podSysctls,
  bfqIo,
];
