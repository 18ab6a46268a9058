import type { ScheduledChange } from '../../schedules/scheduled-change.ts';
import { byDueOrder as byDue, stoppedPlanReason } from '../../schedules/scheduled-change.ts';
import type { ScheduledChangeQuery, ScheduledChangeStore } from '../../schedules/scheduled-change-store.ts';
import { insertParams, SCHEDULED_CHANGE_SQL as SQL, scheduledChangeOf } from '../scheduled-change-sql.ts';
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

/** One process writes DuckDB, through its single write connection: a claim cannot race another node. */
export class DuckDbScheduledChangeStore implements ScheduledChangeStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async insert(changes: ScheduledChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.db.write(async (c) => {
      for (const change of changes) await c.run(SQL.insert, insertParams(change, timestampValue));
    });
  }

  async list(q: ScheduledChangeQuery): Promise<ScheduledChange[]> {
    const { sql, params } = SQL.list(q);
    return (await this.db.queryWriter(sql, params)).map((r) => scheduledChangeOf(columns(r)));
  }

  async get(id: string): Promise<ScheduledChange | undefined> {
    const [row] = await this.db.queryWriter(SQL.get, [id]);
    return row && scheduledChangeOf(columns(row));
  }

  async claimDue(now: Date, limit: number): Promise<ScheduledChange[]> {
    const rows = await this.db.write(async (c) =>
      (await c.runAndReadAll(SQL.claim(false), [timestampValue(now), limit])).getRowObjectsJS(),
    );
    return rows.map((r) => scheduledChangeOf(columns(r))).sort(byDue);
  }

  async recordFailure(id: string, reason: string, at: Date): Promise<void> {
    await this.db.write(async (c) => {
      const [row] = (await c.runAndReadAll(SQL.recordFailure, [id, reason])).getRowObjectsJS();
      const planId = row?.plan_id;
      if (typeof planId === 'string')
        await c.run(SQL.stopPlan, [planId, timestampValue(at), stoppedPlanReason(reason)]);
    });
  }

  async cancel(id: string, at: Date): Promise<boolean> {
    const rows = await this.db.write(async (c) =>
      (await c.runAndReadAll(SQL.cancel, [id, timestampValue(at)])).getRowObjectsJS(),
    );
    return rows.length > 0;
  }

  async pausePlan(planId: string, fromStep: number, reason: string, at: Date): Promise<string[]> {
    const rows = await this.db.write(async (c) =>
      (
        await c.runAndReadAll(SQL.pausePlan, [planId, fromStep, timestampValue(at), reason])
      ).getRowObjectsJS(),
    );
    return rows.map((r) => str(r, 'id'));
  }

  async resumePlan(planId: string, by: string): Promise<boolean> {
    return this.db.write(async (c) => {
      const [held] = (await c.runAndReadAll(SQL.pausedSteps, [planId])).getRowObjectsJS();
      if (!held) return false;
      await c.run(SQL.unpause, [planId, str(held, 'id'), by]);
      return true;
    });
  }

  async cancelPlan(planId: string, at: Date): Promise<number> {
    const rows = await this.db.write(async (c) =>
      (await c.runAndReadAll(SQL.cancelPlan, [planId, timestampValue(at)])).getRowObjectsJS(),
    );
    return rows.length;
  }

  async nextDue(): Promise<Date | null> {
    const [row] = await this.db.queryWriter(SQL.nextDue);
    return row && !missing(row.due) ? date(row, 'due') : null;
  }
}
