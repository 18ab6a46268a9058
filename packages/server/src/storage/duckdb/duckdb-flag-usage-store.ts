import type { FlagUsageRow } from '../../flag-usage/flag-usage.ts';
import type { FlagUsageStore } from '../../flag-usage/flag-usage-store.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { num, str } from './row-values.ts';

export class DuckDbFlagUsageStore implements FlagUsageStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async addUsage(rows: readonly FlagUsageRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.write(async (c) => {
      for (const r of rows)
        await c.run(
          `INSERT INTO flag_usage VALUES ($1, $2, $3::DATE, $4, $5)
           ON CONFLICT (environment_id, flag_key, day, value) DO UPDATE SET count = count + excluded.count`,
          [r.environmentId, r.flagKey, r.day, r.value, r.count],
        );
    });
  }

  async listUsage(environmentId: number, sinceDay: string): Promise<FlagUsageRow[]> {
    const rows = await this.db.query(
      `SELECT flag_key, strftime(day, '%Y-%m-%d') AS day, value, count FROM flag_usage
       WHERE environment_id = $1 AND day >= $2::DATE ORDER BY flag_key, day, value`,
      [environmentId, sinceDay],
    );
    return rows.map((r) => ({
      environmentId,
      flagKey: str(r, 'flag_key'),
      day: str(r, 'day'),
      value: str(r, 'value'),
      count: num(r, 'count'),
    }));
  }

  async lastUsedDays(environmentId: number): Promise<Map<string, string>> {
    const rows = await this.db.query(
      `SELECT flag_key, strftime(max(day), '%Y-%m-%d') AS day FROM flag_usage
       WHERE environment_id = $1 GROUP BY flag_key`,
      [environmentId],
    );
    return new Map(rows.map((r) => [str(r, 'flag_key'), str(r, 'day')]));
  }
}
