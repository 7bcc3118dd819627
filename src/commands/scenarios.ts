import { z } from 'zod';
import { CATALOGUE } from '../scenarios/catalogue.js';
import { table } from '../ui/table.js';
import { defineCommand } from './define.js';
import type { ScenariosResult } from '../results/schemas.js';

/** The tuning catalogue: a table, or with --output json every entry with its options' JSON Schema. */
export default defineCommand({
  name: 'scenarios',
  description: 'the tuning catalogue: seed-article section and what each does on today\'s ACK',
  options: {},
  examples: ['ackl2 scenarios', 'ackl2 scenarios --output json'],
  run: async (options, ctx) => {
    const document: ScenariosResult = {
      ok: true,
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
  },
});
