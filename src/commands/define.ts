/**
 * A command is one typed definition: its name, help, options (each with its default written
 * once, next to the flag), examples and `run`. The option types `run` receives are inferred
 * from the declaration, so no `any` reaches a command. main.ts registers definitions with
 * commander; a new command is one file in src/commands/ plus one line in registry.ts.
 */

import type { CommandContext } from './context.js';

/** One option (or positional argument) of a command; `T` is what `run` receives for it. */
export interface OptionDef<T> {
  readonly kind: 'value' | 'flag' | 'list' | 'argument';
  /** Commander's flag syntax: `-f, --file <path...>`, `--no-wait`, `<name>` for an argument. */
  readonly flags: string;
  readonly description: string;
  readonly required?: boolean | undefined;
  /** The raw default, as `--help` shows it; `parse` turns it into `T` like any typed value. */
  readonly default?: string | undefined;
  readonly choices?: readonly string[] | undefined;
  readonly parse?: ((raw: string) => T) | undefined;
  /** Never set: carries `T` for inference. */
  readonly type?: T;
}

export type OptionDefs = Record<string, OptionDef<unknown>>;

export type Inferred<O extends OptionDefs> = { -readonly [K in keyof O]: O[K] extends OptionDef<infer T> ? T : never };

/** `ackl2 ...` as a user types it. */
export interface Example {
  readonly command: string;
  /** Shown after the command as `# comment`. */
  readonly comment?: string | undefined;
}

export interface CommandDefinition<O extends OptionDefs = OptionDefs> {
  /** The words after `ackl2`: `create`, `nodepool add`. */
  readonly name: string;
  readonly description: string;
  readonly options: O;
  readonly examples: readonly (string | Example)[];
  run(options: Inferred<O>, ctx: CommandContext): Promise<void>;
}

export function defineCommand<const O extends OptionDefs>(definition: CommandDefinition<O>): CommandDefinition<O> {
  return definition;
}

/** A command group (`nodepool`, `get`, `delete`): help and examples, its commands register under it. */
export interface GroupDefinition {
  readonly name: string;
  readonly description: string;
  readonly examples: readonly (string | Example)[];
}

/** An on/off switch: `--yes` (default false) or `--no-wait` (default true). */
export function flag(flags: string, description: string): OptionDef<boolean> {
  return { kind: 'flag', flags, description };
}

/**
 * An option with a value: `--pool <name>`. `required` and `default` make it always present;
 * `parse` turns the text (and the default) into a typed value, throwing a UserError.
 */
export function value(flags: string, description: string): OptionDef<string | undefined>;
export function value(flags: string, description: string, options: { required: true } | { default: string }): OptionDef<string>;
export function value<T>(flags: string, description: string, options: { required: true; parse: (raw: string) => T } | { default: string; parse: (raw: string) => T }): OptionDef<T>;
export function value<T>(flags: string, description: string, options: { parse: (raw: string) => T }): OptionDef<T | undefined>;
export function value(flags: string, description: string, options: { required?: boolean; default?: string; parse?: (raw: string) => unknown } = {}): OptionDef<unknown> {
  return { kind: 'value', flags, description, required: options.required, default: options.default, parse: options.parse };
}

/** One value out of a fixed set, with its default. */
export function choice<const C extends readonly string[]>(flags: string, description: string, choices: C, fallback: C[number]): OptionDef<C[number]> {
  return { kind: 'value', flags, description, choices, default: fallback };
}

/** A list: `-f <path...>` takes several values after one flag, and the flag may repeat. */
export function list(flags: string, description: string): OptionDef<string[]> {
  return { kind: 'list', flags, description };
}

/** A positional argument: `<name>` (required) or `[name]`. */
export function argument(name: string, description: string): OptionDef<string> {
  return { kind: 'argument', flags: name, description, required: name.startsWith('<') };
}

/** The `-f, --file` option of every command that reads profiles. */
export function files(description = 'cluster profile (YAML)'): OptionDef<string[]> {
  return list('-f, --file <path...>', description);
}

export function exampleText(example: string | Example): string {
  if (typeof example === 'string') return example;
  return example.comment ? `${example.command}   # ${example.comment}` : example.command;
}
