/** How far a snapshot copy has come, in rows over every table (events dominate). */
export interface BackupProgress {
  rows: number;
  totalRows: number;
}

/** What one snapshot holds, read inside the snapshot itself. */
export interface SnapshotSummary {
  schemaVersion: number;
  eventCount: number;
  /** Rows per table, by table name. */
  tables: Record<string, number>;
}

/**
 * A storage backend that can copy its whole database, consistently, while it keeps serving. Absent on backends
 * backed up by their own tools (PostgreSQL + ClickHouse) and on the in-memory fake.
 */
export interface DatabaseBackup {
  /** The folder the database lives in; files beside it are copied with the snapshot. */
  readonly dataDir: string;
  /** The database file names inside `dataDir` that the snapshot replaces (never copied as they are). */
  readonly databaseFiles: readonly string[];
  /** Writes a snapshot of every committed row to `file` (which must not exist yet). */
  writeSnapshot(file: string, onProgress?: (p: BackupProgress) => void): Promise<SnapshotSummary>;
}
