import { describe, expect, it } from 'vitest';
import { withLeftInPlace } from '../../src/apply/failure.js';
import { OperationFailed, UserError } from '../../src/errors.js';

describe('withLeftInPlace', () => {
  it('adds what was left to the hint, keeping the error type, message and its own hint', () => {
    const failed = new OperationFailed({ operationId: 'nodepool/spare', message: 'deleting node pool spare failed', hint: 'see the events' });
    const told = withLeftInPlace(failed, 'node pool spare (np-1)') as OperationFailed;
    expect(told).toBeInstanceOf(OperationFailed);
    expect(told.exitCode).toBe(failed.exitCode);
    expect(told.message).toBe(failed.message);
    expect(told.hint).toBe('left in place: node pool spare (np-1). see the events');
  });

  it('leaves alone an error that says already what was left, and what is not an ackl2 error', () => {
    const said = new UserError('the pool is the default pool; nothing was changed');
    expect(withLeftInPlace(said, 'x')).toBe(said);
    const bug = new Error('boom');
    expect(withLeftInPlace(bug, 'x')).toBe(bug);
  });
});
