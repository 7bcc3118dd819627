/**
 * The official SDK packages as scripts/build.mjs bundles them (dist/sdk-core.cjs for openapi-core
 * and credentials, dist/sdk-cs.cjs, sdk-ecs.cjs and sdk-vpc.cjs for the API clients, each run
 * with its own V8 code cache): a loader per package name, each returning that package's
 * `module.exports`. None in the source: the SDKs are then required from node_modules (sdk.ts).
 */

export const builtSdks = (): Readonly<Record<string, () => unknown>> | undefined => undefined;

/** In dist/: from now on the files the SDKs require from node_modules compile with a V8 code cache (module-code-cache.ts), saved at exit. Nothing in the source. */
export const compileNodeModulesWithCache = (): void => {};
