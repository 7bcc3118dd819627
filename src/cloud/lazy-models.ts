/**
 * The official SDKs' `dist/models/model.js` requires every model class of the API up front:
 * 2,083 files for ECS, 1,733 for VPC, 669 for ACK, about 2 s of CPU before the first request
 * although a command uses a handful of them. This puts in its place (in the require cache,
 * before the SDK's client asks for it) the same exports, each required the first time it is
 * read: the same files, the same classes, loaded on demand. The index is only replaced when
 * every one of its lines has the exact form tsc emits; anything else loads as published.
 */

import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';

const USE_STRICT = /^"use strict";$/;
const ES_MODULE = /^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);$/;
const DECLARE = /^exports\.[\w$]+ = (?:exports\.[\w$]+ = )*void 0;$/;
const REQUIRE = /^var ([\w$]+) = require\("(\.\/[\w$./-]+)"\);$/;
const EXPORT = /^Object\.defineProperty\(exports, "([\w$]+)", \{ enumerable: true, get: function \(\) \{ return ([\w$]+)\.([\w$]+); \} \}\);$/;
const SOURCE_MAP = /^\/\/# sourceMappingURL=\S+$/;

/** name -> [file it comes from (relative), property of that file] */
export type ModelIndex = Map<string, { file: string; property: string }>;

/** The exports of a tsc-emitted re-export index, or undefined when any line has another form. */
export function parseModelIndex(text: string): ModelIndex | undefined {
  const files = new Map<string, string>();
  const index: ModelIndex = new Map();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || USE_STRICT.test(line) || ES_MODULE.test(line) || DECLARE.test(line) || SOURCE_MAP.test(line)) continue;
    const required = REQUIRE.exec(line);
    if (required) {
      files.set(required[1]!, required[2]!);
      continue;
    }
    const exported = EXPORT.exec(line);
    const file = exported ? files.get(exported[2]!) : undefined;
    if (!exported || !file) return undefined;
    index.set(exported[1]!, { file, property: exported[3]! });
  }
  return index.size > 0 ? index : undefined;
}

/**
 * Installs the on-demand `models/model.js` of the package whose main file is `main` (its
 * `dist/client.js`), unless it is loaded already or its index has an unexpected form.
 * Returns how many exports are served on demand (0: the package loads as published).
 */
export function installLazyModels(main: string, requireFrom: NodeJS.Require): number {
  const file = join(dirname(main), 'models', 'model.js');
  if (requireFrom.cache[file]) return 0;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 0;
  }
  const index = parseModelIndex(text);
  if (!index) return 0;
  const exports: Record<string, unknown> = {};
  Object.defineProperty(exports, '__esModule', { value: true });
  const loaded = new Map<string, Record<string, unknown>>();
  const load = (relative: string) => {
    let module = loaded.get(relative);
    if (!module) {
      module = requireFrom(join(dirname(file), relative)) as Record<string, unknown>;
      loaded.set(relative, module);
    }
    return module;
  };
  for (const [name, { file: relative, property }] of index) {
    Object.defineProperty(exports, name, { enumerable: true, get: () => load(relative)[property] });
  }
  const module = new Module(file);
  module.filename = file;
  module.loaded = true;
  module.exports = exports;
  requireFrom.cache[file] = module;
  return index.size;
}
