/** Walk every page of a paged listing (bounded, so a misbehaving API cannot loop us forever). */

import type { Page } from './types.js';

export async function listAll<T>(fetch: (pageNumber: number, pageSize: number) => Promise<Page<T>>, options: { pageSize?: number; maxPages?: number } = {}): Promise<T[]> {
  const pageSize = options.pageSize ?? 50;
  const maxPages = options.maxPages ?? 100;
  const all: T[] = [];
  for (let pageNumber = 1; pageNumber <= maxPages; pageNumber++) {
    const page = await fetch(pageNumber, pageSize);
    all.push(...page.items);
    if (page.items.length === 0 || page.items.length < pageSize || all.length >= page.totalCount) break;
  }
  return all;
}

/** Split a list into batches of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
