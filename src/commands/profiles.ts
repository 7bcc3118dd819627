import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parse } from 'yaml';
import { UserError } from '../errors.js';
import { builtinProfilesDir } from '../paths.js';
import { catalogueOf, type ProfileOffer } from '../migrate/catalogue-fit.js';
import { builtinProfiles, composeProfile } from '../profile/compose.js';
import { BASE_KIND } from '../profile/kinds.js';
import { OS_FAMILIES, type OsFamily } from '../profile/schema.js';
import { toPlain } from '../profile/tree.js';
import { table } from '../ui/table.js';
import { defineCommand, value } from './define.js';
import type { ProfilePathResult, ProfilesResult } from '../results/schemas.js';

export interface ReadyMadeProfile {
  /** File name without .yaml: what `builtin:NAME` and `--path NAME` take. */
  name: string;
  path: string;
  /** The file's first comment line. */
  description: string;
  /** "profile" (complete: create it), or "base" (kind: ClusterProfileBase, partial: extend it). */
  kind: 'profile' | 'base';
  /** Scenario ids it switches on (cluster or pool level), with what it extends. */
  scenarios: string[];
  extends: string[];
  /** The node OS families of its pools (with what it extends), e.g. ["AliyunLinux2"]. */
  os: OsFamily[];
  /** The dated catalogue that offers its Kubernetes version and images ("2024-03"), or null when none does. */
  catalogue: string | null;
}

/** The ready-made profiles shipped in profiles/: a table, one file's path, or JSON. */
export default defineCommand({
  name: 'profiles',
  description: 'the ready-made profiles shipped in profiles/ (use as builtin:NAME)',
  options: {
    path: value('--path <name>', 'print the file path of one profile'),
  },
  examples: ['ackl2 profiles', 'ackl2 plan -f "$(ackl2 profiles --path quickstart)"'],
  run: async (options, ctx) => {
    if (options.path !== undefined) {
      // names and paths only: composing every profile for the listing is not needed to print one path
      const profiles = await builtinProfiles(builtinProfilesDir());
      const wanted = options.path.replace(/^builtin:/, '').replace(/\.ya?ml$/, '');
      const found = profiles.find((p) => p.name === wanted);
      if (!found) {
        throw new UserError(`no ready-made profile named "${options.path}"`, {
          hint: `choose one of: ${profiles.map((p) => p.name).join(', ')}`,
        });
      }
      const document: ProfilePathResult = { ok: true, name: found.name, path: found.path };
      ctx.reporter.result(document, () => found.path);
      return;
    }
    const profiles = await listReadyMadeProfiles(builtinProfilesDir());
    const document: ProfilesResult = { ok: true, profiles };
    ctx.reporter.result(document, () =>
      [
        table(
          ['NAME', 'KIND', 'OS', 'CATALOGUE', 'SCENARIOS', 'DESCRIPTION'],
          profiles.map((p) => [p.name, p.kind, p.os.join(',') || '-', p.catalogue ?? '-', p.scenarios.join(',') || '-', p.description]),
        ),
        '',
        'Use one: ackl2 create -f "$(ackl2 profiles --path quickstart-alinux3)" --emulator --yes',
        'On catalogue 2024-03 (Alibaba Cloud Linux 2): ackl2 create -f "$(ackl2 profiles --path quickstart)" --emulator --emulator-catalog 2024-03 --yes',
        'Build on one: extends: [builtin:base] in your own profile',
      ].join('\n'),
    );
  },
});

/** The profiles of profiles/ and the bases of profiles/bases/, as builtin:NAME resolves them. */
export async function listReadyMadeProfiles(dir: string): Promise<ReadyMadeProfile[]> {
  const found = await builtinProfiles(dir);
  return Promise.all(
    found.map(async ({ path }) => {
      const merged = await mergedProfile(path, dir);
      const offer = offerOf(merged);
      return {
        ...describeProfile(path, await readFile(path, 'utf8')),
        scenarios: scenariosOf(merged),
        os: [...new Set(offer.pools.map((p) => p.os))],
        catalogue: catalogueOf(offer) ?? null,
      };
    }),
  );
}

/** The profile merged with what it extends, unvalidated: a listing shows what is written. */
async function mergedProfile(path: string, builtinDir: string): Promise<Record<string, unknown>> {
  const { tree } = await composeProfile(path, { cwd: dirname(path), builtinDir });
  return asRecord(tree ? toPlain(tree) : undefined);
}

/** Its Kubernetes version and pool images. */
function offerOf(doc: Record<string, unknown>): ProfileOffer {
  const version = asRecord(doc.cluster).kubernetesVersion;
  const pools = (Array.isArray(doc.nodePools) ? doc.nodePools : []).flatMap((pool) => {
    const image = asRecord(asRecord(pool).image);
    const os = image.os;
    if (typeof os !== 'string' || !(os in OS_FAMILIES)) return [];
    return [{ os: os as OsFamily, id: typeof image.id === 'string' ? image.id : undefined }];
  });
  return { kubernetesVersion: typeof version === 'string' ? version : undefined, pools };
}

/** Scenario ids switched on at the cluster or a pool (null removes an inherited one). */
function scenariosOf(doc: Record<string, unknown>): string[] {
  const on = (scenarios: unknown) => Object.entries(asRecord(scenarios)).filter(([, options]) => options !== null).map(([id]) => id);
  const pools = Array.isArray(doc.nodePools) ? doc.nodePools : [];
  return [...new Set([...on(doc.scenarios), ...pools.flatMap((pool) => on(asRecord(pool).scenarios))])];
}

export function describeProfile(path: string, text: string): Omit<ReadyMadeProfile, 'os' | 'catalogue'> {
  const doc = asRecord(parse(text));
  return {
    name: basename(path, '.yaml'),
    path,
    description: leadingComment(text),
    kind: doc.kind === BASE_KIND ? 'base' : 'profile',
    scenarios: scenariosOf(doc),
    extends: Array.isArray(doc.extends) ? doc.extends.filter((e): e is string => typeof e === 'string') : [],
  };
}

/** The first comment line of the file that is not an editor modeline. */
function leadingComment(text: string): string {
  for (const line of text.split('\n')) {
    const match = /^#\s*(.*?)\s*$/.exec(line);
    if (!match) break;
    const comment = match[1] ?? '';
    if (comment === '' || comment.startsWith('yaml-language-server:')) continue;
    return comment;
  }
  return '';
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
