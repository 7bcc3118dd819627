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
    // threads, not forks: a worker thread takes about a fifth less CPU than a worker process (the
    // unit files: user+sys 42 s vs 54 s, measured 2026-11-30; the e2e workers: 27.7 s vs 34.7 s,
    // 2026-12-01). The CLI processes of the e2e files start from a launcher (test/helpers/cli.ts).
    pool: 'threads',
    maxWorkers: Math.min(availableParallelism() + 1, 8),
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E, isolate: false, env: { ACKL2_TEST_PROJECT: 'unit' } } },
      { extends: true, test: { name: 'e2e', include: E2E, isolate: false, env: { ACKL2_TEST_PROJECT: 'e2e' } } },
    ],
  },
});
