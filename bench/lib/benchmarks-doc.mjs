// Writes one benchmark's section into docs/BENCHMARKS.md between its <!-- NAME:begin/end --> markers
// (appended when the markers are missing), leaving every other section as it is.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeBenchmarkSection(root, name, section) {
  const file = join(root, 'docs/BENCHMARKS.md');
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${begin}\n${section}\n${end}`;
  const text = readFileSync(file, 'utf8');
  const next = text.includes(begin) && text.includes(end) ? text.slice(0, text.indexOf(begin)) + block + text.slice(text.indexOf(end) + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  process.stderr.write(`wrote the ${name} section of docs/BENCHMARKS.md\n`);
}
