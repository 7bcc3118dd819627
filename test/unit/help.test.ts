/**
 * `--help` of every command, rendered in process from the real definitions through commander's
 * parse (as `main` does); test/unit/help.e2e.test.ts checks that the built CLI prints the same.
 */

import { describe, expect, it } from 'vitest';
import { buildProgram, loadDefinitions } from '../../src/main.js';
import { commandPaths, helpOf } from '../helpers/help.js';

const paths = commandPaths(buildProgram(await loadDefinitions(), async () => {}));

describe('--help', () => {
  it('covers every command of the design', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining(['validate', 'plan', 'create', 'nodepool add', 'nodepool scale', 'join', 'get clusters', 'get nodepools', 'get nodes', 'delete cluster', 'kubeconfig', 'pin', 'images', 'scenarios', 'profiles', 'schema', 'emulator']),
    );
  });

  it.each(paths.map((p) => [p.join(' '), p]))('`ackl2 %s --help` exits 0 with a usage line and an example', async (_name, path) => {
    const result = await helpOf([...path, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: ackl2 ${path.join(' ')}`);
    expect(result.stdout).toMatch(/Examples:\n {2}\$ ackl2 /);
    // the global options apply to every command, so every help shows them
    expect(result.stdout).toMatch(/Global Options:\n(.*\n)*\s+--region <id>/);
  });
});
