#!/usr/bin/env node
import { main } from './main.js';

const code = await main();
// Everything main started has finished by now. Left to itself, Node would next wind down the
// loaded SDKs (about half a second after an online command's last line, measured in
// bench/apply.mjs): exit as soon as stdout and stderr have taken what was written.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
process.exit(code);
