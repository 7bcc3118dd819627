import { describe, expect, it } from 'vitest';
import { clientWithModels, exportsWithFallback } from '../../src/cloud/fallback-exports.js';

function served() {
  const reads: string[] = [];
  const values: Record<string, unknown> = { A: class A {}, B: 2, shared: 'fallback' };
  const own: Record<string, unknown> = { shared: 'own' };
  Object.defineProperty(own, '__esModule', { value: true });
  const exports = exportsWithFallback(own, {
    has: (name) => name in values,
    read: (name) => {
      reads.push(name);
      return values[name];
    },
    names: () => Object.keys(values),
  });
  return { exports, reads, values, own };
}

describe('exports with fallback names', () => {
  it('reads a fallback name only when asked, and answers its very value', () => {
    const { exports, reads, values } = served();
    expect(reads).toEqual([]);
    expect(exports.A).toBe(values.A);
    expect(reads).toEqual(['A']);
    expect(exports.missing).toBeUndefined();
  });

  it('lets an own property win over a fallback name of the same name (export * never overrides)', () => {
    const { exports, reads } = served();
    expect(exports.shared).toBe('own');
    expect(reads).toEqual([]);
  });

  it('answers in, Object.keys and descriptors as own enumerable getters would, without reading', () => {
    const { exports, reads, values } = served();
    expect('B' in exports).toBe(true);
    expect('C' in exports).toBe(false);
    expect(Object.keys(exports)).toEqual(['shared', 'A', 'B']);
    expect(Object.prototype.hasOwnProperty.call(exports, 'A')).toBe(true);
    expect((exports as { __esModule?: boolean }).__esModule).toBe(true);
    const descriptor = Object.getOwnPropertyDescriptor(exports, 'A')!;
    expect(descriptor.enumerable).toBe(true);
    expect(reads).toEqual([]);
    expect(descriptor.get!()).toBe(values.A);
  });

  it('refuses to assign, redefine or delete a fallback name, as a getter without setter would', () => {
    const { exports, values } = served();
    expect(() => {
      'use strict';
      exports.A = 1;
    }).toThrow(TypeError);
    expect(() => Object.defineProperty(exports, 'B', { value: 3 })).toThrow(TypeError);
    expect(Reflect.deleteProperty(exports, 'A')).toBe(false);
    expect(exports.A).toBe(values.A);
    exports.added = 1;
    expect(exports.added).toBe(1);
  });
});

describe("an API client's exports with its models (in place of tsc's __exportStar)", () => {
  it("answers the models' names but default, after the client's own, the very same values", () => {
    const models: Record<string, unknown> = { Request: class Request {}, default: 'models default' };
    const client: Record<string, unknown> = {};
    const exports = clientWithModels(client, models);
    client.default = 'the client';
    expect(exports.default).toBe('the client');
    expect(exports.Request).toBe(models.Request);
    expect(Object.keys(exports)).toEqual(['default', 'Request']);
    // a name of Object.prototype is not one of the models'
    expect(Object.prototype.hasOwnProperty.call(exports, 'toString')).toBe(false);
  });
});
