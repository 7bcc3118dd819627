/**
 * Loads a world from a YAML or JSON file: every problem is reported at once, each located as
 * FILE:LINE:COL path: message, before the emulator listens.
 */

import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { UserError, ValidationFailed } from '../errors.js';
import type { Issue, SourceLocation } from '../profile/issues.js';
import { worldReferenceIssues, worldSchema, type World } from './world.js';

export async function loadWorldFile(file: string): Promise<World> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read world file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      hint: 'pass --world a readable YAML or JSON file (see docs/emulator.md, "World file")',
    });
  }
  return parseWorld(text, file);
}

export function parseWorld(text: string, file: string): World {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ValidationFailed(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return { severity: 'error', path: [], message: e.message.split('\n')[0] ?? e.message, location: pos ? { file, line: pos.line, col: pos.col } : undefined };
      }),
      `the world file ${file} is not valid YAML/JSON`,
    );
  }
  const locate = (path: readonly (string | number)[]): SourceLocation | undefined => locatePath(doc, lineCounter, path, file);
  const parsed = worldSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issues: Issue[] = parsed.error.issues.map((i) => {
      const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
      return { severity: 'error', path, message: i.message, hint: 'see docs/emulator.md, "World file"', location: locate(path) };
    });
    throw new ValidationFailed(issues, `${issues.length} error${issues.length === 1 ? '' : 's'} in the world file ${file}`);
  }
  const references = worldReferenceIssues(parsed.data);
  if (references.length > 0) {
    throw new ValidationFailed(
      references.map((r) => ({ severity: 'error', path: r.path, message: r.message, location: locate(r.path) })),
      `${references.length} error${references.length === 1 ? '' : 's'} in the world file ${file}`,
    );
  }
  return parsed.data;
}

/** The deepest node of the path that exists in the document (a missing key points at its parent). */
function locatePath(doc: Document, lineCounter: LineCounter, path: readonly (string | number)[], file: string): SourceLocation | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return { file, line: pos.line, col: pos.col };
    }
  }
  return undefined;
}
