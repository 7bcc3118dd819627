import { z } from 'zod';
import { CATALOGUE } from '../scenarios/catalogue.js';
import type { CommandRun } from './context.js';
import { table } from '../ui/table.js';

/** The tuning catalogue: a table, or with --output json every entry with its options' JSON Schema. */
export const run: CommandRun<Record<string, unknown>> = async (_options, ctx) => {
  const document = {
    scenarios: CATALOGUE.map((scenario) => ({
      id: scenario.id,
      title: scenario.title,
      seedSection: scenario.seedSection,
      scopes: [...scenario.scopes],
      summary: scenario.summary,
      today: scenario.today,
      sets: [...scenario.sets],
      requires: [...scenario.requires],
      options: z.toJSONSchema(scenario.options, { io: 'input' }),
    })),
  };
  ctx.reporter.result(document, () =>
    [
      table(
        ['ID', 'SEED §', 'SCOPES', "ON TODAY'S ACK"],
        CATALOGUE.map((s) => [s.id, s.seedSection, s.scopes.join(','), s.today]),
      ),
      '',
      'Switch one on under `scenarios:` (cluster-wide) or a pool\'s `scenarios:`, e.g. `bbr: {}`.',
      'Details and options: ackl2 scenarios --output json, docs/scenarios.md',
    ].join('\n'),
  );
};
