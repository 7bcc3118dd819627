/**
 * Loading the official SDKs, on demand and never on the start-up path. They are CommonJS,
 * so they are `require`d (faster than `import()`, which would scan thousands of model files
 * for named exports); each is loaded once, when first needed. The Darabonba runtime
 * (`$dara.cast`, `RuntimeOptions`) is taken from where `@alicloud/cs20151215` resolves it:
 * the very copy the SDK models are built on (model classes are checked by identity).
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { builtIndexes } from './built-indexes.js';
import { builtSdks, compileNodeModulesWithCache } from './built-sdks.js';
import { installLazyIndex, installLazyModels, installLazyModule, modelIndexOf, namesReadOf } from './lazy-models.js';

const importCs = () => import('@alicloud/cs20151215');
const importEcs = () => import('@alicloud/ecs20140526');
const importVpc = () => import('@alicloud/vpc20160428');
const importOpenApi = () => import('@alicloud/openapi-core');

/** `module.exports` of each package (the ESM view's `default`). */
export type CsSdk = Awaited<ReturnType<typeof importCs>>['default'];
export type EcsSdk = Awaited<ReturnType<typeof importEcs>>['default'];
export type VpcSdk = Awaited<ReturnType<typeof importVpc>>['default'];
export type OpenApiSdk = Awaited<ReturnType<typeof importOpenApi>>['default'];
export type Dara = typeof import('@darabonba/typescript');

const here = createRequire(import.meta.url);
const cache = new Map<string, unknown>();

/** `name` from the built SDK bundle when it holds it (built-sdks.ts), else required from node_modules. */
function load<T>(name: string, from: NodeJS.Require = here): T {
  if (!cache.has(name)) {
    // whatever `from`: in dist/, what the SDKs require from node_modules compiles with a cache
    compileNodeModulesWithCache();
    const bundled = from === here ? builtSdks()?.[name] : undefined;
    cache.set(name, bundled ? bundled() : from(name));
  }
  return cache.get(name) as T;
}

/**
 * The re-export indexes of the runtime `name` requires, served on demand: the Darabonba
 * runtime's and openapi-core's WebSocket helpers'.
 */
function runtimeIndexesOf(name: string): string[] {
  const from = createRequire(here.resolve(name));
  const openApi = name === '@alicloud/openapi-core' ? here.resolve(name) : from.resolve('@alicloud/openapi-core');
  return [from.resolve('@darabonba/typescript'), join(dirname(openApi), 'websocketUtils', 'index.js')];
}

/**
 * The Darabonba runtime's helpers (func.js, which `isNull` and `sleep` bring in) require lodash
 * whole for `merge` alone, which no ackl2 call makes: lodash is served on demand (lazy-models.ts),
 * as long as func.js reads it in the form that allows it.
 */
const lazyLodashDone = new Set<string>();
function lazyLodashOf(darabonbaIndex: string): void {
  if (lazyLodashDone.has(darabonbaIndex)) return;
  lazyLodashDone.add(darabonbaIndex);
  const func = join(dirname(darabonbaIndex), 'func.js');
  let text: string;
  let lodash: string;
  try {
    text = readFileSync(func, 'utf8');
    lodash = createRequire(func).resolve('lodash');
  } catch {
    return;
  }
  const names = namesReadOf(text, 'lodash');
  if (names) installLazyModule(lodash, names, here);
}

const lazyRuntimeDone = new Set<string>();
/**
 * The runtime `name` requires, its parts required when first used (lazy-models.ts): the
 * Darabonba runtime (and the lodash its helpers take), and openapi-core's WebSocket helpers
 * (ws, socks and proxy agents), which only streaming APIs use.
 */
function lazyRuntimeOf(name: string): void {
  if (cache.has(name) || lazyRuntimeDone.has(name)) return;
  lazyRuntimeDone.add(name);
  const indexes = runtimeIndexesOf(name);
  for (const index of indexes) installLazyIndex(index, here, builtIndexes());
  // the first is the Darabonba runtime's (runtimeIndexesOf)
  lazyLodashOf(indexes[0]!);
}

/** An API SDK, its model classes required when first used (lazy-models.ts). */
function loadApi<T>(name: string): T {
  if (!cache.has(name)) {
    lazyRuntimeOf(name);
    installLazyModels(here.resolve(name), here, builtIndexes());
  }
  return load<T>(name);
}

const CS = '@alicloud/cs20151215';
const ECS = '@alicloud/ecs20140526';
const VPC = '@alicloud/vpc20160428';
const API_SDKS = [CS, ECS, VPC];

/** Every re-export index served on demand, for scripts/build.mjs to prepare (prepared-indexes.ts). */
export function lazyIndexFiles(): string[] {
  const files = API_SDKS.flatMap((name) => [modelIndexOf(here.resolve(name)), ...runtimeIndexesOf(name)]);
  return [...new Set(files)];
}

export const loadCs = (): CsSdk => loadApi<CsSdk>(CS);
export const loadEcs = (): EcsSdk => loadApi<EcsSdk>(ECS);
export const loadVpc = (): VpcSdk => loadApi<VpcSdk>(VPC);
export const loadOpenApi = (): OpenApiSdk => {
  lazyRuntimeOf('@alicloud/openapi-core');
  return load<OpenApiSdk>('@alicloud/openapi-core');
};

export function darabonba(): Dara {
  lazyRuntimeOf(CS);
  return load<Dara>('@darabonba/typescript', createRequire(here.resolve(CS)));
}

const importCredentials = () => import('@alicloud/credentials');
export type CredentialsSdk = Awaited<ReturnType<typeof importCredentials>>['default'];
export const loadCredentials = (): CredentialsSdk => load<CredentialsSdk>('@alicloud/credentials');
