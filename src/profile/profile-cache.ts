/**
 * What loading many profiles in one run reads alike, read once: the text and parse of a file
 * that several profiles extend (a shared base, builtin:base) and the listing of the builtin
 * profiles. One cache lives for one command's loading (files do not change under it); a
 * single-profile load goes without one, exactly as before.
 */

import { formatIssue, type Issue } from './issues.js';
import type { ParsedFile } from './parse.js';
import type { ReadResult } from './source.js';

export class ProfileCache {
  private readonly texts = new Map<string, string>();
  private readonly parses = new Map<string, ParsedFile>();
  private readonly listings = new Map<string, Promise<{ name: string; path: string }[]>>();
  private readonly shown = new Set<string>();

  /** The file's text, read by `read` the first time; a failed read is not kept (it is reported where it was named). */
  async text(absPath: string, read: () => Promise<ReadResult>): Promise<ReadResult> {
    const known = this.texts.get(absPath);
    if (known !== undefined) return { ok: true, text: known };
    const result = await read();
    if (result.ok) this.texts.set(absPath, result.text);
    return result;
  }

  /** The parse of this text as shown under this name; its issues are copies, so nobody shares one object. */
  parsed(display: string, text: string, parse: () => ParsedFile): ParsedFile {
    const key = `${display}\0${text}`;
    let parsed = this.parses.get(key);
    if (!parsed) {
      parsed = parse();
      this.parses.set(key, parsed);
    }
    return { ...parsed, issues: parsed.issues.map((issue) => ({ ...issue })) };
  }

  /**
   * The issues not yet shown in this run: a warning of a base that fifty profiles extend is
   * the same line of the same file fifty times, and is printed once.
   */
  unshown(issues: readonly Issue[]): Issue[] {
    return issues.filter((issue) => {
      const line = `${issue.severity}\0${formatIssue(issue)}`;
      if (this.shown.has(line)) return false;
      this.shown.add(line);
      return true;
    });
  }

  /** The builtin profiles of `dir`, listed by `list` the first time. */
  builtins(dir: string, list: () => Promise<{ name: string; path: string }[]>): Promise<{ name: string; path: string }[]> {
    let listing = this.listings.get(dir);
    if (!listing) {
      listing = list();
      this.listings.set(dir, listing);
    }
    return listing;
  }
}
