/** A plain-text table: left-aligned columns two spaces apart; the last column is not padded. */

import { escapeTerminal } from './escape.js';

export type Cell = string | number | null | undefined;

/** Missing values (null/undefined) print as "-" so columns never look shifted. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const text = (cell: Cell): string => (cell === null || cell === undefined ? '-' : escapeTerminal(String(cell)));
  const cells = [header, ...rows.map((row) => row.map(text))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return cells.map(line).join('\n');
}
