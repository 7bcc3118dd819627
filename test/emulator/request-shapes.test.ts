/** The emulator's table of request body types is generated from the SDK: it must match the installed one. */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { generateRequestShapes } from './request-shapes.gen.js';

const FILE = join(REPO_ROOT, 'src/emulator/ack/request-shapes.ts');

describe('src/emulator/ack/request-shapes.ts', () => {
  it('is what the installed @alicloud/cs20151215 request models declare (ACKL2_UPDATE_GENERATED=1 rewrites it)', () => {
    const generated = generateRequestShapes();
    if (process.env.ACKL2_UPDATE_GENERATED === '1') writeFileSync(FILE, generated);
    expect(readFileSync(FILE, 'utf8'), 'stale: rerun with ACKL2_UPDATE_GENERATED=1').toBe(generated);
  });
});
