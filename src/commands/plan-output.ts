/** `create --dry-run`: the offline plan, as `ackl2 plan` prints it (no credentials, no network). */

import type { CommandContext } from './context.js';
import type { DetailedPlan } from '../plan/index.js';
import { renderPlan } from '../plan/render.js';
import type { PlanResult } from '../results/schemas.js';

export function printPlan(ctx: CommandContext, detailed: DetailedPlan): void {
  const { plan } = detailed;
  const document: PlanResult = { profile: plan.profile, region: plan.region, operations: plan.operations };
  ctx.reporter.result(document, () => renderPlan(detailed));
}
