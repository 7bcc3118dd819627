import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram, loadDefinitions } from '../../src/main.js';
import { runCli } from '../helpers/cli.js';

/** Every command path of the CLI, e.g. ['nodepool', 'add']. */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

const paths = commandPaths(buildProgram(await loadDefinitions(), async () => {}));

describe('--help', () => {
  it('covers every command of the design', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining(['validate', 'plan', 'create', 'nodepool add', 'nodepool scale', 'join', 'get clusters', 'get nodepools', 'get nodes', 'delete cluster', 'kubeconfig', 'pin', 'images', 'scenarios', 'profiles', 'schema', 'emulator']),
    );
  });

  it.each(paths.map((p) => [p.join(' '), p]))('`ackl2 %s --help` exits 0 with a usage line and an example', async (_name, path) => {
    const result = await runCli([...path, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: ackl2 ${path.join(' ')}`);
    expect(result.stdout).toMatch(/Examples:\n {2}\$ ackl2 /);
  });
});
