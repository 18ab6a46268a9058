import type { DuckDbDatabase } from '../../storage/duckdb/duckdb-database.ts';
import { DuckDbIngestionStore } from '../../storage/duckdb/duckdb-ingestion-store.ts';
import type { PostgresDatabase } from '../../storage/postgres/postgres-database.ts';
import { progressBar } from '../progress-bar.ts';
import type { ClickHouseTarget } from './clickhouse-target.ts';
import { clickHouseEventChunk, type EventCursor } from './event-chunks.ts';
import {
  IDENTITY_KEYS,
  ident,
  portable,
  postgresSelectList,
  type SharedTable,
  type Tables,
  valuesClause,
} from './table-columns.ts';

export interface ReverseContext {
  duck: DuckDbDatabase;
  pg: PostgresDatabase;
  pgTables: Tables;
  ch: ClickHouseTarget;
  chunkRows: number;
  out: NodeJS.WriteStream;
}

const ROWS_PER_INSERT = 500;

/**
 * One table from PostgreSQL into the fresh DuckDB file, in one transaction. Identity tables hold one row per
 * key there, which DuckDB reads as each key's single (so newest) version.
 */
async function copyTable(ctx: ReverseContext, table: SharedTable): Promise<void> {
  const types = ctx.pgTables.get(table.name) ?? new Map();
  const rows = await ctx.pg.run(
    `SELECT ${postgresSelectList(table.columns, types)} FROM ${ident(table.name)}`,
  );
  const bar = progressBar(table.name, rows.length, ctx.out);
  await ctx.duck.write(async (c) => {
    // The fresh file's migrations seeded team_id_counter; the copied counter replaces it.
    await c.run(`DELETE FROM ${ident(table.name)}`);
    for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) {
      const slice = rows.slice(from, from + ROWS_PER_INSERT);
      await c.run(
        `INSERT INTO ${ident(table.name)} (${table.columns.map(ident).join(', ')})
         VALUES ${valuesClause(slice.length, table.columns.length)}`,
        slice.flatMap((r) => table.columns.map((col) => portable(r[col]))),
      );
      bar.update(from + slice.length);
    }
  });
  bar.finish();
}

/** Events from ClickHouse in (timestamp, uuid) chunks, appended as ingestion appends them. */
async function copyEvents(ctx: ReverseContext): Promise<void> {
  const [countRow] = await ctx.ch.entry
    .query({
      query: `SELECT count() AS n FROM ${ctx.ch.table('events')} FINAL`,
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    })
    .then((rs) => rs.json<{ n: number }>());
  const bar = progressBar('events', countRow?.n ?? 0, ctx.out);
  const store = new DuckDbIngestionStore(ctx.duck);
  let cursor: EventCursor | undefined;
  let done = 0;
  for (;;) {
    const chunk = await clickHouseEventChunk(ctx.ch, cursor, ctx.chunkRows);
    if (!chunk.next) break;
    await store.commit({ events: chunk.events, persons: [], distinctIds: [], groups: [], groupTypes: [] });
    cursor = chunk.next;
    done += chunk.events.length;
    bar.update(done);
  }
  bar.finish();
}

export async function copyToDuckDb(
  ctx: ReverseContext,
  duckTables: Tables,
  metadata: readonly SharedTable[],
): Promise<void> {
  for (const table of metadata) await copyTable(ctx, table);
  for (const name of [...Object.keys(IDENTITY_KEYS), 'cohort_static_members']) {
    const duck = duckTables.get(name);
    const pg = ctx.pgTables.get(name);
    if (!duck || !pg) throw new Error(`${name} is missing on one side.`);
    await copyTable(ctx, { name, columns: [...pg.keys()].filter((c) => duck.has(c)) });
  }
  await copyEvents(ctx);
}
