/** Small formatters the listing commands share, so tables and documents agree. */

/** An API timestamp as ISO 8601 UTC without milliseconds; unparsable text is kept as is. */
export function isoTime(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A table cell: missing values print as "-". */
export function cell(value: string | number | boolean | null | undefined): string {
  if (value === undefined || value === null || value === '') return '-';
  return String(value);
}
