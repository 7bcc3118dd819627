/**
 * The scenario catalogue's entry points for the validator and the planner.
 * (Stub: the scenario modules' requirements and transforms land here.)
 */

import type { Issue } from '../profile/issues.js';
import type { Profile } from '../profile/schema.js';

/** Every scenario requirement violated by the profile, located by path. */
export function scenarioRequirements(_profile: Profile): Issue[] {
  return [];
}
