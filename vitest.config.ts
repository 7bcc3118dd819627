import { defineConfig } from 'vitest/config';

/**
 * Two projects. unit: everything in process (the emulator included), no build needed.
 * e2e: tests that run the built CLI (dist/cli.js) or read dist/, named *.e2e.test.ts or kept
 * in test/e2e/; `npm test` builds first. A unit test that tries to run the CLI fails and
 * says to rename it (test/helpers/cli.ts).
 */
const E2E = ['test/e2e/**/*.test.ts', 'test/**/*.e2e.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E, env: { ACKL2_TEST_PROJECT: 'unit' } } },
      { extends: true, test: { name: 'e2e', include: E2E, env: { ACKL2_TEST_PROJECT: 'e2e' } } },
    ],
  },
});
