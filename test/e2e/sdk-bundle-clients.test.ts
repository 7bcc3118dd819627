/**
 * In the built SDK bundles each API client answers its models' names on demand
 * (scripts/build.mjs, src/cloud/fallback-exports.ts) where the published client copies a getter
 * per model at load: the same names and the very same classes.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installLazyModels, modelIndexOf, parseModelIndex } from '../../src/cloud/lazy-models.js';
import { CLI_PATH } from '../helpers/cli.js';

const dist = dirname(CLI_PATH);
const fromDist = createRequire(join(dist, 'sdk.cjs'));

describe.each([
  ['@alicloud/cs20151215', 'sdk-cs.cjs', 'CreateClusterRequestAutoMode'],
  ['@alicloud/ecs20140526', 'sdk-ecs.cjs', 'DescribeInstancesRequest'],
  ['@alicloud/vpc20160428', 'sdk-vpc.cjs', 'DescribeVpcsRequest'],
])('the bundled %s client', (name, bundle, model) => {
  it('exports the client and every model of the published index, each the class its file exports', () => {
    const main = fromDist.resolve(name);
    // as src/cloud/sdk.ts does before it loads a client: the models index served on demand
    installLazyModels(main, fromDist);
    const bundled = (fromDist(join(dist, bundle)) as { loaders: Record<string, () => Record<string, unknown>> }).loaders[name]!();
    expect(readFileSync(join(dist, bundle), 'utf8')).toContain('clientWithModels(');
    const published = parseModelIndex(readFileSync(modelIndexOf(main), 'utf8'))!;
    expect(Object.keys(bundled).sort()).toEqual(['default', ...published.keys()].sort());
    expect(typeof bundled.default).toBe('function');
    expect(model in bundled).toBe(true);
    const file = join(dirname(modelIndexOf(main)), published.get(model)!.file);
    expect(bundled[model]).toBe((fromDist(file) as Record<string, unknown>)[model]);
  });
});
