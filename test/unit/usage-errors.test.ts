/**
 * Usage errors (unknown command or option, missing option, argument or subcommand, bad choice)
 * are commander errors with a non-zero exit code before any command runs: the one branch of
 * `main` that turns them into exit 2 and, with --output json|yaml, a failed document.
 * test/e2e/machine-output.test.ts checks that document through the built CLI.
 */

import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { refusal } from '../helpers/refusal.js';

describe('usage errors', () => {
  it.each([
    [['bogus'], /unknown command 'bogus'/],
    [['get'], /\(outputHelp\)/],
    [['get', 'nodes'], /required option '--cluster <name>' not specified/],
    [['create', '-f', 'x.yaml', '--bogus'], /unknown option '--bogus'/],
    [['images', '--os', 'AliyunLinux9'], /argument 'AliyunLinux9' is invalid/],
    [['delete', 'cluster'], /missing required argument 'name'/],
  ])('%j is a commander error, not a run', async (args, message) => {
    const { error, stdout } = await refusal([...args, '--output', 'json']);
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).exitCode).not.toBe(0);
    expect((error as CommanderError).message).toMatch(message);
    expect(stdout).toBe('');
  });
});
