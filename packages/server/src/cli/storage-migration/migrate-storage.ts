import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DistributedSettings } from '../../storage/distributed/distributed-settings.ts';
import { DuckDbDatabase } from '../../storage/duckdb/duckdb-database.ts';
import { migrate } from '../../storage/postgres/migrations.ts';
import { PostgresDatabase } from '../../storage/postgres/postgres-database.ts';
import { CliError } from '../cli-error.ts';
import {
  type ClickHouseTarget,
  chRows,
  migrateClickHouseTarget,
  openClickHouseTarget,
  printable,
} from './clickhouse-target.ts';
import { copyToDistributed } from './copy-to-distributed.ts';
import { copyToDuckDb } from './copy-to-duckdb.ts';
import { MigrationProgress } from './migration-progress.ts';
import { duckDbTables, postgresTables, sharedMetadataTables } from './table-columns.ts';
import { type Check, formatReport, verifyMigration } from './verify-migration.ts';

export type StorageTarget = 'postgres+clickhouse' | 'duckdb';

export interface MigrateStorageOptions {
  to: StorageTarget;
  /** The DuckDB data folder: the source, or (`to: 'duckdb'`) an empty or missing folder to create. */
  dataDir: string;
  distributed: DistributedSettings | undefined;
  /** Events per chunk (and per saved cursor). */
  chunkRows?: number;
  out?: NodeJS.WriteStream;
  /** Test hook, not a command-line option: called after each event chunk's cursor is saved. */
  afterChunk?: (chunks: number) => void | Promise<void>;
}

const DEFAULT_CHUNK_ROWS = 50_000;

/** Copies a data folder between DuckDB and PostgreSQL + ClickHouse, verifies both sides and returns the report. */
export async function migrateStorage(o: MigrateStorageOptions): Promise<Check[]> {
  const settings = o.distributed;
  if (!settings)
    throw new CliError(
      'INVALID_ARGUMENTS',
      'Set SIGNPOST_DATABASE_URL and SIGNPOST_CLICKHOUSE_URL (and SIGNPOST_CLICKHOUSE_*) to the PostgreSQL and ClickHouse to copy to or from.',
    );
  if (o.to === 'postgres+clickhouse' && !existsSync(path.join(o.dataDir, 'signpost.duckdb')))
    throw new CliError('INVALID_ARGUMENTS', `${o.dataDir} holds no Signpost data (no signpost.duckdb).`);
  if (o.to === 'duckdb' && existsSync(o.dataDir) && readdirSync(o.dataDir).length > 0)
    throw new CliError(
      'TARGET_NOT_EMPTY',
      `${o.dataDir} is not empty; copying back needs a new or empty folder (pass --data-dir).`,
    );
  // Both servers answer before anything is written anywhere.
  const pg = PostgresDatabase.create(settings.databaseUrl, 4);
  let ch: ClickHouseTarget | undefined;
  try {
    await pg.run('SELECT 1').catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(
        'TARGET_UNREACHABLE',
        `PostgreSQL at ${printable(settings.databaseUrl)} cannot be reached (${reason}).`,
      );
    });
    ch = await openClickHouseTarget(settings.clickhouse);
    const common = {
      pg,
      ch,
      chunkRows: o.chunkRows ?? DEFAULT_CHUNK_ROWS,
      out: o.out ?? process.stderr,
    };
    return o.to === 'duckdb'
      ? await toDuckDb(o.dataDir, common)
      : await toDistributed(o.dataDir, { ...common, afterChunk: o.afterChunk });
  } finally {
    await ch?.close();
    await pg.close();
  }
}

interface Targets {
  pg: PostgresDatabase;
  ch: ClickHouseTarget;
  chunkRows: number;
  out: NodeJS.WriteStream;
  afterChunk?: (chunks: number) => void | Promise<void>;
}

/** DuckDB refuses a file another process holds: the server must be stopped first. */
async function openSource(dataDir: string): Promise<DuckDbDatabase> {
  try {
    return await DuckDbDatabase.open(dataDir);
  } catch (error) {
    if (error instanceof Error && /lock/i.test(error.message))
      throw new CliError(
        'DATA_DIR_LOCKED',
        `${dataDir} is in use by another process (a running Signpost server?). Stop it first, then migrate. (${error.message.split('\n')[0]})`,
      );
    throw error;
  }
}

/** What names a data folder across runs: its environments' project keys (hashed; the copy must not print them). */
async function sourceId(duck: DuckDbDatabase): Promise<string> {
  const rows = await duck.query('SELECT api_token FROM environments ORDER BY api_token');
  return createHash('sha256')
    .update(rows.map((r) => String(r.api_token)).join('\n'))
    .digest('hex');
}

