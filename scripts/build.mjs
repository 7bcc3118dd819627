// Bundles the CLI into dist/ with esbuild: the whole CLI as one CommonJS file (ackl2.cjs)
// behind a small loader (cli.js, src/cli.ts) that runs it with V8's code cache
// (ackl2.cjs.cache, written here by a run of `validate`, and ackl2.cjs.online.cache by one of
// `create` for the online commands; src/code-cache.ts). Bundling and
// the cache are what keep `ackl2 validate` near `node -e 0` (see docs/BENCHMARKS.md): Node 20
// has no code cache for ES modules. The Alibaba Cloud SDKs stay external and are only
// required by the online commands.
import { build } from 'esbuild';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
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
// One file per index in dist/model-indexes/, named by its path with `+` for `/`: a run reads
// the indexes of the SDKs it loads (an apply, ACK's and the runtime's, 58 KB), not all of
// them (ECS and VPC are most of the 430 KB, about 5 ms of every online run to read and parse).
const indexesDir = 'model-indexes';
const indexFileOf = (path) => `${path.split('/').join('+')}.json`;
const builtIndexes = {
  name: 'built-indexes',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]cloud[\\/]built-indexes\.ts$/ }, () => ({
      contents: `import { readFileSync } from 'node:fs';
const files = ${JSON.stringify(Object.fromEntries(Object.keys(preparedIndexes).map((path) => [path, indexFileOf(path)])))};
let indexes;
const read = (file) => {
  try {
    return JSON.parse(readFileSync(new URL(\`./${indexesDir}/\${file}\`, import.meta.url), 'utf8'));
  } catch {
    return undefined;
  }
};
export const builtIndexes = () => {
  if (!indexes) {
    indexes = {};
    for (const [path, file] of Object.entries(files)) {
      Object.defineProperty(indexes, path, {
        enumerable: true,
        configurable: true,
        get() {
          const value = read(file);
          Object.defineProperty(indexes, path, { value, enumerable: true });
          return value;
        },
      });
    }
  }
  return indexes;
};`,
      loader: 'js',
    }));
  },
};

const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', sourcemap: true, minifySyntax: true, minifyWhitespace: true, logLevel: 'warning' };

