import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { type ApiEnv, environmentOf } from '../api/api-auth.ts';
import { parseQuery } from '../api/query-params.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventExportFilter, EventExportStore } from './event-export-store.ts';
import { CONTENT_TYPES, type ExportFormat, formatRows, textHeader } from './export-format.ts';
import { exportQuerySchema } from './export-schemas.ts';
import { maskPersonalProperties } from './personal-mask.ts';

// The row count is sent up front so a client can show a percentage; rows committed meanwhile may add a few.
const ROW_COUNT_HEADER = 'x-signpost-row-count';

function textStream(
  store: EventExportStore,
  filter: EventExportFilter,
  format: 'ndjson' | 'csv',
  personalKeys: readonly string[],
) {
  let cursor: Awaited<ReturnType<EventExportStore['open']>> | undefined;
  const encoder = new TextEncoder();
  // pull() runs only when the socket has drained what was sent, so at most a chunk or two is in memory.
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      cursor = await store.open(filter);
      const header = textHeader(format);
      if (header) controller.enqueue(encoder.encode(header));
    },
    async pull(controller) {
      const rows = await cursor?.next();
      if (!rows) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(formatRows(format, maskPersonalProperties(rows, personalKeys))));
    },
    cancel() {
      cursor?.close();
    },
  });
}

/** DuckDB writes the Parquet file to a temp folder; it is streamed out and deleted once sent or abandoned. */
async function parquetStream(store: EventExportStore, filter: EventExportFilter) {
  const dir = await mkdtemp(path.join(tmpdir(), 'signpost-export-'));
  const file = path.join(dir, 'events.parquet');
  const cleanup = () => void rm(dir, { recursive: true, force: true });
  try {
    const rows = await store.writeParquet(filter, file);
    const size = (await stat(file)).size;
    const stream = createReadStream(file);
    stream.once('close', cleanup);
    return { body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, rows, size };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** `GET /api/projects/:projectId/events/export`: every matching event, streamed, with no row limit. */
export function exportRoutes(
  store: EventExportStore | undefined,
  /** The project's personal property keys (data settings), masked in every export; none when absent. */
  personalKeysOf: (environmentId: number) => readonly string[] = () => [],
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  app.get('/api/projects/:projectId/events/export', async (c) => {
    const project = environmentOf(c);
    const q = parseQuery(c, exportQuerySchema);
    if (!store)
      throw new AppError(
        'NOT_SUPPORTED',
        'Raw exports need the DuckDB storage; the in-memory backend has none.',
      );
    const filter: EventExportFilter = {
      projectId: project.id,
      after: q.after ? new Date(q.after) : undefined,
      before: q.before ? new Date(q.before) : undefined,
      event: q.event,
    };
    const format: ExportFormat = q.format;
    const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="events-${stamp}.${format}"`,
      'cache-control': 'no-store',
    };
    const personalKeys = personalKeysOf(project.id);
    if (format === 'parquet') {
      // The Parquet file is written by the engine, row values untouched: it could not mask them.
      if (personalKeys.length > 0)
        throw new AppError(
          'INVALID_QUERY',
          'This project marks personal property keys, which exports mask; Parquet cannot be masked, use format=ndjson or csv.',
          'format',
        );
      const { body, rows, size } = await parquetStream(store, filter);
      return c.body(body, 200, {
        ...headers,
        [ROW_COUNT_HEADER]: String(rows),
        'content-length': String(size),
      });
    }
    const rows = await store.count(filter);
    return c.body(textStream(store, filter, format, personalKeys), 200, {
      ...headers,
      [ROW_COUNT_HEADER]: String(rows),
    });
  });
  return app;
}
