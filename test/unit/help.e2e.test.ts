/**
 * The built CLI prints the help test/unit/help.test.ts renders in process, for the program, a
 * command and a group's command (the same registration path for all).
 */

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { helpOf } from '../helpers/help.js';

describe('--help of the built CLI', () => {
  it.each(['--help', 'create --help', 'nodepool scale --help'])('`ackl2 %s` prints the help of the definitions, exit 0', async (line) => {
    const args = line.split(' ');
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe((await helpOf(args)).stdout);
    expect(result.stdout).toMatch(/Examples:\n {2}\$ ackl2 /);
  });
});
