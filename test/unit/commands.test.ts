import { describe, expect, it } from 'vitest';
import { buildProgram, loadDefinitions } from '../../src/main.js';
import { COMMANDS, entriesFor } from '../../src/commands/registry.js';

/** Parse a command line with the real definitions; return the typed options `run` would get. */
async function parsed(args: string[]): Promise<{ name: string; options: Record<string, unknown> }> {
  let seen: { name: string; options: Record<string, unknown> } | undefined;
  const program = buildProgram(await loadDefinitions(args), async (definition, options) => {
    seen = { name: definition.name, options };
  });
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  await program.parseAsync(args, { from: 'user' });
  if (!seen) throw new Error('no command ran');
  return seen;
}

describe('command definitions', () => {
  it('every registry line loads a definition of the same name', async () => {
    for (const entry of COMMANDS) expect((await entry.load()).default.name).toBe(entry.name);
  });

  it('defaults are parsed like given values (one default, next to the flag)', async () => {
    expect((await parsed(['create', '-f', 'a.yaml'])).options).toMatchObject({ file: ['a.yaml'], timeout: 45 * 60_000, wait: true, yes: false, dryRun: false });
    expect((await parsed(['nodepool', 'add', '-f', 'a.yaml', '--pool', 'web'])).options).toMatchObject({ timeout: 30 * 60_000 });
    expect((await parsed(['create', '-f', 'a.yaml', '--timeout', '90s', '--no-wait', '-y'])).options).toMatchObject({ timeout: 90_000, wait: false, yes: true });
  });

  it('positional arguments and parsed values reach run typed', async () => {
    expect((await parsed(['delete', 'cluster', 'shop-dev', '--wait'])).options).toMatchObject({ name: 'shop-dev', wait: true, timeout: 30 * 60_000 });
    expect((await parsed(['join', '--cluster', 'c', '--pool', 'p', '--instances', 'i-bp1aaaa, i-bp1bbbb'])).options).toMatchObject({ instances: ['i-bp1aaaa', 'i-bp1bbbb'], keepInstanceName: true, formatDisk: false });
    expect((await parsed(['nodepool', 'scale', '--cluster', 'c', '--pool', 'p', '--size', '6'])).options).toMatchObject({ size: 6 });
    expect((await parsed(['emulator'])).options).toMatchObject({ port: 0, speed: 1, seed: undefined });
  });

  it('a bad value is a user error before the command runs', async () => {
    await expect(parsed(['create', '-f', 'a.yaml', '--timeout', 'soon'])).rejects.toThrow(/--timeout "soon" is not a duration/);
  });

  it('-f takes several files after one flag, and repeats', async () => {
    expect((await parsed(['validate', '-f', 'a.yaml', 'b.yaml', '-f', 'c.yaml', '--strict'])).options).toEqual({ file: ['a.yaml', 'b.yaml', 'c.yaml'], strict: true });
  });
});

describe('which definitions a command line loads', () => {
  const takesValue = (arg: string) => ['--region', '-o', '--output', '--profile', '--endpoint'].includes(arg);
  const names = (argv: string[]) => entriesFor(argv, takesValue).map((e) => e.name);

  it('only the command being run (a subcommand alone)', () => {
    expect(names(['validate', '-f', 'x.yaml'])).toEqual(['validate']);
    expect(names(['--region', 'cn-hangzhou', '-o', 'json', 'get', 'nodes'])).toEqual(['get nodes']);
    expect(names(['nodepool', 'scale', '--cluster', 'shop', '--pool', 'web'])).toEqual(['nodepool scale']);
    expect(names(['--output=json', 'plan'])).toEqual(['plan']);
    // a single-word command's positional argument is not a subcommand
    expect(names(['kubeconfig', 'shop'])).toEqual(['kubeconfig']);
  });

  it('the whole group for the group word alone or an unknown subcommand', () => {
    expect(names(['get'])).toEqual(['get clusters', 'get nodepools', 'get nodes']);
    expect(names(['get', '--help'])).toEqual(['get clusters', 'get nodepools', 'get nodes']);
    expect(names(['nodepool', 'scal'])).toEqual(['nodepool add', 'nodepool scale', 'nodepool delete']);
  });

  it('every command for the top-level help or an unknown word', () => {
    expect(names(['--help'])).toHaveLength(COMMANDS.length);
    expect(names(['valdate'])).toHaveLength(COMMANDS.length);
  });
});
