import { describe, expect, it } from 'vitest';
import { FactsCache } from '../../src/apply/facts-cache.js';
import { Turns } from '../../src/fleet/turns.js';
import { runFleet } from '../../src/fleet/run-fleet.js';
import { memoryContext } from '../helpers/context.js';

/** A few hops of the microtask queue, as an async chain of awaits takes. */
async function someAwaits(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('Turns', () => {
  it('resolves callers in order, each in a turn of the event loop of its own', async () => {
    const turns = new Turns();
    const seen: string[] = [];
    const callers = ['a', 'b', 'c'].map((name) =>
      turns.next().then(async () => {
        seen.push(`${name} starts`);
        await someAwaits();
        seen.push(`${name} ends`);
      }),
    );
    // A turn is a macrotask: nothing is handed out in the current one.
    await someAwaits();
    expect(seen).toEqual([]);
    await Promise.all(callers);
    expect(seen).toEqual(['a starts', 'a ends', 'b starts', 'b ends', 'c starts', 'c ends']);
  });

  it('lets what the event loop has pending run between two turns', async () => {
    const turns = new Turns();
    const seen: string[] = [];
    const first = turns.next().then(() => seen.push('first'));
    // Queued after the first turn was scheduled, before the second caller asks.
    setImmediate(() => seen.push('other work'));
    const second = turns.next().then(() => seen.push('second'));
    await Promise.all([first, second]);
    expect(seen).toEqual(['first', 'other work', 'second']);
  });
});

describe('FactsCache with turns (a fleet run)', () => {
  async function sharedAnswer(cache: FactsCache) {
    let answer!: (value: string) => void;
    const read = new Promise<string>((resolve) => (answer = resolve));
    const seen: string[] = [];
    const profile = async (name: string) => {
      const value = await cache.remember('zones', () => read);
      seen.push(`${name} got ${value}`);
      await someAwaits();
      seen.push(`${name} done`);
    };
    const running = Promise.all(['reader', 'second', 'third'].map(profile));
    answer('h');
    await running;
    return seen;
  }

  it('lets the profile that read an answer go on before the others resume with it', async () => {
    const turns = new Turns();
    const seen = await sharedAnswer(new FactsCache(() => turns.next()));
    expect(seen).toEqual(['reader got h', 'reader done', 'second got h', 'second done', 'third got h', 'third done']);
  });

  it('without turns (one profile on its own) every waiter resumes at once, as before', async () => {
    const seen = await sharedAnswer(new FactsCache());
    expect(seen.slice(0, 3)).toEqual(['reader got h', 'second got h', 'third got h']);
  });

  it('hands a failed read to the later profiles in their turns too, and forgets it', async () => {
    const turns = new Turns();
    const cache = new FactsCache(() => turns.next());
    const failing = Promise.reject(new Error('ServiceUnavailable'));
    const reads = [cache.remember('zones', () => failing), cache.remember('zones', () => Promise.resolve('unused'))];
    await expect(reads[0]).rejects.toThrow('ServiceUnavailable');
    await expect(reads[1]).rejects.toThrow('ServiceUnavailable');
    await expect(cache.remember('zones', () => Promise.resolve('h'))).resolves.toBe('h');
  });
});

describe('runFleet takes turns', () => {
  it('starts the profiles one per turn: the first runs its work up to its first wait for I/O before the second starts', async () => {
    const { ctx } = memoryContext({ output: 'json' });
    const seen: string[] = [];
    const member = (name: string) => ({
      name,
      file: `${name}.yaml`,
      run: async () => {
        seen.push(`${name} starts`);
        await someAwaits();
        seen.push(`${name} waits for I/O`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    });
    const results = await runFleet(ctx, [member('a'), member('b'), member('c')], { maxParallel: 3 });
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    expect(seen).toEqual(['a starts', 'a waits for I/O', 'b starts', 'b waits for I/O', 'c starts', 'c waits for I/O']);
  });

  it('a profile that fails with --fail-fast before the next one\'s turn leaves the others not started', async () => {
    const { ctx } = memoryContext({ output: 'json' });
    const started: string[] = [];
    const member = (name: string, fail = false) => ({
      name,
      file: `${name}.yaml`,
      run: async () => {
        started.push(name);
        if (fail) throw new Error(`${name} failed`);
      },
    });
    const results = await runFleet(ctx, [member('a', true), member('b'), member('c')], { maxParallel: 3, failFast: true });
    expect(started).toEqual(['a']);
    expect(results.map((r) => r.status)).toEqual(['failed', 'skipped', 'skipped']);
  });
});
