/**
 * Seeded randomness: one stream for faults (so a failing run replays with the same seed) and
 * one for generated ids (its state is persisted, so ids stay unique across restarts).
 */

/** mulberry32: tiny, fast, good enough for ids and fault dice. State is one uint32. */
export class SeededRandom {
  constructor(private state: number) {
    this.state = state >>> 0;
  }

  get seed(): number {
    return this.state;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}

const HEX = '0123456789abcdef';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Resource ids in the shapes the cloud uses. */
export class IdFactory {
  constructor(private readonly random: SeededRandom) {}

  get seed(): number {
    return this.random.seed;
  }

  cluster(): string {
    return `c${this.random.chars(32, HEX)}`;
  }

  nodePool(): string {
    return `np${this.random.chars(32, HEX)}`;
  }

  task(): string {
    return `T-${this.random.chars(24, HEX)}`;
  }

  instance(regionPrefix: string): string {
    return `i-${regionPrefix}${this.random.chars(17, LOWER_ALNUM)}`;
  }

  hex(length: number): string {
    return this.random.chars(length, HEX);
  }
}

/** The id prefix ECS uses per region (i-bp1... in Hangzhou, i-2ze... in Beijing). */
export function regionIdPrefix(regionId: string): string {
  const known: Record<string, string> = { 'cn-hangzhou': 'bp1', 'cn-beijing': '2ze', 'cn-shanghai': 'uf6', 'cn-shenzhen': 'wz9' };
  return known[regionId] ?? 'gw8';
}