/** Fails the build when a bundle written for latin1 reading (src/code-cache.ts) has a non-ASCII byte. */
async function asciiOnly(file) {
  const bytes = await readFile(file);
  // esbuild escapes strings, not regexes.
  const other = bytes.findIndex((byte) => byte > 0x7f);
  if (other >= 0) throw new Error(`${file} has a non-ASCII character near "${bytes.subarray(Math.max(0, other - 40), other).toString('latin1')}": write it as a \\u escape in the source`);
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

// The official SDK packages as bundles of their own, required by the online commands only
// (src/cloud/built-sdks.ts), each run with a code cache of its own: sdk-core.cjs (openapi-core,
// credentials), then one per API client (sdk-cs.cjs, sdk-ecs.cjs, sdk-vpc.cjs: ECS and VPC are
// 1.5 MB each with comments, read as 0.6 MB of ASCII, and only by a command that calls them).
// No module resolution for their dozens of files. What they share with files outside stays
// outside, so there is one copy of it: the Darabonba runtime (which the model files, required
// on demand, build on), the packages it requires, the model indexes and openapi-core's WebSocket
// helpers (served on demand by src/cloud/lazy-models.ts from the require cache), and for an API
// bundle openapi-core, which the core bundle's loader puts in the require cache. Each is required
// from the bundles' place, which the build checks resolves to the very file the SDK would have required.
const SDK_BUNDLES = {
  'sdk-core.cjs': { loads: ['@alicloud/openapi-core', '@alicloud/credentials'], packages: /^(@alicloud\/(openapi-core|credentials|gateway-spi)|ini|kitx)$/ },
  'sdk-cs.cjs': { loads: ['@alicloud/cs20151215'], packages: /^@alicloud\/cs20151215$/ },
  'sdk-ecs.cjs': { loads: ['@alicloud/ecs20140526'], packages: /^@alicloud\/ecs20140526$/ },
  'sdk-vpc.cjs': { loads: ['@alicloud/vpc20160428'], packages: /^@alicloud\/vpc20160428$/ },
};
/** Packages an SDK bundle gives to the others through the require cache (src/cloud/built-sdks.ts). */
const SHARED_SDKS = ['@alicloud/openapi-core'];
const packageOf = (request) => request.split('/').slice(0, request.startsWith('@') ? 2 : 1).join('/');
// Outside the checkout the bundles find node_modules through a link to the checkout's (below).
const outside = relative(repo, resolve(outdir)).startsWith('..');
const fromDist = createRequire(join(outside ? repo : resolve(outdir), 'sdk.cjs'));
const sdkExternals = (bundled) => ({
  name: 'sdk-externals',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point' || isBuiltin(args.path) || !args.importer.includes('node_modules')) return undefined;
      const target = createRequire(args.importer).resolve(args.path);
      let request;
      if (/^[./]/.test(args.path)) {
        // the SDKs' own files, but for the indexes served on demand
        if (!/[\\/]dist[\\/](models[\\/]model|websocketUtils[\\/]index)\.js$/.test(target) || /openapi-core[\\/]dist[\\/]models/.test(target)) return undefined;
        request = target.slice(target.lastIndexOf('node_modules') + 'node_modules/'.length).split(sep).join('/');
      } else if (bundled.test(packageOf(args.path))) {
        return undefined;
      } else {
        request = args.path;
      }
      const fromBundle = fromDist.resolve(request);
      if (fromBundle !== target) throw new Error(`${args.importer} requires ${args.path} (${target}), which the SDK bundles would find elsewhere (${fromBundle})`);
      return { path: request, external: true };
    });
  },
});
// Each API client re-exports its models with tsc's `__exportStar(require("./models/model"), exports)`,
// a getter per model defined at load (about 6 ms per 1,000 of them; ECS has 2,083). In the bundle the
// client's exports answer those names on demand instead (src/cloud/fallback-exports.ts): the same
// classes, nothing copied. A client of another form is bundled as published.
const CLIENT_STAR = '__exportStar(require("./models/model"), exports);';
const clientModelsOnDemand = {
  name: 'client-models-on-demand',
  setup(b) {
    b.onLoad({ filter: /[\\/]@alicloud[\\/][a-z]+\d{8}[\\/]dist[\\/]client\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (text.split(CLIENT_STAR).length !== 2) {
        console.warn(`${args.path}: no single "${CLIENT_STAR}", its models are re-exported as published`);
        return undefined;
      }
      const helper = JSON.stringify(join(repo, 'src/cloud/fallback-exports.ts'));
      return { contents: text.replace(CLIENT_STAR, `module.exports = require(${helper}).clientWithModels(exports, require("./models/model"));`), loader: 'js' };
    });
  },
};
const sdkBundleIds = {};
for (const [file, { loads, packages }] of Object.entries(SDK_BUNDLES)) {
  await build({
    ...common,
    stdin: { contents: `exports.loaders = {${loads.map((name) => `${JSON.stringify(name)}: () => require(${JSON.stringify(name)})`).join(', ')}};`, resolveDir: repo, sourcefile: file.replace(/\.cjs$/, '.js') },
    outfile: join(outdir, file),
    plugins: [sdkExternals(packages), clientModelsOnDemand],
  });
  sdkBundleIds[file] = await asciiOnly(join(outdir, file));
}
const sdkBundleOf = Object.fromEntries(Object.entries(SDK_BUNDLES).flatMap(([file, { loads }]) => loads.map((name) => [name, file])));
const builtSdks = {
  name: 'built-sdks',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]cloud[\\/]built-sdks\.ts$/ }, () => ({
      contents: `import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheKey, loadBundle } from ${JSON.stringify(join(repo, 'src/code-cache.ts'))};
import { installModuleCodeCache } from ${JSON.stringify(join(repo, 'src/module-code-cache.ts'))};
const bundleOf = ${JSON.stringify(sdkBundleOf)};
const ids = ${JSON.stringify(sdkBundleIds)};
const shared = ${JSON.stringify(SHARED_SDKS)};
const here = createRequire(import.meta.url);
const bundles = new Map();
function bundle(file) {
  if (!bundles.has(file)) {
    const dir = dirname(fileURLToPath(import.meta.url));
    const loaded = loadBundle(join(dir, file), join(dir, file + '.cache'), cacheKey(ids[file]));
    // written at the end of the run, with what it compiled (the build writes it first)
    process.once('exit', () => loaded.saveIfNotUsed());
    bundles.set(file, loaded);
  }
  return bundles.get(file);
}
let modulesCached = false;
export const compileNodeModulesWithCache = () => {
  if (modulesCached) return;
  modulesCached = true;
  const modules = installModuleCodeCache(join(dirname(fileURLToPath(import.meta.url)), 'modules.cache'), cacheKey('node-modules'));
  // written at the end of the run, with what it compiled
  process.once('exit', () => modules.save());
};
let loaders;
export const builtSdks = () => {
  loaders ??= Object.fromEntries(Object.keys(bundleOf).map((name) => [name, () => {
    // what a bundle requires of another is in the require cache before it runs
    for (const other of shared) if (bundleOf[other] !== bundleOf[name]) loaders[other]();
    const exports = bundle(bundleOf[name]).exports.loaders[name]();
    if (shared.includes(name)) {
      const file = here.resolve(name);
      if (!here.cache[file]) {
        const module = new Module(file);
        module.filename = file;
        module.loaded = true;
        module.exports = exports;
        here.cache[file] = module;
      }
    }
    return exports;
  }]));
  return loaders;
};`,
      loader: 'js',
      resolveDir: join(repo, 'src/cloud'),
    }));
  },
};

