/**
 * The official SDKs' `dist/models/model.js` requires every model class of the API up front:
 * 2,083 files for ECS, 1,733 for VPC, 669 for ACK, about 2 s of CPU before the first request
 * although a command uses a handful of them. This puts in its place (in the require cache,
 * before the SDK's client asks for it) the same exports, each required the first time it is
 * read: the same files, the same classes, loaded on demand. The index is only replaced when
 * every one of its lines has the exact form tsc emits; anything else loads as published.
 *
 * The Darabonba runtime's index (`@darabonba/typescript`) is the same kind of file with
 * `export *` lines: it requires moment, xml2js and their dependencies (about 400 KB) for date
 * and XML helpers no ackl2 call uses. `installLazyIndex` serves it the same way; a star line
 * needs the names its file exports, read from that file's tsc-emitted `exports.NAME =` lines.
 */

import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { exportsWithFallback } from './fallback-exports.js';
import { preparedIndexOf, type ModelExport, type ModelIndex, type PreparedIndexes } from './prepared-indexes.js';

const USE_STRICT = /^"use strict";$/;
const ES_MODULE = /^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);$/;
const DECLARE = /^exports\.[\w$]+ = (?:exports\.[\w$]+ = )*void 0;$/;
const REQUIRE = /^var ([\w$]+) = require\("(\.\/[\w$./-]+)"\);$/;
const EXPORT = /^Object\.defineProperty\(exports, "([\w$]+)", \{ enumerable: true, get: function \(\) \{ return (__importDefault\()?([\w$]+)\)?\.([\w$]+); \} \}\);$/;
const STAR = /^__exportStar\(require\("(\.\/[\w$./-]+)"\), exports\);$/;
const SOURCE_MAP = /^\/\/# sourceMappingURL=\S+$/;
/** tsc's module helpers, defined above the first statement of an index that uses them. */
const HELPER = /^var (__createBinding|__exportStar|__importDefault|__importStar|__setModuleDefault) = /;
/**
 * What a file exports by name, as tsc emits it: every `exports.NAME =` (the `= void 0` header
 * chain, assignments, an enum's `(exports.E = E = {})`) or a re-export getter.
 */
const OWN_EXPORT = /\bexports\.([\w$]+)\s*=(?!=)|Object\.defineProperty\(exports, "([\w$]+)", \{ enumerable: true, get: /g;

export type { ModelIndex } from './prepared-indexes.js';

/**
 * The exports of a tsc-emitted re-export index, or undefined when any line has another form.
 * `namesOf(file)` answers an `export * from` line: the names that file exports, or undefined
 * when they cannot be known without running it (the index then loads as published).
 */
export function parseModelIndex(text: string, namesOf: (file: string) => readonly string[] | undefined = () => undefined): ModelIndex | undefined {
  const files = new Map<string, string>();
  const index = new Map<string, ModelExport>();
  const lines = text.split('\n');
  // The helpers' own lines (multi-line functions) come before the __esModule line.
  const start = lines.findIndex((l) => ES_MODULE.test(l.trim()));
  if (start > 0 && !lines.slice(0, start).every((l) => l.trim() === '' || USE_STRICT.test(l.trim()) || HELPER.test(l) || /^[\s})]/.test(l))) return undefined;
  for (const raw of lines.slice(Math.max(0, start))) {
    const line = raw.trim();
    if (line === '' || USE_STRICT.test(line) || ES_MODULE.test(line) || DECLARE.test(line) || SOURCE_MAP.test(line)) continue;
    const required = REQUIRE.exec(line);
    if (required) {
      files.set(required[1]!, required[2]!);
      continue;
    }
    const star = STAR.exec(line);
    if (star) {
      const names = namesOf(star[1]!);
      if (!names) return undefined;
      // export * never overrides a name already exported (tsc's __exportStar)
      for (const name of names) if (!index.has(name)) index.set(name, { file: star[1]!, property: name });
      continue;
    }
    const exported = EXPORT.exec(line);
    const file = exported ? files.get(exported[3]!) : undefined;
    if (!exported || !file) return undefined;
    index.set(exported[1]!, { file, property: exported[4]!, ...(exported[2] ? { viaDefault: true } : {}) });
  }
  return index.size > 0 ? index : undefined;
}

