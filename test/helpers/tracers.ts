/**
 * Preloads (`node --require`) that make a CLI run say on stderr what it did, for tests that
 * assert what a command does not do at start-up (load the cloud SDKs, build process.stdin).
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `SDK-LOADED <request>` for every require of an Alibaba Cloud SDK package, and `SDK-LOADED the
 * SDK bundle` when the built CLI reads one of its SDK bundles (dist/sdk-*.cjs, scripts/build.mjs).
 */
export const SDK_TRACER = `const M = require('module'); const load = M._load;
M._load = function (request, ...rest) { if (/^@alicloud\\/|^@darabonba\\//.test(request)) process.stderr.write('SDK-LOADED ' + request + '\\n'); return load.call(this, request, ...rest); };
const fs = require('fs'); const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) { if (/[\\\\/]sdk-[a-z]+\\.cjs$/.test(String(file))) process.stderr.write('SDK-LOADED the SDK bundle\\n'); return read.call(this, file, ...rest); };`;

/** `STDIN-BUILT` when the run first touches process.stdin (Node builds the stream then). */
export const STDIN_TRACER = `const d = Object.getOwnPropertyDescriptor(process, 'stdin');
Object.defineProperty(process, 'stdin', { configurable: true, enumerable: d.enumerable, get() { process.stderr.write('STDIN-BUILT\\n'); return d.get.call(process); } });`;

/** The environment of a run with these tracers preloaded (written to a temp file). */
export function tracedEnv(...tracers: string[]): { NODE_OPTIONS: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'ackl2-trace-')), 'trace.cjs');
  writeFileSync(file, tracers.join('\n'));
  return { NODE_OPTIONS: `--require ${file}` };
}
