import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyIndexExports, readModelIndex } from '../../src/cloud/lazy-models.js';
import { packagePath, preparedIndexOf, prepareIndex, type PreparedIndex, type PreparedIndexes } from '../../src/cloud/prepared-indexes.js';
import { lazyIndexFiles } from '../../src/cloud/sdk.js';

const here = createRequire(import.meta.url);
const readText = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};
const prepare = (file: string) => prepareIndex(file, (read) => readModelIndex(file, read));

const INDEX = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Other = exports.AB = exports.A = void 0;
var A_1 = require("./A");
Object.defineProperty(exports, "A", { enumerable: true, get: function () { return A_1.A; } });
Object.defineProperty(exports, "AB", { enumerable: true, get: function () { return A_1.AB; } });
var A_2 = require("./A");
Object.defineProperty(exports, "Other", { enumerable: true, get: function () { return A_2.A; } });
`;

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A package in a node_modules directory, its model index `models/model.js` (the key of its prepared form: `pkg/models/model.js`). */
function fakePackage(index = INDEX) {
  const root = mkdtempSync(join(tmpdir(), 'ackl2-prepared-'));
  roots.push(root);
  const dir = join(root, 'node_modules', 'pkg', 'models');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'A.js'), '"use strict";\nclass A {}\nclass AB {}\nexports.A = A;\nexports.AB = AB;\n');
  const file = join(dir, 'model.js');
  writeFileSync(file, index);
  return { file, dir };
}

describe('prepared model indexes', () => {
  it('are keyed by the path inside node_modules', () => {
    expect(packagePath(join('/x', 'node_modules', 'a', 'node_modules', '@s', 'p', 'model.js'))).toBe('@s/p/model.js');
  });

  it('give back, export for export and in order, what parsing every installed index the SDKs use gives', () => {
    const files = lazyIndexFiles();
    expect(files.length).toBe(5);
    for (const file of files) {
      const prepared = prepare(file);
      expect(prepared, file).toBeDefined();
      expect([...preparedIndexOf(file, { [packagePath(file)]: prepared! })!], file).toEqual([...readModelIndex(file, readText)!]);
    }
  });

  it('a current one is used in place of parsing', () => {
    const { file } = fakePackage();
    const prepared = prepare(file)!;
    expect(prepared.table).toBe('./A\t\tB\t!Other!A!0');
    // the same sources, another table: what is served shows which one was used
    expect(prepared.names).toEqual({ A: 0, AB: 0, Other: 0 });
    const edited: PreparedIndexes = { 'pkg/models/model.js': { ...prepared, table: './A\t\tB\tBC', names: { A: 0, AB: 0, ABC: 0 } } };
    expect(Object.keys(lazyIndexExports(file, here, edited)!)).toEqual(['A', 'AB', 'ABC']);
    const exports = lazyIndexExports(file, here, { 'pkg/models/model.js': prepared })!;
    expect(Object.keys(exports)).toEqual(['A', 'AB', 'Other']);
    expect(exports.Other).toBe((here(join(file, '..', 'A.js')) as { A: unknown }).A);
  });

  it('a stale one (a source changed since) is ignored: the index is parsed', () => {
    const { file } = fakePackage();
    const prepared: PreparedIndexes = { 'pkg/models/model.js': prepare(file)! };
    writeFileSync(file, INDEX.replace('"Other"', '"Another"').replace('exports.Other', 'exports.Another'));
    expect(preparedIndexOf(file, prepared)).toBeUndefined();
    expect(Object.keys(lazyIndexExports(file, here, prepared)!)).toEqual(['A', 'AB', 'Another']);
  });

  it('a stale one is ignored when a file an `export *` line reads changed', () => {
    const { file, dir } = fakePackage(INDEX.replace('var A_2 = require("./A");\n', '__exportStar(require("./B"), exports);\nvar A_2 = require("./A");\n'));
    writeFileSync(join(dir, 'B.js'), '"use strict";\nexports.Bee = 1;\n');
    const prepared = prepare(file)!;
    expect(Object.keys(prepared.sources).sort()).toEqual(['B.js', 'model.js']);
    expect(preparedIndexOf(file, { 'pkg/models/model.js': prepared })).toBeDefined();
    writeFileSync(join(dir, 'B.js'), '"use strict";\nexports.Bee = 1;\nexports.Wasp = 2;\n');
    expect(preparedIndexOf(file, { 'pkg/models/model.js': prepared })).toBeUndefined();
  });

  it("answers a name whose line does not hold it (a names lookup edited by hand) as no export", () => {
    const { file } = fakePackage();
    const prepared = prepare(file)!;
    const index = preparedIndexOf(file, { 'pkg/models/model.js': { ...prepared, table: './A\t\tB\n./C\tOther', names: { A: 0, AB: 0, Other: 0 } } })!;
    expect(index.get('A')).toEqual({ file: './A', property: 'A' });
    expect(index.has('Other')).toBe(false);
    expect([...index.keys()]).toEqual(['A', 'AB', 'COther']);
  });

  it('one prepared from another version of the package is ignored, whatever the sizes', () => {
    const { file, dir } = fakePackage();
    writeFileSync(join(dir, '..', 'package.json'), JSON.stringify({ name: 'pkg', version: '1.0.0' }));
    const prepared = prepare(file)!;
    expect(prepared.package).toBe('pkg@1.0.0');
    expect(preparedIndexOf(file, { 'pkg/models/model.js': prepared })).toBeDefined();
    writeFileSync(join(dir, '..', 'package.json'), JSON.stringify({ name: 'pkg', version: '1.0.1' }));
    expect(preparedIndexOf(file, { 'pkg/models/model.js': prepared })).toBeUndefined();
  });

  it("another package's is not used", () => {
    const { file } = fakePackage();
    expect(preparedIndexOf(file, { 'other/models/model.js': prepare(file)! })).toBeUndefined();
  });

  it.each([
    ['no sources', (p: PreparedIndex) => ({ ...p, sources: {} })],
    ['a source that is not there', (p: PreparedIndex) => ({ ...p, sources: { ...p.sources, 'gone.js': 1 } })],
    ['no package', (p: PreparedIndex) => ({ ...p, package: undefined }) as never],
    ['a line without a file', (p: PreparedIndex) => ({ ...p, table: 'A\tB' })],
    ['a file and no export', (p: PreparedIndex) => ({ ...p, table: './A' })],
    ['a spec that is no name', (p: PreparedIndex) => ({ ...p, table: './A\tB-C' })],
    ['a malformed general spec', (p: PreparedIndex) => ({ ...p, table: './A\t!Other!A' })],
    ['a name the table does not have', (p: PreparedIndex) => ({ ...p, names: { ...p.names, Gone: 0 } })],
    ['a name missing', (p: PreparedIndex) => ({ ...p, names: { A: 0, AB: 0 } })],
    ['names that are a string', (p: PreparedIndex) => ({ ...p, names: JSON.stringify(p.names) }) as never],
    ['names that are a list', (p: PreparedIndex) => ({ ...p, names: [0, 0, 0] }) as never],
    ['no names', (p: PreparedIndex) => ({ ...p, names: undefined }) as never],
    ['no table', (p: PreparedIndex) => ({ sources: p.sources }) as never],
    ['not an object', () => null as never],
  ])('a corrupt one (%s) is ignored: the index is parsed', (_what, corrupt) => {
    const { file } = fakePackage();
    const prepared: PreparedIndexes = { 'pkg/models/model.js': corrupt(prepare(file)!) };
    expect(preparedIndexOf(file, prepared)).toBeUndefined();
    expect(Object.keys(lazyIndexExports(file, here, prepared)!)).toEqual(['A', 'AB', 'Other']);
  });
});
