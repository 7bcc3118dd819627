// Bundles the CLI into dist/ with esbuild: one start-up file plus lazily loaded chunks.
// Bundling is what keeps `ackl2 validate` near `node -e 0` (see docs/BENCHMARKS.md); the
// Alibaba Cloud SDKs stay external and are only imported by the online commands.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

// ACKL2_DIST lets parallel work build into its own directory (tests then set ACKL2_CLI).
const outdir = process.env.ACKL2_DIST ?? 'dist';
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minifySyntax: true,
  minifyWhitespace: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['@alicloud/*'],
  banner: {
    js: "import { createRequire as __ackl2CreateRequire } from 'node:module'; const require = __ackl2CreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
