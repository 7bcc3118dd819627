import { UserError } from '../errors.js';
import type { CommandRun } from './context.js';

export const run: CommandRun<Record<string, unknown>> = async () => {
  throw new UserError('`pin` is not implemented yet');
};
