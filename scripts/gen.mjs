// Regenerates every generated file of the repository:
//   schema/ackl2-profile.schema.json   (JSON Schema of the zod profile schema; `ackl2 schema`)
//   docs/profile-reference.md          (every profile field, its type, default and description)
//   src/cloud/ack-request-shapes.ts (the emulator's body type table, from the ACK SDK models)
//   docs/results/*.schema.json         (the JSON result of each command, from src/results/schemas.ts)
// test/profile/generated.test.ts and test/cloud/ack-request-shapes.test.ts fail when one is
// stale. Run: node scripts/gen.mjs
import { build } from 'esbuild';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Inside node_modules so the bundle resolves the SDK packages it requires at run time.
await mkdir(join(root, 'node_modules', '.cache'), { recursive: true });
const work = await mkdtemp(join(root, 'node_modules', '.cache', 'ackl2-gen-'));
try {
  const entry = join(work, 'entry.ts');
  await writeFile(
    entry,
    [
      `export { profileJsonSchema, profileJsonSchemaText } from ${JSON.stringify(join(root, 'src/profile/json-schema.ts'))};`,
      `export { renderReference } from ${JSON.stringify(join(root, 'src/profile/reference.ts'))};`,
      `export { generateRequestShapes } from ${JSON.stringify(join(root, 'scripts/request-shapes.ts'))};`,
      `export { resultJsonSchemas } from ${JSON.stringify(join(root, 'src/results/schemas.ts'))};`,
    ].join('\n'),
  );
  const bundle = join(work, 'gen.mjs');
  await build({ entryPoints: [entry], outfile: bundle, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning', nodePaths: [join(root, 'node_modules')] });
  const { profileJsonSchema, profileJsonSchemaText, renderReference, generateRequestShapes, resultJsonSchemas } = await import(pathToFileURL(bundle).href);

  const outputs = [
    ['schema/ackl2-profile.schema.json', profileJsonSchemaText()],
    ['docs/profile-reference.md', renderReference(profileJsonSchema())],
    ['src/cloud/ack-request-shapes.ts', generateRequestShapes()],
    ...resultJsonSchemas().map(({ file, text }) => [file, text]),
  ];
  for (const [file, text] of outputs) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), text);
    console.log(`wrote ${file}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
