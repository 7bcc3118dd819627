import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installLazyIndex, installLazyModels, installLazyModule, lazyIndexExports, namesReadOf, parseModelIndex } from '../../src/cloud/lazy-models.js';

const here = createRequire(import.meta.url);

/** A package laid out as the SDKs are: dist/client.js re-exporting the tsc-emitted dist/models/model.js. */
function fakeSdk(index: string): string {
  const root = mkdtempSync(join(tmpdir(), 'ackl2-lazy-models-'));
  mkdirSync(join(root, 'dist', 'models'), { recursive: true });
  writeFileSync(join(root, 'dist', 'client.js'), '"use strict";\nmodule.exports = require("./models/model");\n');
  for (const name of ['A', 'B']) {
    writeFileSync(join(root, 'dist', 'models', `${name}.js`), `"use strict";\nglobalThis.__ackl2Loaded.push("${name}");\nclass ${name} {}\nexports.${name} = ${name};\n`);
  }
  writeFileSync(join(root, 'dist', 'models', 'model.js'), index);
  return root;
}

const TSC_INDEX = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.B = exports.A = void 0;
var A_1 = require("./A");
Object.defineProperty(exports, "A", { enumerable: true, get: function () { return A_1.A; } });
var B_1 = require("./B");
Object.defineProperty(exports, "B", { enumerable: true, get: function () { return B_1.B; } });
`;

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function load(index: string) {
  const root = fakeSdk(index);
  roots.push(root);
  const loaded: string[] = [];
  (globalThis as { __ackl2Loaded?: string[] }).__ackl2Loaded = loaded;
  const installed = installLazyModels(join(root, 'dist', 'client.js'), here);
  const sdk = here(join(root, 'dist', 'client.js')) as Record<string, unknown>;
  return { root, loaded, installed, sdk };
}

describe('on-demand SDK models', () => {
  it('requires a model file only when its class is first read, and it is the very class the file exports', () => {
    const { root, loaded, installed, sdk } = load(TSC_INDEX);
    expect(installed).toBe(2);
    expect(loaded).toEqual([]);
    const a = sdk.A;
    expect(loaded).toEqual(['A']);
    expect(a).toBe((here(join(root, 'dist', 'models', 'A.js')) as { A: unknown }).A);
    expect(Object.keys(sdk).sort()).toEqual(['A', 'B']);
    expect(loaded).toEqual(['A']);
  });

  it('an index of any other form loads as published (everything, at once)', () => {
    const { installed, loaded, sdk } = load(TSC_INDEX.replace('var B_1 = require("./B");', 'var B_1 = require("./B"); void B_1;'));
    expect(installed).toBe(0);
    expect(loaded).toEqual(['A', 'B']);
    expect(typeof sdk.B).toBe('function');
  });

  it('recognises the published index of every SDK ackl2 uses, export for export', () => {
    for (const name of ['@alicloud/cs20151215', '@alicloud/ecs20140526', '@alicloud/vpc20160428']) {
      const text = readFileSync(join(here.resolve(name), '..', 'models', 'model.js'), 'utf8');
      const declared = text.match(/^Object\.defineProperty\(exports, "(?!__esModule")/gm)?.length ?? 0;
      expect(declared, name).toBeGreaterThan(100);
      expect(parseModelIndex(text)?.size, name).toBe(declared);
    }
  });
});

/** A runtime laid out as @darabonba/typescript is: an index of `export *` and default re-exports. */
const STAR_INDEX = `"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    Object.defineProperty(o, k2, { enumerable: true, get: function() { return m[k]; } });
}) : (function(o, m, k, k2) {
    o[k2 === undefined ? k : k2] = m[k];
}));
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.Heavy = void 0;
__exportStar(require("./core"), exports);
var heavy_1 = require("./heavy");
Object.defineProperty(exports, "Heavy", { enumerable: true, get: function () { return __importDefault(heavy_1).default; } });
__exportStar(require("./extra"), exports);
`;

function fakeRuntime(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ackl2-lazy-runtime-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, `${name}.js`), text);
  return root;
}

const RUNTIME = {
  index: STAR_INDEX,
  core: '"use strict";\nglobalThis.__ackl2Loaded.push("core");\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.shared = exports.cast = void 0;\nexports.cast = (x) => x;\nexports.shared = "core";\n',
  heavy: '"use strict";\nglobalThis.__ackl2Loaded.push("heavy");\nmodule.exports = class Heavy {};\n',
  extra: '"use strict";\nglobalThis.__ackl2Loaded.push("extra");\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.shared = exports.more = void 0;\nexports.more = 1;\nexports.shared = "extra";\n',
};

describe('an on-demand runtime index (export * and default re-exports)', () => {
  it('requires each part when one of its names is first read, with export * semantics (an earlier name wins)', () => {
    const root = fakeRuntime(RUNTIME);
    const loaded: string[] = [];
    (globalThis as { __ackl2Loaded?: string[] }).__ackl2Loaded = loaded;
    expect(installLazyIndex(join(root, 'index.js'), here)).toBe(4);
    const runtime = here(join(root, 'index.js')) as Record<string, unknown>;
    expect(loaded).toEqual([]);
    expect(runtime.shared).toBe('core');
    expect(loaded).toEqual(['core']);
    expect(runtime.more).toBe(1);
    // a file that is not an ES module's compiled form is its own default (tsc's __importDefault)
    expect(runtime.Heavy).toBe(here(join(root, 'heavy.js')));
    expect(Object.keys(runtime).sort()).toEqual(['Heavy', 'cast', 'more', 'shared']);
  });

  it('loads as published when a part cannot say what it exports without running', () => {
    const root = fakeRuntime({ ...RUNTIME, extra: '"use strict";\nmodule.exports = require("./core");\n' });
    expect(lazyIndexExports(join(root, 'index.js'), here)).toBeUndefined();
  });

  const openApi = createRequire(here.resolve('@alicloud/cs20151215')).resolve('@alicloud/openapi-core');
  it.each([
    ['@darabonba/typescript', createRequire(here.resolve('@alicloud/cs20151215')).resolve('@darabonba/typescript')],
    ['@alicloud/openapi-core websocketUtils', join(openApi, '..', 'websocketUtils', 'index.js')],
  ])('serves the installed %s with the same names and the very same values as published', (_name, file) => {
    const lazy = lazyIndexExports(file, here);
    expect(lazy).toBeDefined();
    const published = here(file) as Record<string, unknown>;
    expect(Object.keys(lazy!).sort()).toEqual(Object.keys(published).sort());
    for (const name of Object.keys(published)) expect(lazy![name], name).toBe(published[name]);
  });
});

describe('a package required whole for a few names (lodash in the Darabonba runtime)', () => {
  const func = join(createRequire(here.resolve('@alicloud/cs20151215')).resolve('@darabonba/typescript'), '..', 'func.js');

  it('reads the names the installed func.js takes from lodash: merge only', () => {
    expect(namesReadOf(readFileSync(func, 'utf8'), 'lodash')).toEqual(['merge']);
  });

  it('refuses a file that uses the binding other than by reading a name, or requires the package twice', () => {
    const head = '"use strict";\nvar _ = __importStar(require("lodash"));\n';
    expect(namesReadOf(`${head}exports.a = _.merge({}, x);\nexports.b = _.pick;\n`, 'lodash')?.sort()).toEqual(['merge', 'pick']);
    expect(namesReadOf(`${head}exports.a = _;\n`, 'lodash')).toBeUndefined();
    expect(namesReadOf(`${head}exports.a = _["merge"];\n`, 'lodash')).toBeUndefined();
    expect(namesReadOf(`${head}exports.a = _.merge;\nconst l = require("lodash");\n`, 'lodash')).toBeUndefined();
    expect(namesReadOf('"use strict";\nconst _ = require("lodash");\nexports.a = _.merge;\n', 'lodash')).toBeUndefined();
  });

  it('requires the real module the first time a name is read, which then takes its own place in the cache', () => {
    const root = mkdtempSync(join(tmpdir(), 'ackl2-lazy-module-'));
    roots.push(root);
    const file = join(root, 'big.js');
    writeFileSync(file, '"use strict";\nglobalThis.__ackl2Loaded.push("big");\nexports.merge = (a, b) => ({ ...a, ...b });\nexports.other = 1;\n');
    const loaded: string[] = [];
    (globalThis as { __ackl2Loaded?: string[] }).__ackl2Loaded = loaded;
    expect(installLazyModule(file, ['merge'], here)).toBe(true);
    const standIn = here(file) as Record<string, unknown>;
    expect(Object.keys(standIn)).toEqual(['merge']);
    expect(loaded).toEqual([]);
    const merge = standIn.merge as (a: object, b: object) => object;
    expect(loaded).toEqual(['big']);
    expect(merge({ a: 1 }, { b: 2 })).toEqual({ a: 1, b: 2 });
    const real = here(file) as Record<string, unknown>;
    expect(real).not.toBe(standIn);
    expect(real.merge).toBe(merge);
    expect(standIn.merge).toBe(merge);
    expect(loaded).toEqual(['big']);
    expect(installLazyModule(file, ['merge'], here)).toBe(false);
  });
});
