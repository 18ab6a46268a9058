import type { Alert, AlertCheck } from '../../alerts/alert.ts';
import type { AlertStore } from '../../alerts/alert-store.ts';
import { alertOf, byDue, configOf, insertParams, ALERT_SQL as SQL } from '../alert-sql.ts';
import type { Columns } from '../webhook-sql.ts';
import type { PostgresDatabase, Row } from './postgres-database.ts';
import { date, num, optionalDate, optionalNum, optionalStr, str } from './row-values.ts';

const columns = (r: Row): Columns => ({
  str: (k) => str(r, k),
  num: (k) => num(r, k),
  bool: (k) => r[k] === true,
  date: (k) => date(r, k),
  optionalNum: (k) => optionalNum(r, k),
  optionalStr: (k) => optionalStr(r, k),
  optionalDate: (k) => optionalDate(r, k),
});

/**
 * Shared by every node: the claim locks the rows it takes and skips those another node's claim holds, so two
 * nodes polling at once split the due alerts instead of both checking (and both firing) one.
 */
export class PostgresAlertStore implements AlertStore {
  constructor(private readonly db: PostgresDatabase) {}

  async list(projectId: number): Promise<Alert[]> {
    return (await this.db.run(SQL.list, [projectId])).map((r) => alertOf(columns(r)));
  }

  async get(id: string): Promise<Alert | undefined> {
    const [row] = await this.db.run(SQL.get, [id]);
    return row && alertOf(columns(row));
  }

  async insert(a: Alert): Promise<void> {
    await this.db.run(SQL.insert, [...insertParams(a)]);
  }

  async update(a: Alert): Promise<void> {
    await this.db.run(SQL.update, [a.id, configOf(a), a.enabled, a.nextCheckAt]);
  }

  async delete(id: string): Promise<void> {
    await this.db.run(SQL.delete, [id]);
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<Alert[]> {
    const rows = await this.db.run(SQL.claim(true), [now, leaseUntil, limit]);
    return rows.map((r) => alertOf(columns(r))).sort(byDue);
  }

  async recordCheck(k: AlertCheck): Promise<void> {
    await this.db.run(SQL.recordCheck, [k.alertId, k.state, k.value, k.message, k.checkedAt, k.nextCheckAt]);
  }
}
