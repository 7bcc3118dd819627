/**
 * What `-f` names, as files: each path as given, and a directory as every *.yaml / *.yml directly
 * in it, sorted by name (`ackl2 validate -f profiles/`). A shell glob (`-f profiles/*.yaml`)
 * arrives as several paths after one flag and needs nothing here.
 */

import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';

const PROFILE_FILE = /\.ya?ml$/i;

export async function profileFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = path.trim() === '' ? undefined : await stat(resolve(cwd, path)).catch(() => undefined);
    if (!info?.isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(resolve(cwd, path), { withFileTypes: true });
    const inside = entries.filter((e) => e.isFile() && PROFILE_FILE.test(e.name)).map((e) => e.name).sort();
    if (inside.length === 0) throw new UserError(`${path} is a directory without *.yaml or *.yml files`, { hint: 'pass profile files, or a directory that holds some' });
    files.push(...inside.map((name) => join(path, name)));
  }
  return files;
}
