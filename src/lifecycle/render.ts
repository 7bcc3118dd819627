/** The diff as people read it: one row per field that is not equal, then a one-line verdict. */

import { table } from '../ui/table.js';
import { LIVE_ONLY_TAGS, type DiffReport, type ResourceDiff } from './differ.js';

const MAX_CELL = 60;
const cell = (text: string): string => (text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 3)}...` : text);

function sign(resource: ResourceDiff): string {
  switch (resource.action) {
    case 'create':
      return '+';
    case 'update':
      return '~';
    case 'unmanaged':
      return '!';
    default:
      return '=';
  }
}

export function renderDiff(report: DiffReport, options: { applyCommand: string; pruneCommand: string }): string {
  const rows: string[][] = [];
  for (const r of report.resources) {
    const label = `${sign(r)} ${r.id}`;
    if (r.action === 'create') rows.push([label, '(all)', 'planned', 'absent', 'missing']);
    else if (r.action === 'unmanaged') rows.push([label, '(all)', 'absent', r.liveId ?? '', 'not in the profile']);
    for (const f of r.fields) {
      if (f.status === 'equal') continue;
      rows.push([label, f.field, cell(f.want), cell(f.have), f.status === 'differs' ? 'differs' : 'unverifiable']);
    }
  }
  const equal = report.resources.reduce((n, r) => n + r.fields.filter((f) => f.status === 'equal').length, 0);
  const lines: string[] = [];
  if (rows.length > 0) lines.push(table(['RESOURCE', 'FIELD', 'PROFILE', 'LIVE', 'STATUS'], rows), '');
  const { changed, unmanaged, liveOnlyTags } = differenceCounts(report);
  const parts = [`${equal} field${equal === 1 ? '' : 's'} equal`];
  if (report.unverifiable > 0) parts.push(`${report.unverifiable} unverifiable (ACK does not return them)`);
  if (!report.differs) {
    lines.push(`${report.profile} in ${report.region} matches the profile (${parts.join(', ')})`);
  } else {
    if (changed > 0) parts.unshift(`${changed} resource${changed === 1 ? '' : 's'} to create or change`);
    if (unmanaged > 0) parts.push(`${unmanaged} live pool${unmanaged === 1 ? '' : 's'} not in the profile`);
    if (liveOnlyTags > 0) parts.push(`live tags not in the profile on ${liveOnlyTags} resource${liveOnlyTags === 1 ? '' : 's'}`);
    lines.push(`${report.profile} in ${report.region} differs from the profile: ${parts.join(', ')}`);
    if (changed > 0) lines.push(`apply it with: ${options.applyCommand}`);
    if (unmanaged > 0) lines.push(`delete pools not in the profile with: ${options.pruneCommand}`);
    if (liveOnlyTags > 0) lines.push(`remove tags not in the profile with: ${options.pruneCommand} (apply alone keeps them)`);
  }
  return lines.join('\n');
}

function differenceCounts(report: DiffReport): { changed: number; unmanaged: number; liveOnlyTags: number } {
  const differs = (r: ResourceDiff, liveOnly: boolean) => r.fields.some((f) => f.status === 'differs' && (f.field === LIVE_ONLY_TAGS) === liveOnly);
  return {
    changed: report.resources.filter((r) => r.action === 'create' || (r.action === 'update' && differs(r, false))).length,
    unmanaged: report.resources.filter((r) => r.action === 'unmanaged').length,
    liveOnlyTags: report.resources.filter((r) => differs(r, true)).length,
  };
}

/**
 * Whether only `apply --prune` settles the report: live pools or live tags absent from the
 * profile are all that differ, and plain apply keeps those.
 */
export function onlyPruneSettles(report: DiffReport): boolean {
  const { changed, unmanaged, liveOnlyTags } = differenceCounts(report);
  return changed === 0 && unmanaged + liveOnlyTags > 0;
}

/** One line per difference, for `create` and `apply` before they act. */
export function differenceLines(report: DiffReport): string[] {
  const lines: string[] = [];
  for (const r of report.resources) {
    if (r.action === 'unmanaged') lines.push(`${r.id} (${r.liveId ?? ''}): live, not in the profile`);
    for (const f of r.fields) if (f.status === 'differs') lines.push(`${r.id} ${f.field}: ${cell(f.have)} -> ${cell(f.want)}`);
  }
  return lines;
}
