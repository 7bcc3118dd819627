import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'yaml';
import { UserError } from '../errors.js';
import { builtinProfilesDir } from '../paths.js';
import { builtinProfiles } from '../profile/compose.js';
import { BASE_KIND } from '../profile/kinds.js';
import { table } from '../ui/table.js';
import { defineCommand, value } from './define.js';

export interface ReadyMadeProfile {
  /** File name without .yaml: what `builtin:NAME` and `--path NAME` take. */
  name: string;
  path: string;
  /** The file's first comment line. */
  description: string;
  /** "profile" (complete: create it), or "base" (kind: ClusterProfileBase, partial: extend it). */
  kind: 'profile' | 'base';
  /** Scenario ids the file switches on itself (cluster or pool level). */
  scenarios: string[];
  extends: string[];
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
    const profiles = await listReadyMadeProfiles(builtinProfilesDir());
    if (options.path !== undefined) {
      const wanted = options.path.replace(/^builtin:/, '').replace(/\.ya?ml$/, '');
      const found = profiles.find((p) => p.name === wanted);
      if (!found) {
        throw new UserError(`no ready-made profile named "${options.path}"`, {
          hint: `choose one of: ${profiles.map((p) => p.name).join(', ')}`,
        });
      }
      ctx.reporter.result({ name: found.name, path: found.path }, () => found.path);
      return;
    }
    ctx.reporter.result({ profiles }, () =>
      [
        table(
          ['NAME', 'KIND', 'SCENARIOS', 'DESCRIPTION'],
          profiles.map((p) => [p.name, p.kind, p.scenarios.join(',') || '-', p.description]),
        ),
        '',
        'Use one: ackl2 create -f "$(ackl2 profiles --path quickstart)" --emulator --yes',
        'Build on one: extends: [builtin:base] in your own profile',
      ].join('\n'),
    );
  },
});

/** The profiles of profiles/ and the bases of profiles/bases/, as builtin:NAME resolves them. */
export async function listReadyMadeProfiles(dir: string): Promise<ReadyMadeProfile[]> {
  const found = await builtinProfiles(dir);
  return Promise.all(found.map(async ({ path }) => describeProfile(path, await readFile(path, 'utf8'))));
}

export function describeProfile(path: string, text: string): ReadyMadeProfile {
  const doc = asRecord(parse(text));
  const scenarios = new Set<string>(Object.keys(asRecord(doc.scenarios)));
  const pools = Array.isArray(doc.nodePools) ? doc.nodePools : [];
  for (const pool of pools) for (const id of Object.keys(asRecord(asRecord(pool).scenarios))) scenarios.add(id);
  return {
    name: basename(path, '.yaml'),
    path,
    description: leadingComment(text),
    kind: doc.kind === BASE_KIND ? 'base' : 'profile',
    scenarios: [...scenarios],
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
