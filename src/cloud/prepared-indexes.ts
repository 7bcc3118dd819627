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
export type ModelIndex = Map<string, { file: string; property: string; viaDefault?: boolean }>;

/**
 * One index: `package` is the name@version of the package it is in ('' outside a package);
 * `sources` maps each file read (relative to the index's directory, the index itself as its
 * base name) to its size in bytes; `table` holds the exports in their order, a line per
 * run of exports from the same file: the file, then a tab-separated spec per export. A spec is
 * the rest of the export's name after the file's base name when the export is that file's
 * property of the same name (most are: `./DescribeVpcsResponseBody` exports
 * `DescribeVpcsResponseBodyVpcs` as `Vpcs`), else `!name!property!viaDefault(0|1)`.
 * Plain strings: JSON.parse copies them, and only the indexes of the SDKs loaded are split.
 */
export interface PreparedIndex {
  package: string;
  sources: Record<string, number>;
  table: string;
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
  let current: string | undefined;
  for (const [name, { file: from, property, viaDefault }] of index) {
    if (from !== current) {
      lines.push([from]);
      current = from;
    }
    const base = basename(from);
    lines.at(-1)!.push(property === name && !viaDefault && name.startsWith(base) ? name.slice(base.length) : `!${name}!${property}!${viaDefault ? 1 : 0}`);
  }
  return { package: packageIdOf(file), sources, table: lines.map((line) => line.join('\t')).join('\n') };
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
    if (typeof entry.table !== 'string' || !TABLE.test(entry.table)) return undefined;
    // Run once per online run, so in V8's interpreter: one regex above, and plain indexOf and
    // slice here (a split per line, a regex per spec and destructuring took 3 times as long).
    const index: ModelIndex = new Map();
    const table = entry.table;
    for (let start = 0; start < table.length; ) {
      let end = table.indexOf('\n', start);
      if (end < 0) end = table.length;
      let at = table.indexOf('\t', start);
      const from = table.slice(start, at);
      const base = basename(from);
      while (at >= 0 && at < end) {
        let next = table.indexOf('\t', at + 1);
        if (next < 0 || next > end) next = end;
        const spec = table.slice(at + 1, next);
        if (spec.charCodeAt(0) === 33 /* ! */) {
          const [, name, property, viaDefault] = spec.split('!') as [string, string, string, string];
          index.set(name, { file: from, property, ...(viaDefault === '1' ? { viaDefault: true } : {}) });
        } else {
          const name = base + spec;
          index.set(name, { file: from, property: name });
        }
        at = next < end ? next : -1;
      }
      start = end + 1;
    }
    return index.size > 0 ? index : undefined;
  } catch {
    return undefined;
  }
}
