import { describe, expect, it } from 'vitest';
import { ackl2Command } from '../../src/commands/hints.js';
import { memoryContext } from '../helpers/context.js';

describe('the commands hints tell users to run', () => {
  it('repeat --emulator-catalog under --emulator, since each catalogue keeps its own world', () => {
    const { ctx } = memoryContext({ emulator: true, emulatorCatalog: '2024-03' }, {});
    expect(ackl2Command(ctx, ['get', 'nodes', '--cluster', 'shop'])).toBe('ackl2 get nodes --cluster shop --emulator --emulator-catalog 2024-03');
  });

  it('leave it out when the environment already chooses that catalogue, or without --emulator', () => {
    const fromEnv = memoryContext({ emulator: true, emulatorCatalog: '2024-03' }, { ACKL2_EMULATOR_CATALOG: '2024-03' }).ctx;
    expect(ackl2Command(fromEnv, ['get', 'clusters'])).toBe('ackl2 get clusters --emulator');
    const cloud = memoryContext({ emulatorCatalog: '2024-03' }, {}).ctx;
    expect(ackl2Command(cloud, ['get', 'clusters'])).toBe('ackl2 get clusters');
  });
});
