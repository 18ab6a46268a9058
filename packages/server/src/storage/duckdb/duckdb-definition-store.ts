import { randomUUID } from 'node:crypto';
import type { DuckDBValue } from '@duckdb/node-api';
import { SqlDefinitionStore } from '../definition-sql.ts';
import type { Columns } from '../webhook-sql.ts';
import type { DuckDbDatabase, Row } from './duckdb-database.ts';
import { bool, date, num, str, timestampValue } from './row-values.ts';

const missing = (v: unknown) => v === null || v === undefined;
const columns = (r: Row): Columns => ({
  str: (k) => str(r, k),
  num: (k) => num(r, k),
  bool: (k) => bool(r, k),
  date: (k) => date(r, k),
  optionalNum: (k) => (missing(r[k]) ? null : num(r, k)),
  optionalStr: (k) => (missing(r[k]) ? null : str(r, k)),
  optionalDate: (k) => (missing(r[k]) ? null : date(r, k)),
});

/** Reads go through the write connection, so a list right after a flush or a PATCH sees it. */
export function duckDbDefinitionStore(db: DuckDbDatabase): SqlDefinitionStore<DuckDBValue> {
  return new SqlDefinitionStore<DuckDBValue>({
    transaction: (fn) =>
      db.write((c) => fn(async (sql, params) => (await c.runAndReadAll(sql, params)).getRowObjectsJS())),
    query: (sql, params) => db.queryWriter(sql, params),
    time: timestampValue,
    columns: (r) => columns(r as Row),
    // DuckDB's `lower` folds Unicode, and `contains` takes the text literally (no LIKE wildcards to escape).
    search: { condition: (param) => `contains(lower(name), ${param})`, value: (s) => s.toLowerCase() },
    nameOrder: 'name',
    newId: randomUUID,
  });
}
