/** Every scenario of the catalogue, in the order `ackl2 scenarios` lists them. */
import { bbr } from './bbr.js';
import { bfqIo } from './bfqIo.js';
import { dataAcceleration } from './dataAcceleration.js';
import { dnsConntrack } from './dnsConntrack.js';
import { fastScale } from './fastScale.js';
import { podSysctls } from './podSysctls.js';
import { resourceQos } from './resourceQos.js';
import { sandboxed } from './sandboxed.js';
import { terwayIpvlan } from './terwayIpvlan.js';
import type { Scenario } from './types.js';

// `any`: each entry has its own options type.
export const CATALOGUE: readonly Scenario<any>[] = [
  terwayIpvlan,
  bbr,
  sandboxed,
  fastScale,
  dnsConntrack,
  resourceQos,
  dataAcceleration,
  podSysctls,
  bfqIo,
];
