/**
 * A module's exports with more names than it owns, each answered when it is read: O(1) to
 * make, where defining a getter per name costs about 6 ms per 1,000 names (the SDKs' model
 * indexes hold 4,485). Used for the on-demand model indexes (lazy-models.ts) and, in the SDK
 * bundles (scripts/build.mjs), for an API client's re-export of its models (tsc's
 * `__exportStar(require("./models/model"), exports)`, which copied every name up front).
 *
 * Read, `in`, Object.keys and property descriptors answer as if each name were an own
 * enumerable getter; like such a getter (tsc's), a fallback name cannot be assigned, redefined
 * or deleted. An own property of `own` always wins, as `export *` never overrides a name.
 */

export interface Fallback {
  /** Whether `name` is one of the fallback's names (never called for an own property of `own`). */
  has(name: string): boolean;
  /** The value of one of its names. */
  read(name: string): unknown;
  /** All of its names, in order (only when the exports are enumerated). */
  names(): readonly string[];
}

const hasOwn = (target: object, key: PropertyKey) => Object.prototype.hasOwnProperty.call(target, key);

export function exportsWithFallback<T extends object>(own: T, fallback: Fallback): T {
  const served = (target: object, key: PropertyKey): key is string => typeof key === 'string' && !hasOwn(target, key) && fallback.has(key);
  return new Proxy(own, {
    get: (target, key, receiver) => (served(target, key) ? fallback.read(key) : Reflect.get(target, key, receiver)),
    has: (target, key) => Reflect.has(target, key) || served(target, key),
    ownKeys: (target) => {
      const keys = Reflect.ownKeys(target);
      return [...keys, ...fallback.names().filter((name) => !hasOwn(target, name))];
    },
    getOwnPropertyDescriptor: (target, key) =>
      served(target, key) ? { enumerable: true, configurable: true, get: () => fallback.read(key) } : Reflect.getOwnPropertyDescriptor(target, key),
    set: (target, key, value, receiver) => !served(target, key) && Reflect.set(target, key, value, receiver),
    defineProperty: (target, key, descriptor) => !served(target, key) && Reflect.defineProperty(target, key, descriptor),
    deleteProperty: (target, key) => !served(target, key) && Reflect.deleteProperty(target, key),
  });
}

/**
 * An API client's exports (tsc-emitted `exports`) followed by the names of its models index,
 * but for `default`: what `__exportStar(models, exports)` made, without copying a name.
 */
export function clientWithModels<T extends object>(exports: T, models: Record<string, unknown>): T {
  return exportsWithFallback(exports, {
    has: (name) => name !== 'default' && hasOwn(models, name),
    read: (name) => models[name],
    names: () => Object.keys(models).filter((name) => name !== 'default'),
  });
}
