// The command line of a bench script: node's parseArgs, strict, so a misspelt or unknown flag
// (or --help) never runs the whole bench and rewrites docs/BENCHMARKS.md with numbers nobody
// asked for. --help prints the script's header comment (its usage).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

function usageOf(scriptUrl) {
  const lines = readFileSync(fileURLToPath(scriptUrl), 'utf8').split('\n');
  const header = [];
  for (const line of lines) {
    if (!line.startsWith('//')) break;
    header.push(line.replace(/^\/\/ ?/, ''));
  }
  return header.join('\n');
}

/**
 * The values of the script's flags (`options` as node:util parseArgs takes them, every value a
 * string or a boolean); exits 0 after the usage for --help, 2 with the error for anything else
 * it does not know.
 */
export function benchArgs(scriptUrl, options) {
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
    if (values.help) {
      process.stdout.write(`${usageOf(scriptUrl)}\n`);
      process.exit(0);
    }
    return values;
  } catch (error) {
    process.stderr.write(`${error.message}\n(run with --help for usage)\n`);
    process.exit(2);
  }
}
