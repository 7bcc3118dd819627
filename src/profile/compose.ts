/**
 * A profile file and everything it `extends`, read, parsed and merged into one located tree.
 * Bases are paths relative to the file that names them, or `builtin:NAME` for the ready-made
 * profiles. Cycles are refused with the chain (`a.yaml -> b.yaml -> a.yaml`), located in the
 * file the user ran with; a missing base is located at the `extends` entry that names it.
 * Only profiles are read as bases: a file that does not declare `apiVersion: ackl2/v1` with a
 * profile kind is refused without a word of its content (an `extends` of /etc/shadow must not
 * print its lines), and paths stay inside the project (the nearest ancestor of the profile
 * with .git, else the working directory) unless `allowOutsideProject`. `kind:
 * ClusterProfileBase` marks only the file that says it and is never inherited.
 */

import { existsSync, realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { builtinProfilesDir } from '../paths.js';
import type { Issue, PathSegment, SourceLocation } from './issues.js';
import { API_VERSION, BASE_KIND, KIND } from './kinds.js';
import { mergeTrees } from './merge.js';
import { parseProfileYaml } from './parse.js';
import type { ProfileCache } from './profile-cache.js';
import { readProfileText } from './source.js';
import { suggest } from './suggest.js';
import type { MapNode, TreeNode } from './tree.js';

export const BUILTIN_PREFIX = 'builtin:';

export interface ProfileFile {
  /** As printed in issues. */
  display: string;
  absPath: string;
  /** The file's own tree (before merging), for checks that look at every file. */
  tree: MapNode;
  /** Values of duplicate keys, kept out of the tree (see parse.ts). */
  shadowed: { path: PathSegment[]; node: TreeNode }[];
}

export interface ComposedProfile {
  /** The merged tree without `extends`; undefined when a file could not be read or parsed. */
  tree: MapNode | undefined;
  /** Every file that took part, root first. */
  files: ProfileFile[];
  issues: Issue[];
}

interface Parsed {
  tree: MapNode | undefined;
}

export interface ComposeOptions {
  cwd: string;
  /** Where builtin:NAME profiles live (default: the package's profiles/). */
  builtinDir?: string | undefined;
  /** Read bases outside the project too (--allow-outside-project). */
  allowOutsideProject?: boolean | undefined;
  /** Shared by the profiles of one run: a base they all extend is read and parsed once. */
  cache?: ProfileCache | undefined;
}

export const ALLOW_OUTSIDE_PROJECT_FLAG = '--allow-outside-project';

export async function composeProfile(file: string, options: ComposeOptions): Promise<ComposedProfile> {
  const { cwd } = options;
  const absPath = resolve(cwd, file);
  const project = options.allowOutsideProject ? undefined : projectRootOf(dirname(absPath), cwd);
  const composer = new Composer(cwd, options.builtinDir ?? defaultBuiltinDir(), project, options.cache);
  const tree = await composer.load(absPath, file, [], undefined);
  return { tree: composer.fatalIssues.size > 0 ? undefined : tree, files: composer.files, issues: composer.issues };
}

/** The nearest ancestor of `from` holding .git, else the working directory. */
export function projectRootOf(from: string, cwd: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

/** Whether a file declares itself an ackl2 profile (complete or base). */
function declaresProfile(tree: MapNode): boolean {
  const apiVersion = tree.entries.get('apiVersion');
  const kind = tree.entries.get('kind');
  return apiVersion?.kind === 'scalar' && apiVersion.value === API_VERSION && kind?.kind === 'scalar' && (kind.value === KIND || kind.value === BASE_KIND);
}

const HEADER_LINES = [new RegExp(`^apiVersion:[ \\t]*(["']?)${API_VERSION.replace('/', '\\/')}\\1[ \\t]*(#.*)?$`, 'm'), new RegExp(`^kind:[ \\t]*(["']?)(${KIND}|${BASE_KIND})\\1[ \\t]*(#.*)?$`, 'm')];

/** For a file YAML could not parse: whether its own lines declare a profile (then its syntax errors are worth showing). */
function textDeclaresProfile(text: string): boolean {
  return HEADER_LINES.every((line) => line.test(text));
}

class Composer {
  readonly issues: Issue[] = [];
  /** Issues after which the merged tree cannot be trusted (unreadable file, syntax error, cycle). */
  readonly fatalIssues = new Set<Issue>();
  readonly files: ProfileFile[] = [];
  private readonly parsed = new Map<string, Promise<Parsed>>();

  constructor(
    private readonly cwd: string,
    private readonly builtinDir: string | undefined,
    /** Bases must lie inside this directory; undefined: anywhere. */
    private readonly project: string | undefined,
    private readonly cache: ProfileCache | undefined,
  ) {}

  /**
   * The file's tree merged over its bases; `chain` holds the files that led here (for cycles),
   * `rootEntry` the entry of the user's file that led here (where a cycle is reported).
   */
  async load(absPath: string, display: string, chain: { absPath: string; display: string }[], namedAt: SourceLocation | undefined, rootEntry?: SourceLocation): Promise<MapNode | undefined> {
    const own = await this.parse(absPath, display, namedAt);
    if (!own.tree) return undefined;

    const extendsNode = own.tree.entries.get('extends');
    const entries = new Map(own.tree.entries);
    entries.delete('extends');
    const self: MapNode = { ...own.tree, entries };
    if (!extendsNode) return self;

    const here = [...chain, { absPath, display }];
    let merged: TreeNode | undefined;
    for (const entry of this.extendsEntries(extendsNode)) {
      const target = await this.resolveBase(entry.value, dirname(absPath), entry.loc);
      if (!target) continue;
      // By real path: a symbolic link to a file of the chain closes the loop as surely as its name.
      const loop = here.findIndex((f) => f.absPath === target.absPath || realPath(f.absPath) === realPath(target.absPath));
      if (loop !== -1) {
        const names = [...here.slice(loop).map((f) => f.display), target.display];
        const closedAt = rootEntry ? ` (closed at ${entry.loc.file}:${entry.loc.line}:${entry.loc.col})` : '';
        this.fatal({
          severity: 'error',
          path: ['extends'],
          message: `extends cycle: ${names.join(' -> ')}${closedAt}`,
          hint: 'a profile cannot build on itself; remove one of these extends entries',
          location: rootEntry ?? entry.loc,
        });
        continue;
      }
      const loaded = await this.load(target.absPath, target.display, here, entry.loc, rootEntry ?? entry.loc);
      const base = loaded && withoutBaseKind(loaded);
      if (base) merged = merged ? mergeTrees(merged, base) : base;
    }
    if (merged) this.checkNewPools(merged, self);
    return (merged ? mergeTrees(merged, self) : self) as MapNode;
  }

  /**
   * Pools merge by name, so a pool whose name is a near miss of an inherited one is added as a
   * second pool rather than changing the first: say so where it is named.
   */
  private checkNewPools(base: TreeNode, own: MapNode): void {
    const inherited = poolNames(base.kind === 'map' ? base.entries.get('nodePools') : undefined);
    if (inherited.length === 0) return;
    const ownPools = own.entries.get('nodePools');
    if (ownPools?.kind !== 'seq') return;
    let added = 0;
    for (const pool of ownPools.items) {
      const name = pool.kind === 'map' ? pool.entries.get('name') : undefined;
      if (name?.kind === 'scalar' && typeof name.value === 'string' && inherited.includes(name.value)) continue;
      const index = inherited.length + added++; // where the merged profile has it
      if (name?.kind !== 'scalar' || typeof name.value !== 'string') continue;
      const meant = suggest(name.value, inherited);
      if (meant === undefined) continue;
      this.issues.push({
        severity: 'warning',
        path: ['nodePools', index, 'name'],
        message: `pool "${name.value}" matches no inherited pool, so it is added as a new one; the bases have "${meant}"`,
        hint: `write name: ${meant} to change the inherited pool (pools merge by name)`,
        location: name.loc,
      });
    }
  }

  private async parse(absPath: string, display: string, namedAt: SourceLocation | undefined): Promise<Parsed> {
    let pending = this.parsed.get(absPath);
    if (!pending) {
      pending = (async () => {
        const readFile = () => readProfileText(absPath, display, namedAt);
        const read = this.cache ? await this.cache.text(absPath, readFile) : await readFile();
        if (!read.ok) {
          this.fatal(read.issue);
          return { tree: undefined };
        }
        const parse = () => parseProfileYaml(read.text, display);
        const parsed = this.cache ? this.cache.parsed(display, read.text, parse) : parse();
        if (namedAt && !(parsed.tree ? declaresProfile(parsed.tree) : textDeclaresProfile(read.text))) {
          this.fatal(notAProfile(display, namedAt));
          return { tree: undefined };
        }
        for (const issue of parsed.issues) {
          if (parsed.tree) this.issues.push(issue);
          else this.fatal(issue);
        }
        if (parsed.tree) this.files.push({ display, absPath, tree: parsed.tree, shadowed: parsed.shadowed ?? [] });
        return { tree: parsed.tree };
      })();
      this.parsed.set(absPath, pending);
    }
    return pending;
  }

  /** `extends: [a, b]`; a single string is accepted (and reported) so its base still loads. */
  private extendsEntries(node: TreeNode): { value: string; loc: SourceLocation }[] {
    const items = node.kind === 'seq' ? node.items : [node];
    if (node.kind === 'scalar' && typeof node.value === 'string') {
      this.issues.push({
        severity: 'error',
        path: ['extends'],
        message: 'extends must be a list',
        hint: `write extends: [${node.value}]`,
        location: node.loc,
      });
    } else if (node.kind !== 'seq') {
      this.fatal({ severity: 'error', path: ['extends'], message: 'extends must be a list of profile files', hint: 'write extends: [./base.yaml] or extends: [builtin:NAME]', location: node.kind === 'scalar' ? node.loc : (node.keyLoc ?? node.loc) });
      return [];
    }
    const out: { value: string; loc: SourceLocation }[] = [];
    for (const [index, item] of items.entries()) {
      if (item.kind === 'scalar' && typeof item.value === 'string' && item.value.trim() !== '') {
        out.push({ value: item.value.trim(), loc: item.loc });
      } else {
        this.fatal({
          severity: 'error',
          path: node.kind === 'seq' ? ['extends', index] : ['extends'],
          message: 'an extends entry must be a file path or builtin:NAME',
          hint: 'write extends: [./base.yaml] or extends: [builtin:NAME]',
          location: item.loc,
        });
      }
    }
    return out;
  }

  private async resolveBase(entry: string, fromDir: string, at: SourceLocation): Promise<{ absPath: string; display: string } | undefined> {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
      this.fatal({
        severity: 'error',
        path: ['extends'],
        message: `extends names a URL (${entry}); bases are local files or builtin:NAME`,
        hint: 'download the base and commit it next to the profile, then name it by its relative path',
        location: at,
      });
      return undefined;
    }
    if (entry.startsWith('~') && !existsSync(resolve(fromDir, entry))) {
      this.fatal({
        severity: 'error',
        path: ['extends'],
        message: `base profile ${entry} not found: "~" is not expanded in extends`,
        hint: 'write the path relative to this file, or as an absolute path',
        location: at,
      });
      return undefined;
    }
    if (!entry.startsWith(BUILTIN_PREFIX)) {
      const absPath = resolve(fromDir, entry);
      if (this.project !== undefined && !isInside(realPath(absPath), realPath(this.project))) {
        this.fatal({
          severity: 'error',
          path: ['extends'],
          message: `base profile ${entry} is outside the project (${this.displayOf(this.project) || '.'}); it was not read`,
          hint: `bases are read from inside the project: the nearest directory with .git above the profile, else the working directory; copy the base into the project, or pass ${ALLOW_OUTSIDE_PROJECT_FLAG} to read it where it is`,
          location: at,
        });
        return undefined;
      }
      const readyMade = existsSync(absPath) ? undefined : await this.readyMadeNamed(entry);
      if (readyMade) {
        // a ready-made profile copied out of profiles/ names its sibling by a relative path
        this.fatal({
          severity: 'error',
          path: ['extends'],
          message: `base profile ${entry} not found`,
          hint: `it is not beside this file; the ready-made profile of that name is builtin:${readyMade}: write extends: [builtin:${readyMade}]`,
          location: at,
        });
        return undefined;
      }
      return { absPath, display: this.displayOf(absPath) };
    }
    const name = entry.slice(BUILTIN_PREFIX.length);
    const available = await this.builtins();
    const found = available.find((b) => b.name === name);
    if (!found) {
      this.fatal({
        severity: 'error',
        path: ['extends'],
        message: `unknown builtin profile "${name}"`,
        hint: available.length > 0 ? `available: ${available.map((b) => BUILTIN_PREFIX + b.name).join(', ')}` : `no builtin profiles found${this.builtinDir ? ` in ${this.builtinDir}` : ''}`,
        location: at,
      });
      return undefined;
    }
    return { absPath: found.path, display: this.displayOf(found.path) };
  }

  private builtins(): Promise<{ name: string; path: string }[]> {
    const { builtinDir, cache } = this;
    return cache && builtinDir !== undefined ? cache.builtins(builtinDir, () => builtinProfiles(builtinDir)) : builtinProfiles(builtinDir);
  }

  /** The ready-made profile a bare file name (`quickstart.yaml`, `./quickstart.yaml`) names, if any. */
  private async readyMadeNamed(entry: string): Promise<string | undefined> {
    const bare = /^(?:\.\/)?([\w.-]+)\.ya?ml$/.exec(entry)?.[1];
    if (bare === undefined) return undefined;
    return (await this.builtins()).find((b) => b.name === bare)?.name;
  }

  /** Relative to the working directory when inside it, absolute otherwise. */
  private displayOf(absPath: string): string {
    const rel = relative(this.cwd, absPath);
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel) ? rel : absPath;
  }

  private fatal(issue: Issue): void {
    this.fatalIssues.add(issue);
    this.issues.push(issue);
  }
}

