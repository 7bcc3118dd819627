/**
 * Property: for random edits of a profile, `apply` then `diff --exit-code` finds nothing to
 * change, but for tags the edit dropped (live only: kept by `apply`, removed by `apply
 * --prune`, after which diff is clean). In process (commands driven with a memory reporter)
 * against an in-process emulator; a handful of seeded runs, each a sequence of edits applied
 * to one live cluster.
 */

import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import applyCommand from '../../src/commands/apply.js';
import diffCommand from '../../src/commands/diff.js';
import { DifferencesFound } from '../../src/errors.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { memoryContext } from '../helpers/context.js';

interface PoolEdit {
  size: number;
  types: string[];
  labels: Record<string, string>;
  taint: boolean;
  maxPods: number | undefined;
}

interface Edit {
  protection: boolean;
  team: string;
  owner: string | null;
  pools: [PoolEdit, PoolEdit];
}

const poolEdit: fc.Arbitrary<PoolEdit> = fc.record({
  size: fc.integer({ min: 0, max: 3 }),
  types: fc.constantFrom(['ecs.g7.xlarge'], ['ecs.g7.xlarge', 'ecs.g7.2xlarge'], ['ecs.c7.xlarge']),
  labels: fc.dictionary(fc.constantFrom('tier', 'team', 'example.com/role'), fc.constantFrom('a', 'b', 'web'), { maxKeys: 2 }),
  taint: fc.boolean(),
  maxPods: fc.constantFrom(undefined, 32, 64),
});
const edit: fc.Arbitrary<Edit> = fc.record({ protection: fc.boolean(), team: fc.constantFrom('shop', 'data'), owner: fc.option(fc.constantFrom('ops', 'dev')), pools: fc.tuple(poolEdit, poolEdit) });

function profileText(e: Edit): string {
  const pool = (name: string, p: PoolEdit) => `  - name: ${name}
    instanceTypes: [${p.types.join(', ')}]
    desiredSize: ${p.size}
    image: { os: AliyunLinux2, id: aliyun_2_1903_x64_20G_alibase_20240628.vhd }
    login: { keyPair: ackl2-demo }
    labels: { ${Object.entries(p.labels).map(([k, v]) => `"${k}": ${v}`).join(', ')} }
    taints: [${p.taint ? '{ key: dedicated, value: x, effect: NoSchedule }' : ''}]
    kubelet: { ${p.maxPods === undefined ? '' : `maxPods: ${p.maxPods}`} }
`;
  return `apiVersion: ackl2/v1
kind: ClusterProfile
extends: [builtin:base]
metadata: { name: prop, tags: { team: ${e.team}${e.owner === null ? '' : `, owner: ${e.owner}`} } }
cluster: { deletionProtection: ${e.protection} }
nodePools:
${pool('web', e.pools[0])}${pool('batch', e.pools[1])}`;
}

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;
const dir = mkdtempSync(join(tmpdir(), 'ackl2-prop-'));
const file = join(dir, 'profile.yaml');

beforeAll(async () => {
  // AliyunLinux2 pools (builtin:base pins 1.28.9): the last catalogue that offers them.
  emulator = await startEmulator({ speed: 50, seed: 7, catalogue: '2024-03' });
  // The SDK's credentials chain reads the process environment.
  vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', emulator.accessKeyId);
  vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', emulator.accessKeySecret);
  vi.stubEnv('ALIBABA_CLOUD_ECS_METADATA_DISABLED', 'true');
  env = {
    PATH: process.env.PATH,
    HOME: dir,
    ACKL2_ENDPOINT: emulator.endpoint,
    ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.accessKeySecret,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    ACKL2_POLL: '20ms,1.5,100ms',
    ACKL2_MAX_RPS: '20',
  };
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await emulator.close();
});

it('apply then diff --exit-code finds nothing to change, for random edits of a profile', async () => {
  let pruned = 0;
  await fc.assert(
    fc.asyncProperty(edit, async (e) => {
      writeFileSync(file, profileText(e));
      const apply = (prune: boolean) =>
        applyCommand.run({ file: [file], yes: true, prune, timeout: 600_000, requirePinned: false, maxParallel: 8, failFast: false }, memoryContext({ endpoint: emulator.endpoint }, env).ctx);
      const diff = async () => {
        const checked = memoryContext({ output: 'json', endpoint: emulator.endpoint }, env);
        const code = await diffCommand.run({ file: [file], exitCode: true, maxParallel: 8, failFast: false }, checked.ctx).then(
          () => 0,
          (error: unknown) => {
            if (!(error instanceof DifferencesFound)) throw error;
            return 1;
          },
        );
        return { code, report: JSON.parse(checked.stdout()) };
      };
      await apply(false);
      const afterApply = await diff();
      const left = afterApply.report.resources.flatMap((r: any) => r.fields.filter((f: any) => f.status === 'differs').map((f: any) => `${r.operation} ${f.field}`));
      // What plain apply leaves is only the owner tag an edit dropped (on the cluster and both pools).
      expect(left.every((f: string) => f.endsWith(' liveOnlyTags')), left.join(', ')).toBe(true);
      expect(afterApply.code).toBe(left.length > 0 ? 1 : 0);
      if (left.length > 0) {
        expect(e.owner).toBeNull();
        await apply(true);
        pruned++;
      }
      const clean = await diff();
      expect(clean.code, JSON.stringify(clean.report)).toBe(0);
      expect(clean.report.differs).toBe(false);
    }),
    { numRuns: 6, seed: 42, endOnFailure: true },
  );
  // The seeded runs include an edit that drops the owner tag.
  expect(pruned).toBeGreaterThan(0);
}, 300_000);
