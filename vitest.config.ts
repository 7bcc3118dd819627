import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Two projects. unit: everything in process (the emulator included), no build needed.
 * e2e: tests that run the built CLI (dist/cli.js) or read dist/, named *.e2e.test.ts or kept
 * in test/e2e/; `npm test` builds first. A unit test that tries to run the CLI fails and
 * says to rename it (test/helpers/cli.ts).
 *
 * Speed: one worker more than the cores, at most 8 (vitest's default is one fewer): an e2e
 * file mostly waits on the CLI processes it starts, so a third file keeps both cores of a
 * 2-core machine busy. Every e2e file has its own emulator on port 0 and its own HOME, so
 * files never share state. Modules are shared between the test files of a worker (`isolate: false`): importing
 * src/ (zod, yaml, the emulator, the SDKs) once per worker instead of once per file. A test
 * that changes process.env restores it; one that mocks a module loads its subject afresh
 * (test/profile/source.test.ts).
 */
const E2E = ['test/e2e/**/*.test.ts', 'test/**/*.e2e.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e: forks. In worker threads its workers' own CPU looked smaller (27.7 s vs 34.7 s by
    // scripts/suite-cpu.mjs), but the whole `npm test` took 105 s and 194 s of CPU against
    // 97 s and 177 s on forks (container CPU, one run each, 2026-12-01): the recorder does not
    // see everything a thread costs the process that hosts it.
    pool: 'forks',
    maxWorkers: Math.min(availableParallelism() + 1, 8),
    projects: [
      // threads: the unit files take about a fifth less CPU than on forks (user+sys 42 s vs 54 s, measured 2026-11-30)
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E, pool: 'threads', isolate: false, env: { ACKL2_TEST_PROJECT: 'unit' } } },
      { extends: true, test: { name: 'e2e', include: E2E, isolate: false, env: { ACKL2_TEST_PROJECT: 'e2e' } } },
    ],
  },
});
