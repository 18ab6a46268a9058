import { csvLine } from './csv-cell.ts';
import { EXPORT_COLUMNS, type ExportRow } from './event-export-store.ts';

export type ExportFormat = 'ndjson' | 'csv' | 'parquet';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

/** The text before the first row: the header record for CSV, nothing for NDJSON. */
export const textHeader = (format: 'ndjson' | 'csv'): string =>
  format === 'csv' ? csvLine(EXPORT_COLUMNS) : '';

/** A chunk of rows as text. NDJSON embeds `properties` as the JSON it already is, rather than re-encoding it. */
export function formatRows(format: 'ndjson' | 'csv', rows: ExportRow[]): string {
  let out = '';
  if (format === 'csv') {
    for (const r of rows) out += csvLine(r);
    return out;
  }
  for (const [uuid, event, distinctId, personId, timestamp, createdAt, properties] of rows) {
    out += `{"uuid":${JSON.stringify(uuid)},"event":${JSON.stringify(event)},"distinct_id":${JSON.stringify(distinctId)},"person_id":${JSON.stringify(personId)},"timestamp":${JSON.stringify(timestamp)},"created_at":${JSON.stringify(createdAt)},"properties":${properties ?? '{}'}}\n`;
  }
  return out;
}
