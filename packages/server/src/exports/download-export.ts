import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { CliError } from '../cli/cli-error.ts';
import type { ExportFormat } from './export-format.ts';

export interface DownloadOptions {
  baseUrl: string;
  key: string;
  format: ExportFormat;
  after?: string | undefined;
  before?: string | undefined;
  event?: string | undefined;
  out: Writable;
  /** Called once the server has answered, with its row count (when it sent one). */
  onStart?: (rows: number | undefined) => void;
  onProgress?: (p: { rows: number; bytes: number }) => void;
}

const NEWLINE = 0x0a;

/**
 * Fetches `/events/export` and writes it to `out` as it arrives, honouring backpressure. Rows are counted
 * from line ends as they pass (for CSV, quoted line breaks inside a field would count too, so the server's
 * figure is used for the final count), and from the server's count for Parquet.
 */
export async function downloadExport(o: DownloadOptions): Promise<{ rows: number; bytes: number }> {
  const url = new URL('/api/projects/@current/events/export', o.baseUrl);
  url.searchParams.set('format', o.format);
  for (const [k, v] of [
    ['after', o.after],
    ['before', o.before],
    ['event', o.event],
  ] as const)
    if (v) url.searchParams.set(k, v);
  const response = await fetch(url, { headers: { authorization: `Bearer ${o.key}` } }).catch(
    (error: unknown) => {
      throw new CliError(
        'EXPORT_FAILED',
        `Cannot reach ${o.baseUrl}: ${String(error)}. Is the server running?`,
      );
    },
  );
  if (!response.ok || !response.body) {
    throw new CliError('EXPORT_FAILED', `The server answered ${response.status}: ${await response.text()}`);
  }
  const header = response.headers.get('x-signpost-row-count');
  const serverRows = header === null ? undefined : Number(header);
  const length = Number(response.headers.get('content-length') ?? 0);
  o.onStart?.(serverRows);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (o.format !== 'parquet') for (const b of chunk) if (b === NEWLINE) lines += 1;
    if (!o.out.write(chunk)) await once(o.out, 'drain');
    // Parquet has no line ends: its rows are shown in proportion to the bytes received.
    const rows =
      o.format === 'parquet'
        ? Math.round(((serverRows ?? 0) * bytes) / (length || 1))
        : Math.max(0, lines - (o.format === 'csv' ? 1 : 0));
    o.onProgress?.({ rows, bytes });
  }
  if (o.out !== process.stdout) {
    o.out.end();
    await once(o.out, 'finish');
  }
  const rows = o.format === 'ndjson' ? lines : (serverRows ?? Math.max(0, lines - 1));
  return { rows, bytes };
}
