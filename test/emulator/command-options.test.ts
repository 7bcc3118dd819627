/**
 * `ackl2 emulator` refuses bad flags with a user error (exit 2) before it listens: parsed with
 * the real definitions and run in process. test/emulator/command.e2e.test.ts checks two of them
 * through the built CLI (the exit code and an empty stdout).
 */

import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/errors.js';
import { refusal } from '../helpers/refusal.js';

describe('ackl2 emulator flags', () => {
  it.each([
    [['--port', '70000'], /--port must be a whole number from 0 to 65535, not "70000"/],
    [['--port', 'abc'], /--port must be a whole number/],
    [['--speed', '0'], /--speed must be a positive number, not "0"/],
    [['--faults', 'throttle=2,boom=1'], /bad fault spec: throttle must be a probability between 0 and 1, not "2"; unknown fault class "boom"/],
    [['--seed', '-4'], /--seed must be a whole number/],
    [['--clock', 'fast'], /--clock must be "wall" or "virtual", not "fast"/],
    [['--clock-step', '1s'], /--clock-step needs --clock virtual/],
    [['--clock', 'virtual', '--clock-step', 'soon'], /--clock-step "soon" is not a duration/],
    [['--call-log', 'many'], /--call-log many is not a whole number of calls/],
    [['--call-log', '-5'], /--call-log -5 is not a whole number of calls/],
    [['--gc-every', 'often'], /--gc-every "often" is not a duration/],
    [['--world', 'no/such/world.yaml'], /cannot read world file .*no\/such\/world\.yaml: ENOENT/],
  ])('refuses %j with a user error (exit 2) before listening', async (flags, message) => {
    const { error, stdout } = await refusal(['emulator', ...flags]);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect(exitCodeFor(error)).toBe(2);
    expect(stdout).toBe('');
  });
});
