import type { FlagUsageRow } from '../../flag-usage/flag-usage.ts';
import type { FlagUsageStore } from '../../flag-usage/flag-usage-store.ts';
import type { PostgresDatabase } from './postgres-database.ts';
import { num, str } from './row-values.ts';

export class PostgresFlagUsageStore implements FlagUsageStore {
  constructor(private readonly db: PostgresDatabase) {}

  async addUsage(rows: readonly FlagUsageRow[]): Promise<void> {
    if (rows.length === 0) return;
    // One statement for the whole flush: nodes flushing together each add atomically, none overwrites.
    await this.db.run(
      `INSERT INTO flag_usage (environment_id, flag_key, day, value, count)
       SELECT * FROM unnest($1::int[], $2::text[], $3::date[], $4::text[], $5::bigint[])
       ON CONFLICT (environment_id, flag_key, day, value) DO UPDATE SET count = flag_usage.count + excluded.count`,
      [
        rows.map((r) => String(r.environmentId)),
        rows.map((r) => r.flagKey),
        rows.map((r) => r.day),
        rows.map((r) => r.value),
        rows.map((r) => String(r.count)),
      ],
    );
  }

  async listUsage(environmentId: number, sinceDay: string): Promise<FlagUsageRow[]> {
    const rows = await this.db.run(
      `SELECT flag_key, to_char(day, 'YYYY-MM-DD') AS day, value, count::float8 AS count FROM flag_usage
       WHERE environment_id = $1 AND day >= $2::date ORDER BY flag_key COLLATE "C", day, value COLLATE "C"`,
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
    const rows = await this.db.run(
      `SELECT flag_key, to_char(max(day), 'YYYY-MM-DD') AS day FROM flag_usage
       WHERE environment_id = $1 GROUP BY flag_key`,
      [environmentId],
    );
    return new Map(rows.map((r) => [str(r, 'flag_key'), str(r, 'day')]));
  }
}
