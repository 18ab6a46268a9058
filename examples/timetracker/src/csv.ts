import type { Project, TimeEntry } from './time-store.ts';

export const CSV_HEADER = ['project', 'started_at', 'stopped_at', 'duration_seconds'] as const;

/**
 * RFC 4180 CSV of time entries. A cell that starts with `=`, `+`, `-` or `@` is prefixed with `'` so a
 * spreadsheet opens a project named `=HYPERLINK(…)` as text, not as a formula.
 */
export function timeEntriesCsv(entries: readonly TimeEntry[], projects: readonly Project[]): string {
  const names = new Map(projects.map((p) => [p.id, p.name]));
  const rows = entries.map((e) => [
    names.get(e.projectId) ?? e.projectId,
    e.startedAt.toISOString(),
    e.stoppedAt?.toISOString() ?? '',
    e.stoppedAt ? String(Math.round((e.stoppedAt.getTime() - e.startedAt.getTime()) / 1000)) : '',
  ]);
  return `${[[...CSV_HEADER], ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

function cell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
