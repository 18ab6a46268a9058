import type { Executor, PostgresDatabase } from '../../storage/postgres/postgres-database.ts';

export interface StepProgress {
  cursor: string | null;
  rows: number;
  finished: boolean;
}

const SOURCE_STEP = 'source';

/**
 * Where a copy into PostgreSQL + ClickHouse stands, kept in the target itself so a second run picks up where
 * the first stopped. Created by the command, not by a schema migration: a server never reads it. The `source`
 * row names the data folder being copied, so a run from another folder is refused instead of merged in.
 */
export class MigrationProgress {
  private constructor(
    private readonly db: PostgresDatabase,
    private readonly steps: Map<string, StepProgress>,
  ) {}

  static async exists(db: PostgresDatabase): Promise<boolean> {
    const rows = await db.run(`SELECT to_regclass('signpost_storage_migration') IS NOT NULL AS present`);
    return rows[0]?.present === true;
  }

  /** The source a previous run recorded, if any. */
  static async recordedSource(db: PostgresDatabase): Promise<string | undefined> {
    if (!(await MigrationProgress.exists(db))) return undefined;
    const rows = await db.run('SELECT cursor FROM signpost_storage_migration WHERE step = $1', [SOURCE_STEP]);
    const cursor = rows[0]?.cursor;
    return typeof cursor === 'string' ? cursor : undefined;
  }

  static async open(db: PostgresDatabase, source: string): Promise<MigrationProgress> {
    await db.run(`CREATE TABLE IF NOT EXISTS signpost_storage_migration (
      step TEXT PRIMARY KEY, cursor TEXT, rows BIGINT NOT NULL DEFAULT 0, finished BOOLEAN NOT NULL DEFAULT false)`);
    await db.run(
      `INSERT INTO signpost_storage_migration (step, cursor, rows, finished) VALUES ($1, $2, 0, true)
       ON CONFLICT (step) DO NOTHING`,
      [SOURCE_STEP, source],
    );
    const rows = await db.run('SELECT step, cursor, rows, finished FROM signpost_storage_migration');
    const steps = new Map<string, StepProgress>();
    for (const r of rows)
      steps.set(String(r.step), {
        cursor: typeof r.cursor === 'string' ? r.cursor : null,
        rows: Number(r.rows),
        finished: r.finished === true,
      });
    return new MigrationProgress(db, steps);
  }

  get(step: string): StepProgress | undefined {
    return this.steps.get(step);
  }

  finished(step: string): boolean {
    return this.steps.get(step)?.finished === true;
  }

  /** Records a step's position; pass the transaction a step's rows were written in so both commit together. */
  async save(step: string, p: StepProgress, tx: Executor = this.db): Promise<void> {
    await tx.run(
      `INSERT INTO signpost_storage_migration (step, cursor, rows, finished) VALUES ($1, $2, $3, $4)
       ON CONFLICT (step) DO UPDATE SET cursor = excluded.cursor, rows = excluded.rows, finished = excluded.finished`,
      [step, p.cursor, p.rows, p.finished],
    );
    this.steps.set(step, p);
  }

  /** Steps begun but not finished (another migration stopped midway). */
  unfinished(): string[] {
    return [...this.steps].filter(([, p]) => !p.finished).map(([s]) => s);
  }
}
