import type { ResultTable } from './result-table.ts';

// RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run event data as formulas.
function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(table: ResultTable): string {
  return [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n');
}

/** Saves the table as a CSV file through a temporary link, which every browser treats as a download. */
export function downloadCsv(table: ResultTable, name: string): void {
  const url = URL.createObjectURL(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'insight'}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
