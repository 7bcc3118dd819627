#!/usr/bin/env node
// The `ackl2` command: a small CommonJS loader for the bundle of the CLI (ackl2.cjs beside it,
// scripts/build.mjs), run with V8's code cache (code-cache.ts), one for offline commands and one
// for online ones: each is written by a run of the build, and again by a run that found it
// missing or unfit (another Node).
import { join } from 'node:path';
import { bundleCacheFor, cacheKey, loadBundle } from './code-cache.js';

/** The bundle's content hash, set by scripts/build.mjs. */
declare const ACKL2_BUNDLE_ID: string;

const file = join(__dirname, 'ackl2.cjs');
const bundle = loadBundle(file, bundleCacheFor(file, process.argv.slice(2)), cacheKey(ACKL2_BUNDLE_ID));
const main = bundle.exports.main as () => Promise<number>;
void main().then(async (code) => {
  bundle.saveIfNotUsed();
  // Everything main started has finished by now. Left to itself, Node would next wind down the
  // loaded SDKs (about half a second after an online command's last line, measured in
  // bench/apply.mjs): exit as soon as stdout and stderr have taken what was written.
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
  process.exit(code);
});
