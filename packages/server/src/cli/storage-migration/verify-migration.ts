import type { DuckDbDatabase } from '../../storage/duckdb/duckdb-database.ts';
import type { PostgresDatabase } from '../../storage/postgres/postgres-database.ts';
import { type ClickHouseTarget, chRows } from './clickhouse-target.ts';
import { IDENTITY_KEYS, ident, type SharedTable } from './table-columns.ts';

/** One comparison of the report: what DuckDB holds against what PostgreSQL / a ClickHouse node holds. */
export interface Check {
  what: string;
  duckdb: string;
  target: string;
  ok: boolean;
}

const check = (what: string, duckdb: unknown, target: unknown): Check => ({
  what,
  duckdb: String(duckdb),
  target: String(target),
  ok: String(duckdb) === String(target),
});

const count = async (run: Promise<Record<string, unknown>[]>): Promise<number> =>
  Number((await run)[0]?.n ?? 0);

// Per environment and month: rows, distinct uuids, characters of every text column the copy carries, and the
// first and last time to the millisecond. Both engines compute each figure the same way (characters, not bytes).
const DUCK_EVENTS = `SELECT project_id, strftime(timestamp, '%Y-%m') AS month, count(*) AS n,
  count(DISTINCT uuid) AS uuids, count(DISTINCT person_id) AS persons,
  sum(length(properties::VARCHAR)) AS props, sum(length(distinct_id)) AS ids, sum(length(event)) AS names,
  sum(length(group_0) + length(group_1) + length(group_2) + length(group_3) + length(group_4)) AS groups,
  epoch_ms(min(timestamp)) AS first, epoch_ms(max(timestamp)) AS last, epoch_ms(max(created_at)) AS created
  FROM events GROUP BY ALL ORDER BY project_id, month`;

const chEvents = (
  table: string,
) => `SELECT project_id, formatDateTime(timestamp, '%Y-%m') AS month, count() AS n,
  uniqExact(uuid) AS uuids, uniqExact(person_id) AS persons,
  sum(lengthUTF8(properties)) AS props, sum(lengthUTF8(distinct_id)) AS ids, sum(lengthUTF8(event)) AS names,
  sum(lengthUTF8(group_0) + lengthUTF8(group_1) + lengthUTF8(group_2) + lengthUTF8(group_3) + lengthUTF8(group_4)) AS groups,
  toUnixTimestamp64Milli(min(timestamp)) AS first, toUnixTimestamp64Milli(max(timestamp)) AS last,
  toUnixTimestamp64Milli(max(created_at)) AS created
  FROM ${table} FINAL GROUP BY project_id, month ORDER BY project_id, month
  SETTINGS output_format_json_quote_64bit_integers = 0`;

const FIGURES = [
  'n',
  'uuids',
  'persons',
  'props',
  'ids',
  'names',
  'groups',
  'first',
  'last',
  'created',
] as const;
const figures = (r: Record<string, unknown> | undefined): string =>
  r ? FIGURES.map((f) => `${f}=${Number(r[f] ?? 0)}`).join(' ') : 'missing';

/**
 * Compares both sides after a copy, in either direction: every metadata table's rows, each identity table's
 * keys in PostgreSQL and on every ClickHouse node holding a copy, and the events of each environment per month.
 */
export async function verifyMigration(
  duck: DuckDbDatabase,
  pg: PostgresDatabase,
  ch: ClickHouseTarget,
  metadata: readonly SharedTable[],
): Promise<Check[]> {
  const checks: Check[] = [];
  for (const { name } of metadata)
    checks.push(
      check(
        `${name} rows`,
        await count(duck.query(`SELECT count(*) AS n FROM ${ident(name)}`)),
        await count(pg.run(`SELECT count(*) AS n FROM ${ident(name)}`)),
      ),
    );
  for (const [table, keys] of [...Object.entries(IDENTITY_KEYS), ['cohort_static_members', []] as const]) {
    const keyList = keys.map(ident).join(', ');
    const duckCount = await count(
      duck.query(
        keys.length > 0
          ? `SELECT count(*) AS n FROM (SELECT DISTINCT ${keyList} FROM ${ident(table)})`
          : `SELECT count(*) AS n FROM ${ident(table)}`,
      ),
    );
    checks.push(
      check(
        `${table} rows (postgres)`,
        duckCount,
        await count(pg.run(`SELECT count(*) AS n FROM ${ident(table)}`)),
      ),
    );
    const chKeys = keys.join(', ');
    for (const [i, node] of ch.copies.entries()) {
      const [row] = await chRows<{ n: number }>(
        node,
        keys.length > 0
          ? `SELECT count() AS n FROM (SELECT 1 FROM ${ch.table(table)} GROUP BY ${chKeys})
             SETTINGS output_format_json_quote_64bit_integers = 0`
          : `SELECT count() AS n FROM ${ch.table(table)} SETTINGS output_format_json_quote_64bit_integers = 0`,
      );
      checks.push(check(`${table} rows (clickhouse node ${i + 1})`, duckCount, row?.n ?? 0));
    }
  }
  const duckMonths = new Map(
    (await duck.query(DUCK_EVENTS)).map((r) => [`${String(r.project_id)} ${String(r.month)}`, r]),
  );
  const chMonths = new Map(
    (await chRows<Record<string, unknown>>(ch.entry, chEvents(ch.table('events')))).map((r) => [
      `${String(r.project_id)} ${String(r.month)}`,
      r,
    ]),
  );
  for (const key of new Set([...duckMonths.keys(), ...chMonths.keys()]))
    checks.push(
      check(
        `events env ${key.replace(' ', ' month ')}`,
        figures(duckMonths.get(key)),
        figures(chMonths.get(key)),
      ),
    );
  return checks;
}

/** The report as printed: one line per check, mismatches marked. */
export function formatReport(checks: readonly Check[]): string {
  const width = Math.max(...checks.map((c) => c.what.length), 10);
  const lines = checks.map((c) =>
    c.ok
      ? `  ok        ${c.what.padEnd(width)}  ${c.duckdb}`
      : `  MISMATCH  ${c.what.padEnd(width)}  duckdb: ${c.duckdb}  target: ${c.target}`,
  );
  const bad = checks.filter((c) => !c.ok).length;
  return `Verification (DuckDB vs PostgreSQL + ClickHouse):\n${lines.join('\n')}\n${
    bad === 0 ? `All ${checks.length} checks match.` : `${bad} of ${checks.length} checks differ.`
  }\n`;
}