/** A base that is not a profile: refused by name only, nothing of its content repeated. */
function notAProfile(display: string, namedAt: SourceLocation): Issue {
  return {
    severity: 'error',
    path: ['extends'],
    message: `base profile ${display} is not an ackl2 profile (it does not declare apiVersion: ${API_VERSION} with kind ${KIND} or ${BASE_KIND}); it was not used`,
    hint: `a base starts with apiVersion: ${API_VERSION} and kind: ${BASE_KIND}; check that extends names the right file`,
    location: namedAt,
  };
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** How an extends entry names this file: builtin:NAME for a ready-made profile, else undefined. */
export function builtinReference(absPath: string, builtinDir: string | undefined = defaultBuiltinDir()): string | undefined {
  if (builtinDir === undefined || !absPath.endsWith('.yaml')) return undefined;
  const dir = realPath(dirname(absPath));
  return builtinSearchPath(builtinDir).some((d) => realPath(d) === dir) ? `${BUILTIN_PREFIX}${basename(absPath, '.yaml')}` : undefined;
}

/** The path with symbolic links resolved, or as given when it cannot be (missing, a link loop). */
function realPath(path: string): string {
  try {
    // The native call: one system call, where the JavaScript one walks every component of the path.
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

function poolNames(node: TreeNode | undefined): string[] {
  if (node?.kind !== 'seq') return [];
  return node.items.flatMap((pool) => {
    const name = pool.kind === 'map' ? pool.entries.get('name') : undefined;
    return name?.kind === 'scalar' && typeof name.value === 'string' ? [name.value] : [];
  });
}

/** A base that says `kind: ClusterProfileBase` is one itself; the profile that extends it is not. */
function withoutBaseKind(tree: MapNode): MapNode {
  const kind = tree.entries.get('kind');
  if (!(kind?.kind === 'scalar' && kind.value === BASE_KIND)) return tree;
  const entries = new Map(tree.entries);
  entries.delete('kind');
  return { ...tree, entries };
}

/** The package's profiles/ directory, or undefined when the package root cannot be found. */
function defaultBuiltinDir(): string | undefined {
  try {
    return builtinProfilesDir();
  } catch {
    return undefined;
  }
}

/**
 * Where builtin:NAME is looked up, in order: the ready-made profiles (profiles/NAME.yaml),
 * then the partial bases they extend (profiles/bases/NAME.yaml). Bases sit in their own folder
 * so that every file of profiles/ is a complete profile that validates, plans and creates.
 */
export function builtinSearchPath(builtinDir: string): string[] {
  return [builtinDir, join(builtinDir, BASES_FOLDER)];
}

export const BASES_FOLDER = 'bases';

/** Every profile usable as builtin:NAME; a name in profiles/ hides the same name in bases/. */
export async function builtinProfiles(dir: string | undefined = defaultBuiltinDir()): Promise<{ name: string; path: string }[]> {
  if (dir === undefined) return [];
  const found = new Map<string, string>();
  for (const folder of builtinSearchPath(dir)) {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      continue;
    }
    for (const file of names.filter((n) => n.endsWith('.yaml')).sort()) {
      const name = file.slice(0, -'.yaml'.length);
      if (!found.has(name)) found.set(name, join(folder, file));
    }
  }
  return [...found].map(([name, path]) => ({ name, path })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
