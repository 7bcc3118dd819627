// Bundles the CLI into dist/ with esbuild: one start-up file plus lazily loaded chunks.
// Bundling is what keeps `ackl2 validate` near `node -e 0` (see docs/BENCHMARKS.md); the
// Alibaba Cloud SDKs stay external and are only imported by the online commands.
import { build } from 'esbuild';
import { rm, symlink } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));

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

// A build outside the checkout runs as if installed: it needs the package beside it (the
// external SDKs in node_modules, package.json for "type": "module" and the package root,
// the built-in profiles).
if (relative(repo, resolve(outdir)).startsWith('..')) {
  for (const entry of ['node_modules', 'package.json', 'profiles', 'schema']) {
    await symlink(join(repo, entry), join(outdir, entry));
  }
}