/** The names a tsc-emitted CommonJS file exports, or undefined when it has an `export *` of its own or assigns module.exports. */
export function exportedNames(text: string): string[] | undefined {
  if (/__exportStar\(|module\.exports\s*=|exports\[/.test(text)) return undefined;
  const names = new Set<string>();
  for (const match of text.matchAll(OWN_EXPORT)) names.add((match[1] ?? match[2])!);
  names.delete('__esModule');
  names.delete('default');
  return [...names];
}

/** The model index of the package whose main file is `main` (its `dist/client.js`). */
export const modelIndexOf = (main: string): string => join(dirname(main), 'models', 'model.js');

/**
 * Installs the on-demand `models/model.js` of the package whose main file is `main` (its
 * `dist/client.js`), unless it is loaded already or its index has an unexpected form.
 * Returns how many exports are served on demand (0: the package loads as published).
 */
export function installLazyModels(main: string, requireFrom: NodeJS.Require, prepared?: PreparedIndexes): number {
  return installLazyIndex(modelIndexOf(main), requireFrom, prepared);
}

/**
 * Reads and parses the re-export index `file` (and the files its `export *` lines name) with
 * `read`: its exports, or undefined when it has an unexpected form or cannot be read.
 */
export function readModelIndex(file: string, read: (path: string) => string | undefined): ModelIndex | undefined {
  const text = read(file);
  if (text === undefined) return undefined;
  const namesOf = (relative: string) => {
    const source = read(`${join(dirname(file), relative)}.js`);
    return source === undefined ? undefined : exportedNames(source);
  };
  return parseModelIndex(text, namesOf);
}

const readText = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * The on-demand exports of the re-export index `file`, or undefined when it loads as
 * published. Its prepared form (prepared-indexes.ts) is used when it is still current.
 */
export function lazyIndexExports(file: string, requireFrom: NodeJS.Require, prepared: PreparedIndexes = {}): Record<string, unknown> | undefined {
  return lazyIndexOf(file, requireFrom, prepared)?.exports;
}

function lazyIndexOf(file: string, requireFrom: NodeJS.Require, prepared: PreparedIndexes): { exports: Record<string, unknown>; size: number } | undefined {
  const index = preparedIndexOf(file, prepared) ?? readModelIndex(file, readText);
  if (!index) return undefined;
  const loaded = new Map<string, Record<string, unknown>>();
  const load = (relative: string) => {
    let module = loaded.get(relative);
    if (!module) {
      module = requireFrom(join(dirname(file), relative)) as Record<string, unknown>;
      loaded.set(relative, module);
    }
    return module;
  };
  const own: Record<string, unknown> = {};
  Object.defineProperty(own, '__esModule', { value: true });
  const exports = exportsWithFallback(own, {
    has: (name) => index.has(name),
    read: (name) => {
      const { file: relative, property, viaDefault } = index.get(name)!;
      const module = load(relative);
      return (viaDefault && !module.__esModule ? { default: module } : module)[property];
    },
    names: () => [...index.keys()],
  });
  return { exports, size: index.size };
}

/**
 * Puts the on-demand form of the re-export index `file` in the require cache, unless the file
 * is loaded already or has an unexpected form. Returns how many exports are served on demand
 * (0: it loads as published).
 */
export function installLazyIndex(file: string, requireFrom: NodeJS.Require, prepared: PreparedIndexes = {}): number {
  if (requireFrom.cache[file]) return 0;
  const lazy = lazyIndexOf(file, requireFrom, prepared);
  if (!lazy) return 0;
  const module = new Module(file);
  module.filename = file;
  module.loaded = true;
  module.exports = lazy.exports;
  requireFrom.cache[file] = module;
  return lazy.size;
}

/**
 * The names of the package `request` that the CommonJS file `text` reads, when it binds the
 * whole package once in tsc's form (`var X = __importStar(require("request"));`) and uses that
 * binding only as `X.name`; otherwise undefined (the package cannot be served on demand).
 */
export function namesReadOf(text: string, request: string): string[] | undefined {
  const quoted = JSON.stringify(request).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const bindings = [...text.matchAll(new RegExp(`^var ([\\w$]+) = __importStar\\(require\\(${quoted}\\)\\);$`, 'gm'))];
  if (bindings.length !== 1 || text.split(`require(${JSON.stringify(request)})`).length !== 2) return undefined;
  const binding = bindings[0]![1]!.replace(/\$/g, '\\$');
  const names = new Set<string>();
  // every use of the binding other than its declaration must be a property read
  for (const use of text.matchAll(new RegExp(`(?<![\\w$.])${binding}(?![\\w$])(\\.([\\w$]+))?`, 'g'))) {
    if (use.index === bindings[0]!.index + 4) continue;
    if (use[2] === undefined) return undefined;
    names.add(use[2]);
  }
  return names.size > 0 ? [...names] : undefined;
}

/**
 * Puts in the require cache, in place of the module `file`, a stand-in whose `names` each
 * require the real module the first time they are read (it then takes its own place in the
 * cache). For a package one file requires whole for a function or two: the Darabonba runtime's
 * func.js requires lodash (540 KB, 15 to 40 ms of CPU) for `merge`, which no ackl2 call makes.
 * Returns false when `file` is loaded already.
 */
export function installLazyModule(file: string, names: readonly string[], requireFrom: NodeJS.Require): boolean {
  if (requireFrom.cache[file]) return false;
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  const real = () => {
    if (requireFrom.cache[file] === standIn) delete requireFrom.cache[file];
    return requireFrom(file) as Record<string, unknown>;
  };
  const exports: Record<string, unknown> = {};
  for (const name of names) Object.defineProperty(exports, name, { enumerable: true, get: () => real()[name] });
  standIn.exports = exports;
  requireFrom.cache[file] = standIn;
  return true;
}
