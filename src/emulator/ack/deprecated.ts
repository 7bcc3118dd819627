/**
 * Deprecated request parameters ("Announcement on ACK API parameter changes and deprecation",
 * src/catalog/api-currency.ts): the rows the announcement lists are rejected with HTTP 400, as
 * it says they may be; the rows only the SDK marks `@deprecated` are accepted (the emulator
 * ignores what it does not model), since the announcement names no answer for them.
 */

import { ANNOUNCEMENT, DEPRECATED_PARAMETER_STATUS, deprecatedParametersIn } from '../../catalog/api-currency.js';
import { ApiError } from '../api-error.js';

export function refuseDeprecatedParameters(action: string, body: unknown): void {
  const rejected = deprecatedParametersIn(action, body).filter((row) => row.source === ANNOUNCEMENT);
  const first = rejected[0];
  if (!first) return;
  const instead = first.replacement ? `; use ${first.replacement}` : '';
  throw new ApiError(DEPRECATED_PARAMETER_STATUS, 'InvalidParameter', `${first.parameter} is deprecated and no longer accepted by ${action}${instead} (${ANNOUNCEMENT.title})`);
}