/** A target that holds data, other than an earlier run of this same copy, is refused rather than merged into. */
async function refuseForeignTarget(t: Targets, source: string): Promise<void> {
  const recorded = await MigrationProgress.recordedSource(t.pg);
  if (recorded === source) return;
  if (recorded !== undefined)
    throw new CliError(
      'TARGET_NOT_EMPTY',
      'The PostgreSQL database holds a migration from another data folder; use an empty database.',
    );
  const [schema] = await t.pg.run(`SELECT to_regclass('projects') IS NOT NULL AS present`);
  const [projects] = schema?.present === true ? await t.pg.run('SELECT count(*) AS n FROM projects') : [];
  if (Number(projects?.n ?? 0) > 0)
    throw new CliError(
      'TARGET_NOT_EMPTY',
      'The PostgreSQL database already holds projects; use an empty database.',
    );
  const [events] = await chRows<{ n: number }>(
    t.ch.entry,
    `SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = 'events'
     SETTINGS output_format_json_quote_64bit_integers = 0`,
    { db: t.ch.topology.database },
  );
  if ((events?.n ?? 0) === 0) return;
  const [held] = await chRows<{ n: number }>(
    t.ch.entry,
    `SELECT count() AS n FROM ${t.ch.table('events')} SETTINGS output_format_json_quote_64bit_integers = 0`,
  );
  if ((held?.n ?? 0) > 0)
    throw new CliError(
      'TARGET_NOT_EMPTY',
      `ClickHouse database ${t.ch.topology.database} already holds events; use an empty database.`,
    );
}

async function toDistributed(dataDir: string, t: Targets): Promise<Check[]> {
  const duck = await openSource(dataDir);
  try {
    const source = await sourceId(duck);
    await refuseForeignTarget(t, source);
    await migrate(t.pg);
    await migrateClickHouseTarget(t.ch);
    const progress = await MigrationProgress.open(t.pg, source);
    const duckTables = await duckDbTables(duck);
    const pgTables = await postgresTables(t.pg);
    const { shared, oneSided } = sharedMetadataTables(duckTables, pgTables);
    if (oneSided.length > 0) t.out.write(`Not copied (only one side has them): ${oneSided.join(', ')}\n`);
    await copyToDistributed({ ...t, duck, duckTables, pgTables, progress }, shared);
    return report(t, await verifyMigration(duck, t.pg, t.ch, shared));
  } finally {
    await duck.close();
  }
}

async function toDuckDb(dataDir: string, t: Targets): Promise<Check[]> {
  if (await MigrationProgress.exists(t.pg)) {
    const progress = await MigrationProgress.open(t.pg, '');
    if (progress.unfinished().length > 0)
      throw new CliError(
        'INVALID_ARGUMENTS',
        `The PostgreSQL database holds an unfinished migration (${progress.unfinished().join(', ')}); finish it first.`,
      );
  }
  const created = !existsSync(dataDir);
  // The DuckDB storage's own migrations create the current schema in the new file.
  const duck = await DuckDbDatabase.open(dataDir);
  let ok = false;
  try {
    await migrate(t.pg);
    const duckTables = await duckDbTables(duck);
    const pgTables = await postgresTables(t.pg);
    const { shared, oneSided } = sharedMetadataTables(pgTables, duckTables);
    if (oneSided.length > 0) t.out.write(`Not copied (only one side has them): ${oneSided.join(', ')}\n`);
    await copyToDuckDb({ ...t, duck, pgTables }, duckTables, shared);
    // Copied whole: a failed verification keeps the file for inspection.
    ok = true;
    return report(t, await verifyMigration(duck, t.pg, t.ch, shared));
  } finally {
    await duck.close();
    // A copy that stopped midway leaves nothing behind, so the same command can simply run again.
    if (!ok)
      for (const f of readdirSync(dataDir))
        if (f.startsWith('signpost.duckdb')) rmSync(path.join(dataDir, f));
    if (!ok && created && readdirSync(dataDir).length === 0) rmSync(dataDir, { recursive: true });
  }
}

function report(t: Targets, checks: Check[]): Check[] {
  t.out.write(formatReport(checks));
  const bad = checks.filter((c) => !c.ok);
  if (bad.length > 0)
    throw new CliError(
      'VERIFY_FAILED',
      `${bad.length} check(s) differ after the copy: ${bad
        .slice(0, 3)
        .map((c) => c.what)
        .join(', ')}${bad.length > 3 ? ', …' : ''}.`,
    );
  return checks;
}
