/**
 * `nodepool scale --size` takes 0..2000 whole nodes and refuses anything else with a user error
 * (exit 2) before any call: in process with the real definitions (no credentials, no cloud: a
 * size that got through would fail on those instead). test/e2e/nodepool-join.test.ts checks
 * one through the built CLI against the emulator, with no call sent.
 */

import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/errors.js';
import { refusal } from '../helpers/refusal.js';

describe('nodepool scale --size', () => {
  it.each([
    ['2001', '--size 2001 is above the 2000 nodes a node pool can have'],
    ['-1', '--size "-1" is not a whole number of nodes'],
    ['many', '--size "many" is not a whole number of nodes'],
    ['1.5', '--size "1.5" is not a whole number of nodes'],
  ])('refuses %s with exit 2', async (size, message) => {
    const { error } = await refusal(['nodepool', 'scale', '--cluster', 'grow', '--pool', 'default', '--size', size, '--yes']);
    expect((error as Error).message).toBe(message);
    expect(exitCodeFor(error)).toBe(2);
  });
});
