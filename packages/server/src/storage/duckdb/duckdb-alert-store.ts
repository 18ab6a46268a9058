import type { Alert, AlertCheck } from '../../alerts/alert.ts';
import type { AlertStore } from '../../alerts/alert-store.ts';
import { alertOf, byDue, configOf, insertParams, ALERT_SQL as SQL } from '../alert-sql.ts';
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
const value = (v: unknown) => (v instanceof Date ? timestampValue(v) : v);

/** One process writes DuckDB, through its single write connection: a claim cannot race another node. */
export class DuckDbAlertStore implements AlertStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async list(projectId: number): Promise<Alert[]> {
    return (await this.db.queryWriter(SQL.list, [projectId])).map((r) => alertOf(columns(r)));
  }

  async get(id: string): Promise<Alert | undefined> {
    const [row] = await this.db.queryWriter(SQL.get, [id]);
    return row && alertOf(columns(row));
  }

  async insert(a: Alert): Promise<void> {
    await this.db.write((c) => c.run(SQL.insert, insertParams(a).map(value) as never));
  }

  async update(a: Alert): Promise<void> {
    await this.db.write((c) =>
      c.run(SQL.update, [a.id, configOf(a), a.enabled, timestampValue(a.nextCheckAt)]),
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.write((c) => c.run(SQL.delete, [id]));
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<Alert[]> {
    const rows = await this.db.write(async (c) =>
      (
        await c.runAndReadAll(SQL.claim(false), [timestampValue(now), timestampValue(leaseUntil), limit])
      ).getRowObjectsJS(),
    );
    return rows.map((r) => alertOf(columns(r))).sort(byDue);
  }

  async recordCheck(k: AlertCheck): Promise<void> {
    await this.db.write((c) =>
      c.run(SQL.recordCheck, [
        k.alertId,
        k.state,
        k.value,
        k.message,
        timestampValue(k.checkedAt),
        timestampValue(k.nextCheckAt),
      ]),
    );
  }
}
