// Regenerates the files derived from the zod profile schema:
//   schema/ackl2-profile.schema.json  (JSON Schema, also printed by `ackl2 schema`)
//   docs/profile-reference.md         (every field, its type, default and description)
// test/profile/generated.test.ts fails when either is stale. Run: node scripts/gen.mjs
import { build } from 'esbuild';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = await mkdtemp(join(tmpdir(), 'ackl2-gen-'));
try {
  const entry = join(work, 'entry.ts');
  await writeFile(
    entry,
    [
      `export { profileJsonSchema, profileJsonSchemaText } from ${JSON.stringify(join(root, 'src/profile/jsonSchema.ts'))};`,
      `export { renderReference } from ${JSON.stringify(join(root, 'src/profile/reference.ts'))};`,
    ].join('\n'),
  );
  const bundle = join(work, 'gen.mjs');
  await build({ entryPoints: [entry], outfile: bundle, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning', nodePaths: [join(root, 'node_modules')] });
  const { profileJsonSchema, profileJsonSchemaText, renderReference } = await import(pathToFileURL(bundle).href);

  const outputs = [
    ['schema/ackl2-profile.schema.json', profileJsonSchemaText()],
    ['docs/profile-reference.md', renderReference(profileJsonSchema())],
  ];
  for (const [file, text] of outputs) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), text);
    console.log(`wrote ${file}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