const ownCode = {
  ...common,
  external: ['@alicloud/*'],
  // CommonJS has no import.meta; `import()` becomes `require` (a script compiled with a code
  // cache has no ES module loader of its own).
  define: { 'import.meta.url': '__ackl2ImportMetaUrl' },
  logOverride: { 'empty-import-meta': 'error' }, // any other import.meta.* would be undefined
  banner: { js: "const __ackl2ImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  supported: { 'dynamic-import': false },
};
await build({
  ...ownCode,
  entryPoints: { ackl2: 'src/main.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
  plugins: [englishOnlyZod, noCommanderChildProcess, builtIndexes, builtSdks],
});
// Beside the bundle that reads them (import.meta.url is the bundle's own URL).
await mkdir(join(outdir, indexesDir));
for (const [path, index] of Object.entries(preparedIndexes)) await writeFile(join(outdir, indexesDir, indexFileOf(path)), JSON.stringify(index));
// The loader reads the bundle as latin1 (no UTF-8 decoding, a one-byte string), which is exact for ASCII only.
const bundleId = await asciiOnly(join(outdir, 'ackl2.cjs'));
await build({ ...common, entryPoints: { cli: 'src/cli.ts' }, outdir, define: { ACKL2_BUNDLE_ID: JSON.stringify(bundleId) } });

// dist/package.json makes dist/cli.js CommonJS (the package is "type": "module"). A build
// outside the checkout runs as if installed: it needs the package beside it (the external SDKs
// in node_modules, package.json for the package root, the built-in profiles).
const pkg = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));
await writeFile(join(outdir, 'package.json'), `${JSON.stringify(outside ? { ...pkg, type: 'commonjs' } : { type: 'commonjs' }, null, 2)}\n`);
if (outside) {
  for (const entry of ['node_modules', 'profiles', 'schema']) {
    await symlink(join(repo, entry), join(outdir, entry));
  }
}

// The first run writes the code cache; an offline command, so what it compiles is the start-up path.
execFileSync(process.execPath, [join(outdir, 'cli.js'), 'validate', '-f', join(repo, 'profiles/quickstart.yaml')], { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
await recordOnlineCodeCache();

/**
 * Records the online commands' cache of the bundle (ackl2.cjs.online.cache, src/code-cache.ts)
 * from a create of the quickstart against an emulator in a process of its own (`ackl2
 * emulator` is an offline command for the loader: it runs with validate's cache just written
 * and writes none). A cache holds the functions its run compiled, and validate's left every online run to compile
 * what it runs beyond it (about 10 ms of CPU per create). The SDK bundles' caches and the
 * node_modules one come from the same run.
 */
async function recordOnlineCodeCache() {
  const home = await mkdtemp(join(tmpdir(), 'ackl2-build-'));
  const cli = join(outdir, 'cli.js');
  const base = { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config'), NO_COLOR: '1', CI: 'true' };
  delete base.ACKL2_ENDPOINT;
  const emulator = spawn(process.execPath, [cli, 'emulator', '--port', '0', '--catalog', '2024-03', '--clock', 'virtual', '--clock-step', '1s', '--output', 'json'], { env: base, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const env = await new Promise((done, fail) => {
      let out = '';
      emulator.once('exit', (code) => fail(new Error(`the build's emulator exited (${code}) before it was ready`)));
      setTimeout(() => fail(new Error("the build's emulator was not ready within 60 s")), 60_000).unref();
      // its one JSON line once ready (ackl2 emulator --output json)
      emulator.stdout.on('data', (chunk) => {
        out += chunk;
        if (!out.includes('\n')) return;
        try {
          const ready = JSON.parse(out.slice(0, out.indexOf('\n')));
          done({ ACKL2_ENDPOINT: ready.endpoint, ALIBABA_CLOUD_ACCESS_KEY_ID: ready.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: ready.accessKeySecret, ALIBABA_CLOUD_REGION_ID: ready.region });
        } catch (error) {
          fail(error);
        }
      });
    });
    execFileSync(process.execPath, [cli, 'create', '-f', join(repo, 'profiles/quickstart.yaml'), '--yes', '-q'], {
      stdio: 'ignore',
      timeout: 120_000,
      env: { ...base, ...env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ACKL2_POLL: '10ms,1.5,50ms' },
    });
  } catch (error) {
    // then the first online run writes the online cache
    console.warn(`the online code caches are not recorded: the online run for them failed (${error.message})`);
  } finally {
    emulator.kill();
    await rm(home, { recursive: true, force: true });
  }
}

// The SDK bundles' code caches, for a bundle the online run above did not load (or when it failed):
// a script beside them loads every bundled SDK as an online command does (src/cloud/sdk.ts, with
// the model indexes served on demand), and its exit writes the caches still missing.
const warmSdks = join(outdir, 'warm-sdks.cjs');
await build({
  ...ownCode,
  sourcemap: false,
  stdin: { contents: "import { loadCredentials, loadCs, loadEcs, loadVpc } from './src/cloud/sdk.ts'; loadCredentials(); loadCs(); loadEcs(); loadVpc();", resolveDir: repo, sourcefile: 'warm-sdks.ts' },
  outfile: warmSdks,
  plugins: [builtIndexes, builtSdks],
});
execFileSync(process.execPath, [warmSdks], { stdio: 'ignore' });
await rm(warmSdks);

