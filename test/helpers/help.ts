/** `--help` rendered in process from the real definitions, through commander's parse as `main` does. */

import { CommanderError, type Command } from 'commander';
import { buildProgram, loadDefinitions } from '../../src/main.js';

/** Every command path of the CLI, e.g. ['nodepool', 'add']. */
export function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

/** What `ackl2 ARGS` prints on stdout and the exit code commander asks for. */
export async function helpOf(args: string[]): Promise<{ code: number; stdout: string }> {
  const program = buildProgram(await loadDefinitions(args), async () => {
    throw new Error('a command ran instead of its help');
  });
  let stdout = '';
  captureOutput(program, (s) => (stdout += s));
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { code: error.exitCode, stdout };
  }
  throw new Error(`ackl2 ${args.join(' ')} did not stop at its help`);
}

/** Commander's own output (help, usage errors) to `writeOut`, or nowhere, for every command. */
export function captureOutput(command: Command, writeOut: (s: string) => void = () => {}): void {
  // each command copied the program's output settings when it was made
  command.configureOutput({ writeOut, writeErr: () => {}, getOutHelpWidth: () => 80 });
  for (const sub of command.commands) captureOutput(sub, writeOut);
}
