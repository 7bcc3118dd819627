/** The account's ACK set-up: CheckServiceRole answers from the world's `account`. */

import type { BackendContext } from '../context.js';
import { ackError } from './errors.js';
import type { AckRequest, AckResponse } from './types.js';

/** POST /ram/check-service-role `{roles: [{name}]}` -> `{roles: [{name, granted, message}]}`. */
export function checkServiceRole(req: AckRequest, ctx: BackendContext): AckResponse {
  const account = ctx.state.world.account;
  if (!account.ackActivated) throw ackError('ackNotActivated', 'Container Service for Kubernetes is not activated for this account');
  const asked = Array.isArray(req.body.roles) ? req.body.roles : [];
  const roles = asked.flatMap((role) => {
    const name = role !== null && typeof role === 'object' && !Array.isArray(role) && typeof role.name === 'string' ? role.name : undefined;
    if (!name) return [];
    const granted = !account.ungrantedServiceRoles.includes(name);
    return [{ name, granted, message: granted ? '' : `The role does not exist: ${name}` }];
  });
  if (roles.length === 0) throw ackError('invalidParameter', 'roles must name at least one service role');
  return { body: { roles } };
}
