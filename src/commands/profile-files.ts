/**
 * What `-f` names, as files: each path as given, and a directory as every *.yaml / *.yml directly
 * in it, sorted by name (`ackl2 validate -f profiles/`); one without any stays as given, and
 * loading it reports the mistake. A shell glob (`-f profiles/*.yaml`)
 * arrives as several paths after one flag and needs nothing here.
 */

import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

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
    // A directory without profiles stays as given: loading it reports it, located, like any bad path.
    if (inside.length === 0) files.push(path);
    else files.push(...inside.map((name) => join(path, name)));
  }
  return files;
}
