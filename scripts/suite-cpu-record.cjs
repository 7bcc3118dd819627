// Preloaded into every Node process of a measured test run (scripts/suite-cpu.mjs): one JSON
// line per process on exit with its CPU time. A process killed by a signal writes nothing,
// except vitest's fork workers: vitest ends them with SIGTERM, so they record, then exit.
const { appendFileSync } = require('node:fs');

const log = process.env.SUITE_CPU_LOG;
if (log) {
  const started = Date.now();
  const record = () => {
    const usage = process.resourceUsage();
    const line = {
      file: process.env.SUITE_CPU_TEST_FILE ?? '',
      argv: process.argv.slice(1).join(' ').slice(0, 300),
      user: usage.userCPUTime / 1e6,
      sys: usage.systemCPUTime / 1e6,
      wall: (Date.now() - started) / 1000,
    };
    try {
      appendFileSync(log, `${JSON.stringify(line)}\n`);
    } catch {
      // a measurement must never change the exit of what it measures
    }
  };
  process.on('exit', record);
  if (/vitest[\\/]dist[\\/]workers[\\/]forks\.js$/.test(process.argv[1] ?? '')) process.once('SIGTERM', () => process.exit());
}
