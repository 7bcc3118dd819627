// Bundles the CLI into dist/ with esbuild: one start-up file plus lazily loaded chunks.
// Bundling is what keeps `ackl2 validate` near `node -e 0` (see docs/BENCHMARKS.md); the
// Alibaba Cloud SDKs stay external and are only imported by the online commands.
import { build } from 'esbuild';
import { rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));

// zod's namespace export carries every message locale (`z.locales`, ~300 KB, half of zod in the
// bundle) and `validate` would parse them all at start-up; ackl2 only uses English, the default
// zod registers itself. `z.locales` keeps `en` only.
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '../locales/en.js'), namespace: 'english-only-zod' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: dirname(args.path) }));
  },
};

// commander loads node:child_process at start-up for executable subcommands (`git-style`
// separate binaries), which ackl2 does not have: every command is registered in-process.
const noCommanderChildProcess = {
  name: 'no-commander-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'no-commander-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'no-commander-child-process' }, () => ({
      contents: "module.exports = { spawn() { throw new Error('ackl2 has no executable subcommands'); } };",
      loader: 'js',
    }));
  },
};

// ACKL2_DIST lets parallel work build into its own directory (tests then set ACKL2_CLI).
const outdir = process.env.ACKL2_DIST ?? 'dist';
await rm(outdir, { recursive: true, force: true });

// The SDKs' model indexes, parsed now from the installed SDKs rather than on every online
// run (src/cloud/prepared-indexes.ts), read by the module put in place of
// src/cloud/built-indexes.ts. The preparer resolves the SDKs as src/cloud/sdk.ts does.
const preparer = await build({
  entryPoints: ['src/cloud/prepare-built-indexes.ts'],
  write: false,
  bundle: true,
  format: 'esm',
  platform: 'node',
  external: ['@alicloud/*'],
  define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(repo, 'src/cloud/sdk.ts')).href) },
  logLevel: 'warning',
});
const preparedIndexes = (await import(`data:text/javascript;base64,${Buffer.from(preparer.outputFiles[0].text).toString('base64')}`)).prepareBuiltIndexes();
const indexesFile = 'model-indexes.json';
const builtIndexes = {
  name: 'built-indexes',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]cloud[\\/]built-indexes\.ts$/ }, () => ({
      contents: `import { readFileSync } from 'node:fs';
let indexes;
export const builtIndexes = () => {
  if (!indexes) try { indexes = JSON.parse(readFileSync(new URL(${JSON.stringify(`./${indexesFile}`)}, import.meta.url), 'utf8')); } catch { indexes = {}; }
  return indexes;
};`,
      loader: 'js',
    }));
  },
};

const { metafile } = await build({
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
  plugins: [englishOnlyZod, noCommanderChildProcess, builtIndexes],
  banner: {
    js: "import { createRequire as __ackl2CreateRequire } from 'node:module'; const require = __ackl2CreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
  metafile: true,
});
// Beside the chunk that reads it.
const reader = Object.entries(metafile.outputs).find(([, output]) => Object.keys(output.inputs).some((input) => input.endsWith('src/cloud/built-indexes.ts')));
if (!reader) throw new Error('build: no output contains src/cloud/built-indexes.ts');
await writeFile(join(dirname(reader[0]), indexesFile), JSON.stringify(preparedIndexes));

// A build outside the checkout runs as if installed: it needs the package beside it (the
// external SDKs in node_modules, package.json for "type": "module" and the package root,
// the built-in profiles).
if (relative(repo, resolve(outdir)).startsWith('..')) {
  for (const entry of ['node_modules', 'package.json', 'profiles', 'schema']) {
    await symlink(join(repo, entry), join(outdir, entry));
  }
}
