import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activeUses, CATALOGUE, scenarioById } from '../../src/scenarios/index.js';
import { SCENARIO_KEYS } from '../../src/scenarios/options.js';
import { SCENARIO_IDS } from '../../src/scenarios/types.js';
import { makeProfile, pool } from './profiles.js';

describe('the scenario catalogue', () => {
  it('lists the nine scenarios of the seed article once each, in order', () => {
    expect(CATALOGUE.map((s) => s.id)).toEqual([...SCENARIO_IDS]);
    for (const id of SCENARIO_IDS) expect(scenarioById(id)?.id).toBe(id);
    expect(scenarioById('nope')).toBeUndefined();
  });

  it('is what the profile schema composes: each entry carries its key, scopes, options and former names from options.ts', () => {
    expect(SCENARIO_KEYS.map((k) => k.id)).toEqual(CATALOGUE.map((s) => s.id));
    CATALOGUE.forEach((scenario, i) => {
      const key = SCENARIO_KEYS[i]!;
      expect(scenario.options, scenario.id).toBe(key.options);
      expect(scenario.scopes, scenario.id).toBe(key.scopes);
      expect(scenario.aliases, scenario.id).toBe(key.aliases);
    });
  });

  it('says what each scenario sets and requires', () => {
    for (const scenario of CATALOGUE) {
      expect(scenario.sets.length, scenario.id).toBeGreaterThan(0);
      expect(scenario.requires.length, scenario.id).toBeGreaterThan(0);
      expect(scenario.seedSection, scenario.id).toMatch(/^\d(\.\d)?(, \d(\.\d)?)*$/);
    }
  });

  it('switches every scenario on with {} (its defaults), as the README says', () => {
    for (const scenario of CATALOGUE) {
      expect(scenario.options.safeParse({}).success, scenario.id).toBe(true);
    }
  });

  it('has strict options: an unknown option is refused', () => {
    for (const scenario of CATALOGUE) {
      expect(scenario.options.safeParse({ bogus: 1 }).success, scenario.id).toBe(false);
    }
  });

  it('is explained in docs/scenarios.md, each with its title and seed section', () => {
    const docs = readFileSync(new URL('../../docs/scenarios.md', import.meta.url), 'utf8');
    for (const scenario of CATALOGUE) {
      const heading = docs.split('\n').find((line) => line.startsWith('## ') && line.includes(`\`${scenario.id}\``));
      expect(heading, scenario.id).toBeDefined();
      expect(heading).toContain(scenario.title);
      expect(docs).toContain(`Seed article § ${scenario.seedSection}`);
      expect(docs, `${scenario.id}: its Today line, as ackl2 scenarios prints it`).toContain(`**Today.** ${scenario.today}\n`);
    }
  });
});

describe('activeUses', () => {
  it('gives a cluster-level use every pool but those with their own use, which come after it', () => {
    const profile = makeProfile({
      scenarios: { bbr: {} },
      pools: [pool({ name: 'a' }), pool({ name: 'b', scenarios: { bbr: { allowPodOverride: false } } }), pool({ name: 'c' })],
    });
    const bbr = activeUses(profile).filter((u) => u.scenario.id === 'bbr').map((u) => u.use);
    expect(bbr).toEqual([
      { options: { allowPodOverride: true }, scope: 'cluster', path: ['scenarios', 'bbr'], poolIndexes: [0, 2] },
      { options: { allowPodOverride: false }, scope: 'pool', path: ['nodePools', 1, 'scenarios', 'bbr'], poolIndexes: [1] },
    ]);
  });

  it('orders uses by the catalogue', () => {
    const profile = makeProfile({ scenarios: { bfqIo: {}, terwayDataPathV2: {}, bbr: {} } });
    expect(activeUses(profile).map((u) => u.scenario.id)).toEqual(['terwayDataPathV2', 'bbr', 'bfqIo']);
  });

  it('has no uses for a profile without scenarios', () => {
    expect(activeUses(makeProfile())).toEqual([]);
  });
});
