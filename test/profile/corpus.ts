/**
 * The bad-input corpus (test/fixtures/invalid/): every `*.yaml` entry there is a case. Its
 * expected errors are `# expect: [FILE:]LINE:COL PATH: MESSAGE` header lines, or `expect:`
 * lines of a sibling `NAME.yaml.expect` file for entries that cannot hold comments (empty,
 * binary, a directory). FILE is relative to the corpus directory, default the case itself.
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));

export interface Expected {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

export interface CorpusCase {
  name: string;
  expected: Expected[];
}

const EXPECT = /^(?:# )?expect: (?:(\S+\.yaml):)?(\d+):(\d+) (\S+): (.+)$/;

export function corpusCases(): CorpusCase[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const sidecar = join(CORPUS_DIR, `${name}.expect`);
      const source = existsSync(sidecar) ? sidecar : join(CORPUS_DIR, name);
      const text = statSync(source).isFile() ? readFileSync(source, 'latin1') : '';
      const expected = text
        .split('\n')
        .map((line) => EXPECT.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ file: m[1] ?? name, line: Number(m[2]), col: Number(m[3]), path: m[4]!, message: m[5]! }));
      return { name, expected };
    });
}

/** Values planted in the secret fixtures: they must never be printed. */
export const PLANTED_SECRETS = ['Hunter2-do-not-print', 'do-not-print-this-secret'];
