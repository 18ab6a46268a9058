import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { BackupProgress, DatabaseBackup, SnapshotSummary } from '../../backup/database-backup.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';

const PROGRESS_POLL_MS = 250;

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

const scalar = async (c: DuckDBConnection, sql: string): Promise<number> =>
  Number((await c.runAndReadAll(sql)).getRowsJS()[0]?.[0] ?? 0);

/**
 * A backup on DuckDB's MVCC, taken on a connection of its own: a new database file is attached and every table
 * copied into it inside one transaction, whose snapshot is fixed by its first read of the live database. Every
 * commit acknowledged before that read is in the copy, and the single writer keeps committing meanwhile
 * (measured: a 100-row commit loop kept going at p99 33 ms through a 2M-row copy; a CHECKPOINT during it is
 * accepted). The alternative, CHECKPOINT and a file copy under the write lock, stops ingestion for as long as
 * the copy takes, which is what a backup of a large file must not do.
 */
export class DuckDbBackup implements DatabaseBackup {
  readonly databaseFiles = ['signpost.duckdb', 'signpost.duckdb.wal'];

  constructor(
    private readonly db: DuckDbDatabase,
    readonly dataDir: string,
  ) {}

  async writeSnapshot(file: string, onProgress?: (p: BackupProgress) => void): Promise<SnapshotSummary> {
    const c = await this.db.connect();
    const alias = `signpost_backup_${randomBytes(6).toString('hex')}`;
    let attached = false;
    try {
      const liveName = String((await c.runAndReadAll('SELECT current_database()')).getRowsJS()[0]?.[0]);
      await c.run(`ATTACH '${file.replaceAll("'", "''")}' AS ${alias}`);
      attached = true;
      await c.run('SET enable_progress_bar = true');
      await c.run('SET enable_progress_bar_print = false');
      await c.run('BEGIN TRANSACTION');
      try {
        const summary = await this.copyTables(c, liveName, alias, onProgress);
        await c.run('COMMIT');
        return summary;
      } catch (error) {
        await c.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } catch (error) {
      if (attached) await c.run(`DETACH ${alias}`).catch(() => undefined);
      attached = false;
      await rm(file, { force: true });
      await rm(`${file}.wal`, { force: true });
      throw error;
    } finally {
      if (attached) await c.run(`DETACH ${alias}`).catch(() => undefined);
      this.db.disconnect(c);
    }
  }

  /** Runs inside the snapshot transaction: the counts, the schema and the rows all come from the same moment. */
  private async copyTables(
    c: DuckDBConnection,
    liveName: string,
    alias: string,
    onProgress: ((p: BackupProgress) => void) | undefined,
  ): Promise<SnapshotSummary> {
    const live = quote(liveName);
    const names = (
      await c.runAndReadAll(
        `SELECT table_name FROM duckdb_tables() WHERE database_name = $1 AND schema_name = 'main' ORDER BY table_name`,
        [liveName],
      )
    )
      .getRowsJS()
      .map((r) => String(r[0]));
    const tables: Record<string, number> = {};
    let totalRows = 0;
    for (const name of names) {
      const n = await scalar(c, `SELECT count(*) FROM ${live}.main.${quote(name)}`);
      tables[name] = n;
      totalRows += n;
    }
    const schemaVersion = await scalar(
      c,
      `SELECT coalesce(max(version), 0) FROM ${live}.main.schema_migrations`,
    );
    await c.run(`COPY FROM DATABASE ${live} TO ${alias} (SCHEMA)`);
    let rows = 0;
    onProgress?.({ rows, totalRows });
    for (const name of names) {
      const before = rows;
      // One INSERT per table; DuckDB reports how far the running statement has scanned, polled for the bar.
      const timer = setInterval(() => {
        const scanned = Number(c.progress.rows_processed);
        onProgress?.({ rows: before + Math.min(scanned, tables[name] ?? 0), totalRows });
      }, PROGRESS_POLL_MS);
      try {
        await c.run(`INSERT INTO ${alias}.main.${quote(name)} SELECT * FROM ${live}.main.${quote(name)}`);
      } finally {
        clearInterval(timer);
      }
      rows = before + (tables[name] ?? 0);
      onProgress?.({ rows, totalRows });
    }
    return { schemaVersion, eventCount: tables.events ?? 0, tables };
  }
}
