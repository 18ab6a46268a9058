import type { ScheduledChange } from '../../schedules/scheduled-change.ts';
import { byDueOrder as byDue, stoppedPlanReason } from '../../schedules/scheduled-change.ts';
import type { ScheduledChangeQuery, ScheduledChangeStore } from '../../schedules/scheduled-change-store.ts';
import { insertParams, SCHEDULED_CHANGE_SQL as SQL, scheduledChangeOf } from '../scheduled-change-sql.ts';
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

/** Any fixed 64-bit number, the same in every build: held by the node running a scheduler pass. */
const PASS_LOCK = 0x5167_6e70_5c4e;

/**
 * Shared by every node: the claim sets `executed_at` on the rows it takes, skipping rows another node's claim
 * holds locked, so two schedulers polling at once never both apply one change.
 */
export class PostgresScheduledChangeStore implements ScheduledChangeStore {
  constructor(private readonly db: PostgresDatabase) {}

  async insert(changes: ScheduledChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const change of changes)
        await tx.run(
          SQL.insert,
          insertParams(change, (d) => d),
        );
    });
  }

  async list(q: ScheduledChangeQuery): Promise<ScheduledChange[]> {
    const { sql, params } = SQL.list(q);
    return (await this.db.run(sql, params)).map((r) => scheduledChangeOf(columns(r)));
  }

  async get(id: string): Promise<ScheduledChange | undefined> {
    const [row] = await this.db.run(SQL.get, [id]);
    return row && scheduledChangeOf(columns(row));
  }

  async claimDue(now: Date, limit: number): Promise<ScheduledChange[]> {
    const rows = await this.db.run(SQL.claim(true), [now, limit]);
    return rows.map((r) => scheduledChangeOf(columns(r))).sort(byDue);
  }

  async recordFailure(id: string, reason: string, at: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.run(SQL.recordFailure, [id, reason]);
      const planId = row?.plan_id;
      if (typeof planId === 'string') await tx.run(SQL.stopPlan, [planId, at, stoppedPlanReason(reason)]);
    });
  }

  async cancel(id: string, at: Date): Promise<boolean> {
    return (await this.db.run(SQL.cancel, [id, at])).length > 0;
  }

  async pausePlan(planId: string, fromStep: number, reason: string, at: Date): Promise<string[]> {
    return (await this.db.run(SQL.pausePlan, [planId, fromStep, at, reason])).map((r) => str(r, 'id'));
  }

  async resumePlan(planId: string, by: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [held] = await tx.run(`${SQL.pausedSteps} FOR UPDATE`, [planId]);
      if (!held) return false;
      await tx.run(SQL.unpause, [planId, str(held, 'id'), by]);
      return true;
    });
  }

  async cancelPlan(planId: string, at: Date): Promise<number> {
    return (await this.db.run(SQL.cancelPlan, [planId, at])).length;
  }

  async exclusively<T>(pass: () => Promise<T>): Promise<T | undefined> {
    const client = await this.db.connect();
    try {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        PASS_LOCK,
      ]);
      if (rows[0]?.ok !== true) return undefined;
      try {
        return await pass();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [PASS_LOCK]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  async nextDue(): Promise<Date | null> {
    const [row] = await this.db.run(SQL.nextDue);
    return row ? optionalDate(row, 'due') : null;
  }
}
