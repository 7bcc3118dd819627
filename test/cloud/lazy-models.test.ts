import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installLazyModels, parseModelIndex } from '../../src/cloud/lazy-models.js';

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
