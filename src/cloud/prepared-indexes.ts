/**
 * The SDKs' re-export indexes, parsed once at build time (scripts/build.mjs) instead of on
 * every online run: reading and regex-parsing the ECS, VPC and ACK `models/model.js` (1.6 MB)
 * costs tens of milliseconds before the first request. Each prepared index carries the
 * name@version of the package it is in and the size of every file it was read from; it is used
 * only when the installed package has that version and the files those sizes, else (another
 * SDK version, an edited file, a malformed entry) the index is parsed as before (lazy-models.ts).
 * npm never publishes two contents under one version, so that tells another SDK apart without
 * reading the files (a SHA-1 of each cost about 10 ms of every online run, mostly the reading);
 * what it cannot see is a hand edit of an installed file that keeps its size to the byte.
 */

import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/**
 * name -> the file it comes from (relative) and the property of that file; `viaDefault`: the
 * file's `default` when it is an ES module's compiled form, else the whole file (tsc's
 * `__importDefault`).
 */
export type ModelIndex = ReadonlyMap<string, ModelExport>;
export interface ModelExport {
  file: string;
  property: string;
  viaDefault?: boolean;
}

/**
 * One index: `package` is the name@version of the package it is in ('' outside a package);
 * `sources` maps each file read (relative to the index's directory, the index itself as its
 * base name) to its size in bytes; `table` holds the exports in their order, a line per
 * run of exports from the same file: the file, then a tab-separated spec per export. A spec is
 * the rest of the export's name after the file's base name when the export is that file's
 * property of the same name (most are: `./DescribeVpcsResponseBody` exports
 * `DescribeVpcsResponseBodyVpcs` as `Vpcs`), else `!name!property!viaDefault(0|1)`.
 * `names` gives each export's line of the table (`{"name": line}`), made by JSON.parse of the
 * index's file (scripts/build.mjs writes one per index, read only by a run that loads its SDK)
 * in well under a millisecond for ECS's 2,083 names, where building a Map from the table took
 * several (once per online run, in V8's interpreter); a line is read when one of its names is.
 */
export interface PreparedIndex {
  package: string;
  sources: Record<string, number>;
  table: string;
  names: Record<string, number>;
}

/** Prepared indexes by their path inside node_modules, e.g. `@alicloud/ecs20140526/dist/models/model.js`. */
export type PreparedIndexes = Record<string, PreparedIndex>;

/** Where `file` is inside node_modules, with `/` separators: the key of its prepared index. */
export function packagePath(file: string): string {
  const marker = `node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  return (at < 0 ? file : file.slice(at + marker.length)).split(sep).join('/');
}

/** A table as prepareIndex writes it: lines of a file (`./` first) and at least one spec, each a name's rest or `!name!property!0|1`. */
const LINE = String.raw`\./[^\t\n]*(?:\t(?:[\w$]*|![\w$]+![\w$]+![01]))+`;
const TABLE = new RegExp(`^${LINE}(?:\n${LINE})*$`);
/** The last segment of a relative module path: `./models/A` -> `A`. */
const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** name@version of the package in node_modules that holds `file`, '' when there is none or it has no version. */
export function packageIdOf(file: string): string {
  const marker = `node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return '';
  const inside = file.slice(at + marker.length).split(sep);
  const root = join(file.slice(0, at + marker.length), ...inside.slice(0, inside[0]?.startsWith('@') ? 2 : 1));
  try {
    const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return typeof name === 'string' && typeof version === 'string' ? `${name}@${version}` : '';
  } catch {
    return '';
  }
}

/**
 * Runs `parse` (the index's parser, given a reader) and records the hash of every file it
 * reads: the prepared form of `file`, or undefined when it does not parse.
 */
export function prepareIndex(file: string, parse: (read: (path: string) => string | undefined) => ModelIndex | undefined): PreparedIndex | undefined {
  const sources: Record<string, number> = {};
  const index = parse((path) => {
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch {
      return undefined;
    }
    sources[relative(dirname(file), path).split(sep).join('/')] = data.length;
    return data.toString('utf8');
  });
  if (!index) return undefined;
  const lines: string[][] = [];
  const names: Record<string, number> = {};
  let current: string | undefined;
  for (const [name, { file: from, property, viaDefault }] of index) {
    if (from !== current) {
      lines.push([from]);
      current = from;
    }
    names[name] = lines.length - 1;
    const base = basename(from);
    lines.at(-1)!.push(property === name && !viaDefault && name.startsWith(base) ? name.slice(base.length) : `!${name}!${property}!${viaDefault ? 1 : 0}`);
  }
  return { package: packageIdOf(file), sources, table: lines.map((line) => line.join('\t')).join('\n'), names };
}

/**
 * The prepared index of `file`, or undefined when there is none, its package has another
 * version, an installed source another size, or the entry is malformed.
 */
export function preparedIndexOf(file: string, prepared: PreparedIndexes): ModelIndex | undefined {
  const entry = prepared[packagePath(file)];
  if (!entry) return undefined;
  try {
    const sources = Object.entries(entry.sources);
    if (sources.length === 0 || typeof entry.package !== 'string' || packageIdOf(file) !== entry.package) return undefined;
    for (const [source, size] of sources) {
      if (statSync(join(dirname(file), source)).size !== size) return undefined;
    }
    const { table } = entry;
    const names: unknown = entry.names;
    if (typeof table !== 'string' || typeof names !== 'object' || names === null || Array.isArray(names) || !TABLE.test(table)) return undefined;
    // every spec (a tab each) has its name, and no name more: a line read later holds what it says
    const size = Object.keys(names).length;
    if (size !== table.split('\t').length - 1) return undefined;
    return new PreparedModelIndex(table.split('\n'), names as Record<string, number>, size);
  } catch {
    return undefined;
  }
}

/** The exports of one line of a prepared table, in order. */
function exportsOfLine(line: string): [string, ModelExport][] {
  const [from, ...specs] = line.split('\t') as [string, ...string[]];
  const base = basename(from);
  return specs.map((spec) => {
    if (!spec.startsWith('!')) return [base + spec, { file: from, property: base + spec }];
    const [, name, property, viaDefault] = spec.split('!') as [string, string, string, string];
    return [name, { file: from, property, ...(viaDefault === '1' ? { viaDefault: true } : {}) }];
  });
}

/** A prepared index as a ReadonlyMap: a name's line of the table read when the name is first asked for. */
class PreparedModelIndex implements ModelIndex {
  private readonly read = new Map<string, ModelExport | undefined>();

  constructor(
    private readonly lines: readonly string[],
    private readonly names: Readonly<Record<string, number>>,
    readonly size: number,
  ) {}

  get(name: string): ModelExport | undefined {
    if (!this.read.has(name)) {
      const line = Object.prototype.hasOwnProperty.call(this.names, name) ? this.lines[this.names[name]!] : undefined;
      this.read.set(name, line === undefined ? undefined : exportsOfLine(line).find(([exported]) => exported === name)?.[1]);
    }
    return this.read.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  *entries(): MapIterator<[string, ModelExport]> {
    for (const line of this.lines) yield* exportsOfLine(line);
  }

  *keys(): MapIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): MapIterator<ModelExport> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[string, ModelExport]> {
    return this.entries();
  }

  forEach(callback: (value: ModelExport, key: string, map: ReadonlyMap<string, ModelExport>) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }
}
