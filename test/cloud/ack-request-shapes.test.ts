/** The emulator's table of request body types is generated from the SDK: it must match the installed one. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { generateRequestShapes } from '../../scripts/request-shapes.js';

const FILE = join(REPO_ROOT, 'src/cloud/ack-request-shapes.ts');

describe('src/cloud/ack-request-shapes.ts', () => {
  it('is what the installed @alicloud/cs20151215 request models declare', () => {
    expect(readFileSync(FILE, 'utf8'), 'stale: run `node scripts/gen.mjs`').toBe(generateRequestShapes());
  });
});
