import type { DuckDbDatabase } from '../../storage/duckdb/duckdb-database.ts';
import type { PostgresDatabase } from '../../storage/postgres/postgres-database.ts';

/** Column name → the engine's type name (upper case), in table order. */
export type Columns = Map<string, string>;
export type Tables = Map<string, Columns>;

/** Identity tables: DuckDB appends versions, PostgreSQL keeps one row per key (the newest version). */
export const IDENTITY_KEYS: Readonly<Record<string, readonly string[]>> = {
  persons: ['project_id', 'id'],
  person_distinct_ids: ['project_id', 'distinct_id'],
  person_overrides: ['project_id', 'old_person_id'],
  groups: ['project_id', 'group_type_index', 'group_key'],
};

// Bookkeeping of each engine, and the tables copied by their own steps.
const NOT_METADATA = new Set([
  'schema_migrations',
  'signpost_storage_migration',
  'events',
  'cohort_static_members',
  ...Object.keys(IDENTITY_KEYS),
]);

// Names come from the catalogues; still, only plain ones are ever put into SQL text.
const PLAIN = /^[a-z_][a-z0-9_]*$/;
export const ident = (name: string): string => {
  if (!PLAIN.test(name)) throw new Error(`"${name}" is not a plain table or column name.`);
  return `"${name}"`;
};

function collect(rows: Record<string, unknown>[]): Tables {
  const tables: Tables = new Map();
  for (const r of rows) {
    const table = String(r.table_name);
    const columns = tables.get(table) ?? new Map<string, string>();
    columns.set(String(r.column_name), String(r.data_type).toUpperCase());
    tables.set(table, columns);
  }
  return tables;
}

export async function duckDbTables(db: DuckDbDatabase): Promise<Tables> {
  return collect(
    await db.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`,
    ),
  );
}

export async function postgresTables(db: PostgresDatabase): Promise<Tables> {
  return collect(
    await db.run(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    ),
  );
}

/** A table both engines hold, and the columns they share (copied by name; the rest keep their defaults). */
export interface SharedTable {
  name: string;
  columns: string[];
}

/** Metadata tables present on both sides; a table only one side knows is reported, not guessed at. */
export function sharedMetadataTables(a: Tables, b: Tables): { shared: SharedTable[]; oneSided: string[] } {
  const shared: SharedTable[] = [];
  const oneSided: string[] = [];
  for (const [name, columns] of a) {
    if (NOT_METADATA.has(name)) continue;
    const other = b.get(name);
    if (!other) {
      oneSided.push(name);
      continue;
    }
    shared.push({ name, columns: [...columns.keys()].filter((c) => other.has(c)) });
  }
  for (const name of b.keys()) if (!a.has(name) && !NOT_METADATA.has(name)) oneSided.push(name);
  return { shared, oneSided: oneSided.sort() };
}

export function sharedColumns(a: Tables, b: Tables, table: string): string[] {
  const left = a.get(table);
  const right = b.get(table);
  if (!left || !right) throw new Error(`Table ${table} is missing on one side.`);
  return [...left.keys()].filter((c) => right.has(c));
}

/**
 * A DuckDB select list PostgreSQL can take as is: documents and UUIDs as text (kept exactly as stored),
 * BIGINTs as text (exact; the driver would need them as strings anyway), timestamps as JS Dates (UTC).
 */
export function duckDbSelectList(columns: readonly string[], types: Columns): string {
  return columns
    .map((c) => {
      const type = types.get(c) ?? '';
      return /^(JSON|UUID|BIGINT|HUGEINT|UBIGINT)$/.test(type)
        ? `${ident(c)}::VARCHAR AS ${ident(c)}`
        : ident(c);
    })
    .join(', ');
}

/** A PostgreSQL select list DuckDB can take: `json` as its text (not re-serialised), the rest as the driver reads it. */
export function postgresSelectList(columns: readonly string[], types: Columns): string {
  return columns
    .map((c) => {
      const type = types.get(c) ?? '';
      return /^(JSON|JSONB|UUID|BIGINT)$/.test(type) ? `${ident(c)}::text AS ${ident(c)}` : ident(c);
    })
    .join(', ');
}

/** A value as a bound parameter both engines cast to the column's type (DuckDB parses ISO text into TIMESTAMP). */
export function portable(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** `($1, $2), ($3, $4)…` for a multi-row INSERT. */
export function valuesClause(rows: number, columns: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const slots = Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`);
    tuples.push(`(${slots.join(', ')})`);
  }
  return tuples.join(', ');
}
