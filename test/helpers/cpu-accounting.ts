/**
 * Where the suite's CPU goes (scripts/suite-cpu.mjs): with SUITE_CPU_LOG set, every Node
 * process of the run records its CPU time on exit (scripts/suite-cpu-record.cjs, preloaded
 * through NODE_OPTIONS), and a CLI run started by a test carries that test's file so the
 * report can add them up per file. Without SUITE_CPU_LOG this adds nothing.
 */

import { expect } from 'vitest';

export function cpuAccountingEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (!env.SUITE_CPU_LOG) return {};
  return { SUITE_CPU_TEST_FILE: expect.getState().testPath ?? '' };
}
