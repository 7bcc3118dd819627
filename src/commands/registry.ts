/**
 * Every command of the CLI: its words and where its definition lives. Modules load on demand
 * (main.ts loads only the command being run, or all of them for the top-level help), so a
 * command's dependencies never slow down another. Adding a command: its file, plus one line here.
 */

import type { CommandDefinition, Example, GroupDefinition } from './define.js';

export interface CommandEntry {
  /** The words after `ackl2`; must equal the definition's `name` (a test checks). */
  readonly name: string;
  readonly load: () => Promise<{ default: CommandDefinition }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', load: () => import('./validate.js') },
  { name: 'plan', load: () => import('./plan.js') },
  { name: 'create', load: () => import('./create.js') },
  { name: 'diff', load: () => import('./diff.js') },
  { name: 'apply', load: () => import('./apply.js') },
  { name: 'nodepool add', load: () => import('./nodepool-add.js') },
  { name: 'nodepool scale', load: () => import('./nodepool-scale.js') },
  { name: 'nodepool delete', load: () => import('./nodepool-delete.js') },
  { name: 'join', load: () => import('./join.js') },
  { name: 'get clusters', load: () => import('./get-clusters.js') },
  { name: 'get nodepools', load: () => import('./get-nodepools.js') },
  { name: 'get nodes', load: () => import('./get-nodes.js') },
  { name: 'delete cluster', load: () => import('./delete-cluster.js') },
  { name: 'kubeconfig', load: () => import('./kubeconfig.js') },
  { name: 'pin', load: () => import('./pin.js') },
  { name: 'migrate', load: () => import('./migrate.js') },
  { name: 'images', load: () => import('./images.js') },
  { name: 'scenarios', load: () => import('./scenarios.js') },
  { name: 'profiles', load: () => import('./profiles.js') },
  { name: 'schema', load: () => import('./schema.js') },
  { name: 'emulator', load: () => import('./emulator.js') },
];

/** The examples of `ackl2 --help`. */
export const PROGRAM_EXAMPLES: readonly (string | Example)[] = [
  'ackl2 validate -f cluster.yaml',
  'ackl2 plan -f cluster.yaml --output json',
  'ackl2 create -f profiles/quickstart-alinux3.yaml --emulator --yes',
];

/** Commands with subcommands: their help and examples (the subcommands register under them). */
export const GROUPS: readonly GroupDefinition[] = [
  {
    name: 'nodepool',
    description: 'add, scale or delete node pools',
    examples: ['ackl2 nodepool add -f cluster.yaml --pool batch --yes', 'ackl2 nodepool scale --cluster shop-prod --pool web --size 3 --yes', 'ackl2 nodepool delete --cluster shop-prod --pool old-web --yes'],
  },
  {
    name: 'get',
    description: 'list clusters, node pools or nodes',
    examples: ['ackl2 get clusters', 'ackl2 get nodes --cluster shop-prod --output json'],
  },
  {
    name: 'delete',
    description: 'delete resources',
    examples: ['ackl2 delete cluster shop-dev --yes --wait'],
  },
];

/**
 * The entries `argv` can reach: the command its first words name (`validate`; `nodepool scale`
 * loads that subcommand alone); the whole group when only the group word matches (`ackl2 get`,
 * `ackl2 get nodez`: commander lists or suggests the subcommands); every entry when no word
 * matches or there is none (top-level help, a typo commander should report with suggestions).
 * Words are the arguments that are not options nor an option's value.
 */
export function entriesFor(argv: readonly string[], takesValue: (option: string) => boolean): readonly CommandEntry[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      if (!arg.includes('=') && takesValue(arg)) i++;
      continue;
    }
    words.push(arg);
  }
  const exact = COMMANDS.filter((c) => c.name === words.join(' '));
  if (exact.length > 0) return exact;
  const reached = COMMANDS.filter((c) => c.name.split(' ')[0] === words[0]);
  return reached.length > 0 ? reached : COMMANDS;
}
