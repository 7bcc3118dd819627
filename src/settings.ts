/**
 * Every ACKL2_* environment variable, parsed, validated and documented in one place; the
 * README's table of them is `settingsTable()` (a test keeps the two equal). The composition
 * root (main.ts) reads the settings once into the command context. A value is parsed when it is
 * first used, so a bad online setting never fails an offline command such as `validate`.
 */

import { parseDuration } from './apply/duration.js';
import { UserError } from './errors.js';

/** A poll schedule override: the parts ACKL2_POLL gives (an empty part keeps the default). */
export interface PollOverride {
  initialMs?: number | undefined;
  factor?: number | undefined;
  maxMs?: number | undefined;
}

interface Setting<T> {
  readonly name: string;
  /** What a value looks like, for the table. */
  readonly type: string;
  /** The default, for the table. */
  readonly default: string;
  readonly meaning: string;
  readonly fallback: T;
  parse(raw: string): T;
}

function setting<T>(definition: Setting<T>): Setting<T> {
  return definition;
}

function bad(name: string, raw: string, what: string, hint: string): UserError {
  return new UserError(`${name}="${raw}" is not ${what}`, { hint });
}

function requestRate(name: string, raw: string, fallback: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 1000) {
    throw bad(name, raw, 'a request rate', `set a number of requests per second between 0.1 and 1000, or unset it (default ${fallback})`);
  }
  return value;
}

export const SETTINGS = {
  endpoint: setting<string | undefined>({
    name: 'ACKL2_ENDPOINT',
    type: 'URL',
    default: 'the regional endpoints',
    meaning: 'API endpoint of every online command, e.g. a running `ackl2 emulator`; `--endpoint` wins',
    fallback: undefined,
    parse: (raw) => raw,
  }),
  maxRps: setting<number>({
    name: 'ACKL2_MAX_RPS',
    type: 'number, 0.1 to 1000',
    default: '100',
    meaning: 'client-side cap on all requests of a command together (requests per second; every profile of a fleet run shares it)',
    fallback: 100,
    parse: (raw) => requestRate('ACKL2_MAX_RPS', raw, 100),
  }),
  maxRpsPerAction: setting<number>({
    name: 'ACKL2_MAX_RPS_PER_ACTION',
    type: 'number, 0.1 to 1000',
    default: '18',
    meaning: "client-side request rate of any one API action (ACK and ECS throttle each action on its own, per account; they publish no number: the emulator's assumed 20/s, less a margin); each action may send three quarters of a second's worth at once (13 at 18/s; why: docs/fleet.md)",
    fallback: 18,
    parse: (raw) => requestRate('ACKL2_MAX_RPS_PER_ACTION', raw, 18),
  }),
  maxParallel: setting<number | undefined>({
    name: 'ACKL2_MAX_PARALLEL',
    type: 'whole number, 1 or more',
    default: 'every ready operation',
    meaning: 'how many operations `create` runs at once; `1` applies the plan one at a time (the benchmark baseline)',
    fallback: undefined,
    parse: (raw) => {
      if (!/^[1-9]\d*$/.test(raw)) throw bad('ACKL2_MAX_PARALLEL', raw, 'a positive whole number', 'e.g. 1 (one operation at a time), or unset it');
      return Number(raw);
    },
  }),
  poll: setting<PollOverride | undefined>({
    name: 'ACKL2_POLL',
    type: '`initial,factor,max`',
    default: '`1s,1.5,10s` (`200ms,1.5,2s` with `--emulator`)',
    meaning: 'how often cloud tasks are polled: first wait, growth factor, longest wait',
    fallback: undefined,
    parse: (raw) => {
      const fail = () => bad('ACKL2_POLL', raw, 'a poll schedule', 'write "initial,factor,max", e.g. "1s,1.5,10s", or unset it');
      const [initial, factor, max, extra] = raw.split(',').map((s) => s.trim());
      if (extra !== undefined) throw fail();
      try {
        const override: PollOverride = {
          initialMs: initial ? parseDuration(initial, 'ACKL2_POLL') : undefined,
          factor: factor ? Number(factor) : undefined,
          maxMs: max ? parseDuration(max, 'ACKL2_POLL') : undefined,
        };
        if (override.factor !== undefined && !(override.factor >= 1 && override.factor <= 10)) throw fail();
        return override;
      } catch {
        throw fail();
      }
    },
  }),
  emulatorCatalog: setting<string | undefined>({
    name: 'ACKL2_EMULATOR_CATALOG',
    type: 'catalogue name',
    default: '`2026-11` (today\'s ACK)',
    meaning: 'the dated ACK offer the `--emulator` built-in emulator plays (`2024-03`: the last with AliyunLinux2 node pools); `--emulator-catalog` wins',
    fallback: undefined,
    parse: (raw) => raw,
  }),
  emulatorSpeed: setting<number>({
    name: 'ACKL2_EMULATOR_SPEED',
    type: 'number, above 0 up to 1000',
    default: '1',
    meaning: 'divides the task durations of the `--emulator` built-in emulator (demos, tests)',
    fallback: 1,
    parse: (raw) => {
      const speed = Number(raw);
      if (!Number.isFinite(speed) || speed <= 0 || speed > 1000) {
        throw bad('ACKL2_EMULATOR_SPEED', raw, 'a speed factor', 'set a number such as 10 (ten times faster), or unset it');
      }
      return speed;
    },
  }),
} as const;

type Values = { readonly [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K]['fallback'] };

export interface Settings extends Values {
  /** CI is set: no prompts, no spinner. */
  readonly ci: boolean;
  /** NO_COLOR is set. */
  readonly noColor: boolean;
}

/** The settings of `env`; each ACKL2_* value is parsed (and refused) when first read. */
export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const settings = { ci: Boolean(env.CI), noColor: env.NO_COLOR !== undefined } as Settings;
  for (const [key, spec] of Object.entries(SETTINGS) as [keyof typeof SETTINGS, Setting<unknown>][]) {
    let parsed: { value: unknown } | undefined;
    Object.defineProperty(settings, key, {
      enumerable: true,
      get: () => {
        if (!parsed) {
          const raw = env[spec.name];
          parsed = { value: raw === undefined || raw.trim() === '' ? spec.fallback : spec.parse(raw.trim()) };
        }
        return parsed.value;
      },
    });
  }
  return settings;
}

/** The README's table of environment variables. */
export function settingsTable(): string {
  return [
    '| variable | value | default | meaning |',
    '|---|---|---|---|',
    ...Object.values(SETTINGS).map((s) => `| \`${s.name}\` | ${s.type} | ${s.default} | ${s.meaning} |`),
  ].join('\n');
}
