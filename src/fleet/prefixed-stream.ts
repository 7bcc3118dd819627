/**
 * Where one profile of a fleet run writes: its stderr lines go to the run's stderr prefixed
 * with the profile's name (`[web-prod] ...`; NDJSON events gain a "profile" member instead),
 * its stdout is kept for the run's one result document.
 */

import type { Writable } from '../ui/reporter.js';

export function prefixedStderr(target: Writable, name: string, ndjson: boolean): Writable {
  let pending = '';
  return {
    write: (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) target.write(`${prefixLine(line, name, ndjson)}\n`);
      return true;
    },
  };
}

function prefixLine(line: string, name: string, ndjson: boolean): string {
  if (ndjson && line.startsWith('{')) return `{"profile":${JSON.stringify(name)},${line.slice(1)}`;
  return `[${name}] ${line}`;
}

export class CapturedStdout implements Writable {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
