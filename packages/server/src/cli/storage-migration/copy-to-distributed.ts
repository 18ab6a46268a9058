import { onCluster } from '../../storage/clickhouse/clickhouse-topology.ts';
import type { DuckDbDatabase } from '../../storage/duckdb/duckdb-database.ts';
import { SEQUENCED_TABLES } from '../../storage/postgres/document-tables.ts';
import type { Executor, PostgresDatabase } from '../../storage/postgres/postgres-database.ts';
import { progressBar } from '../progress-bar.ts';
import { type ClickHouseTarget, chRows, truncateEverywhere } from './clickhouse-target.ts';
import { duckDbEventChunk, type EventCursor } from './event-chunks.ts';
import { identityCopies } from './identity-rows.ts';
import type { MigrationProgress } from './migration-progress.ts';
import {
  duckDbSelectList,
  IDENTITY_KEYS,
  ident,
  portable,
  type SharedTable,
  type Tables,
  valuesClause,
} from './table-columns.ts';

export interface CopyContext {
  duck: DuckDbDatabase;
  duckTables: Tables;
  pg: PostgresDatabase;
  pgTables: Tables;
  ch: ClickHouseTarget;
  progress: MigrationProgress;
  chunkRows: number;
  out: NodeJS.WriteStream;
  /** Test hook: runs after each event chunk is written and its cursor saved (a throw interrupts the copy). */
  afterChunk?: (chunks: number) => void | Promise<void>;
}

// PostgreSQL binds at most 65,535 parameters per statement.
const MAX_PARAMS = 30_000;
const IDENTITY_BATCH = 10_000;

async function insertPostgres(
  tx: Executor,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
) {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let from = 0; from < rows.length; from += perStatement) {
    const slice = rows.slice(from, from + perStatement);
    await tx.run(
      `INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES ${valuesClause(slice.length, columns.length)}`,
      slice.flatMap((r) => columns.map((c) => portable(r[c]))),
    );
  }
}

/**
 * One metadata table, all or nothing: its rows and its "finished" mark commit in one PostgreSQL transaction,
 * so a rerun either skips it or starts it over on an empty table.
 */
async function copyMetadataTable(ctx: CopyContext, table: SharedTable): Promise<void> {
  const step = `table:${table.name}`;
  if (ctx.progress.finished(step)) return;
  const types = ctx.duckTables.get(table.name) ?? new Map();
  const rows = await ctx.duck.query(
    `SELECT ${duckDbSelectList(table.columns, types)} FROM ${ident(table.name)}`,
  );
  const bar = progressBar(table.name, rows.length, ctx.out);
  await ctx.pg.transaction(async (tx) => {
    // The schema migration seeds team_id_counter with its first value; the source's counter replaces it.
    await tx.run(`DELETE FROM ${ident(table.name)}`);
    await insertPostgres(tx, table.name, table.columns, rows);
    // Objects created after the move take ids from the shared sequence: it must start past every copied id.
    if ((SEQUENCED_TABLES as readonly string[]).includes(table.name))
      await tx.run(
        `SELECT setval('${table.name}_ids', coalesce((SELECT max(id) FROM ${ident(table.name)}), 0) + 1, false)`,
      );
    await ctx.progress.save(step, { cursor: null, rows: rows.length, finished: true }, tx);
  });
  bar.update(rows.length);
  bar.finish();
}

/**
 * An identity table: the newest version of each key becomes PostgreSQL's one row, and the same rows become
 * the ClickHouse copies on every node. ClickHouse is written first and emptied before, so a step redone after
 * an interruption leaves no stray rows (cohort members have no version to fold on).
 */
