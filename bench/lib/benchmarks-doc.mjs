// Writes one benchmark's section into docs/BENCHMARKS.md between its <!-- NAME:begin/end --> markers
// (appended when the markers are missing), leaving every other section as it is.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
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

/** The machine line every section ends with: Node, CPUs, the load average `load` taken at the start, the date. */
export function machineLine(load) {
  const cpu = cpus();
  return `Node ${process.version}, ${cpu.length} x ${cpu[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'CPU'}, load average ${load} at the start, ${new Date().toISOString().slice(0, 10)}`;
}

/** The closing "Reproduce:" block with the command that reruns a benchmark. */
export function reproduceBlock(command) {
  return `Reproduce:\n\n\`\`\`sh\n${command}\n\`\`\``;
}
