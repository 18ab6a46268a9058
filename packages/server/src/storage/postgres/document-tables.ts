import type { Executor } from './postgres-database.ts';
import { document, toDocument } from './row-values.ts';

/**
 * Saved objects (flags, cohorts, insights, dashboards, experiments, early-access features) are small documents
 * read whole into memory at start: one JSON column plus the columns integrity needs. These are the only tables
 * the helpers below accept, so a table name in their SQL is never anything but one of these constants.
 */
export type DocumentTable =
  | 'feature_flags'
  | 'cohorts'
  | 'insights'
  | 'dashboards'
  | 'experiments'
  | 'early_access_features';

export interface DocumentRow {
  id: number;
  projectId: number;
  version: number;
  deleted: boolean;
  updatedAt: Date;
  /** The column besides the common ones that each of `feature_flags` (key) and `insights` (short_id) has. */
  extra?: { column: 'key' | 'short_id'; value: string };
}

export async function listDocuments<T>(
  db: Executor,
  table: DocumentTable,
  dateFields: readonly string[],
): Promise<T[]> {
  const rows = await db.run(`SELECT data FROM ${table} ORDER BY id`);
  return rows.map((r) => document<T>(r, 'data', dateFields));
}

/** Inserts the document or replaces the stored one with the same id. */
export async function upsertDocument(
  tx: Executor,
  table: DocumentTable,
  row: DocumentRow,
  doc: object,
): Promise<void> {
  const extra = row.extra ? `, ${row.extra.column}` : '';
  const extraValue = row.extra ? ', $7' : '';
  const extraUpdate = row.extra ? `, ${row.extra.column} = excluded.${row.extra.column}` : '';
  await tx.run(
    `INSERT INTO ${table} (id, project_id, data, version, deleted, updated_at${extra})
     VALUES ($1, $2, $3, $4, $5, $6${extraValue})
     ON CONFLICT (id) DO UPDATE SET data = excluded.data, version = excluded.version, deleted = excluded.deleted,
       updated_at = excluded.updated_at${extraUpdate}`,
    [
      row.id,
      row.projectId,
      toDocument(doc),
      row.version,
      row.deleted,
      row.updatedAt,
      ...(row.extra ? [row.extra.value] : []),
    ],
  );
}

/** Tables whose ids come from a sequence shared by every node (`<table>_ids`, PostgreSQL migration 6). */
export type SequencedTable =
  | 'feature_flags'
  | 'cohorts'
  | 'insights'
  | 'dashboards'
  | 'experiments'
  | 'early_access_features';

export const SEQUENCED_TABLES: readonly SequencedTable[] = [
  'feature_flags',
  'cohorts',
  'insights',
  'dashboards',
  'experiments',
  'early_access_features',
];

export async function allocateId(db: Executor, table: SequencedTable): Promise<number> {
  const rows = await db.run(`SELECT nextval('${table}_ids')::int AS id`);
  const id = rows[0]?.id;
  if (typeof id !== 'number') throw new Error(`the ${table}_ids sequence gave no id`);
  return id;
}