async function copyIdentityTable(ctx: CopyContext, table: string): Promise<void> {
  const step = `identity:${table}`;
  if (ctx.progress.finished(step)) return;
  const keys = IDENTITY_KEYS[table];
  const columns = sharedOf(ctx, table);
  const select = duckDbSelectList(columns, ctx.duckTables.get(table) ?? new Map());
  const sql = keys
    ? `SELECT ${select} FROM ${ident(table)}
       QUALIFY row_number() OVER (PARTITION BY ${keys.map(ident).join(', ')} ORDER BY version DESC) = 1`
    : `SELECT ${select} FROM ${ident(table)}`;
  // Identity tables are a small fraction of a data folder (one row per person, not per event): read whole.
  const rows = await ctx.duck.query(sql);
  const bar = progressBar(table, rows.length, ctx.out);
  await truncateEverywhere(ctx.ch, table);
  await ctx.pg.transaction(async (tx) => {
    await tx.run(`DELETE FROM ${ident(table)}`);
    for (let from = 0; from < rows.length; from += IDENTITY_BATCH) {
      const slice = rows.slice(from, from + IDENTITY_BATCH);
      await insertPostgres(tx, table, columns, slice);
      await ctx.ch.writer.insertIdentities(identityCopies(table, slice));
      bar.update(from + slice.length);
    }
    if (table === 'person_distinct_ids')
      // Mappings written after the move must sort after every copied one (argMax on version).
      await tx.run(
        `SELECT setval('person_distinct_id_version', greatest(1, (SELECT coalesce(max(version), 0) FROM person_distinct_ids)))`,
      );
    await ctx.progress.save(step, { cursor: null, rows: rows.length, finished: true }, tx);
  });
  bar.finish();
}

function sharedOf(ctx: CopyContext, table: string): string[] {
  const pg = ctx.pgTables.get(table);
  const duck = ctx.duckTables.get(table);
  if (!pg || !duck) throw new Error(`${table} is missing on one side.`);
  return [...duck.keys()].filter((c) => pg.has(c));
}

/** Events in chunks, each followed by its cursor: an interrupted copy resumes after the last saved chunk. */
async function copyEvents(ctx: CopyContext): Promise<void> {
  const step = 'events';
  const saved = ctx.progress.get(step);
  if (saved?.finished) return;
  const [countRow] = await ctx.duck.query('SELECT count(*) AS n FROM events');
  const total = Number(countRow?.n ?? 0);
  let cursor = saved?.cursor ? (JSON.parse(saved.cursor) as EventCursor) : undefined;
  let done = saved?.rows ?? 0;
  const bar = progressBar(
    done > 0 ? `events (resumed at ${done.toLocaleString('en-US')})` : 'events',
    total,
    ctx.out,
  );
  let chunks = 0;
  for (;;) {
    const chunk = await duckDbEventChunk(ctx.duck, cursor, ctx.chunkRows);
    if (!chunk.next) break;
    await ctx.ch.writer.insertEvents(chunk.events);
    cursor = chunk.next;
    done += chunk.events.length;
    await ctx.progress.save(step, { cursor: JSON.stringify(cursor), rows: done, finished: false });
    bar.update(done);
    chunks += 1;
    await ctx.afterChunk?.(chunks);
  }
  await foldRetriedChunks(ctx);
  await ctx.progress.save(step, {
    cursor: cursor ? JSON.stringify(cursor) : null,
    rows: done,
    finished: true,
  });
  bar.finish();
}

/**
 * A run stopped between a chunk's insert and its cursor inserts that chunk again; ReplacingMergeTree folds the
 * copies when it merges, but queries read before then. When copies exist, merge now rather than whenever.
 */
async function foldRetriedChunks(ctx: CopyContext): Promise<void> {
  const [raw] = await chRows<{ n: number }>(
    ctx.ch.entry,
    `SELECT count() AS n FROM ${ctx.ch.table('events')}
    SETTINGS output_format_json_quote_64bit_integers = 0`,
  );
  const [folded] = await chRows<{ n: number }>(
    ctx.ch.entry,
    `SELECT count() AS n FROM ${ctx.ch.table('events')} FINAL
    SETTINGS output_format_json_quote_64bit_integers = 0`,
  );
  if (raw?.n === folded?.n) return;
  const targets = ctx.ch.topology.replicated ? [ctx.ch.entry] : ctx.ch.copies;
  const on = onCluster(ctx.ch.topology);
  await Promise.all(
    targets.map((c) => c.command({ query: `OPTIMIZE TABLE ${ctx.ch.table('events_local')}${on} FINAL` })),
  );
}

export async function copyToDistributed(ctx: CopyContext, metadata: readonly SharedTable[]): Promise<void> {
  for (const table of metadata) await copyMetadataTable(ctx, table);
  for (const table of [...Object.keys(IDENTITY_KEYS), 'cohort_static_members'])
    await copyIdentityTable(ctx, table);
  await copyEvents(ctx);
}
