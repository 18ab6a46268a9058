import type { DailyVolume, EventRetentionStore } from '../../retention/event-retention-store.ts';
import { ROW_OVERHEAD_BYTES } from '../../retention/event-retention-store.ts';
import type { DuckDbDatabase } from './duckdb-database.ts';
import { ExpiryWindows } from './expiry-windows.ts';
import { num, str, timestampValue } from './row-values.ts';

/** Bytes of a row: its properties' UTF-8 length plus the fixed estimate of the other columns. */
const ROW_BYTES = `strlen(properties::VARCHAR) + ${ROW_OVERHEAD_BYTES}`;

export class DuckDbEventRetentionStore implements EventRetentionStore {
  private readonly windows = new ExpiryWindows();

  constructor(private readonly db: DuckDbDatabase) {}

  async deleteEventsBefore(environmentId: number, before: Date, limit: number): Promise<number> {
    // Windows that turn out empty (a gap in the data) are skipped here, so 0 means nothing is left.
    for (;;) {
      const window = await this.windows.next(environmentId, before, () => this.oldest(environmentId, before));
      if (!window) return 0;
      const deleted = await this.db.write(async (c) =>
        Number(
          (
            await c.run('DELETE FROM events WHERE project_id = $1 AND timestamp >= $2 AND timestamp < $3', [
              environmentId,
              timestampValue(window.from),
              timestampValue(window.to),
            ])
          ).rowsChanged,
        ),
      );
      this.windows.advance(environmentId, window.to, deleted, limit);
      if (deleted > 0) return deleted;
    }
  }

  private async oldest(environmentId: number, before: Date): Promise<Date | undefined> {
    const rows = await this.db.query(
      'SELECT min(timestamp) AS t FROM events WHERE project_id = $1 AND timestamp < $2',
      [environmentId, timestampValue(before)],
    );
    const t = rows[0]?.t;
    return t instanceof Date ? t : undefined;
  }

  async rollUpBefore(environmentId: number, before: Date): Promise<void> {
    // A day rolled up by an earlier run gains what arrived late for it; distinct persons can only be
    // approximated across runs (the larger count), as two runs' persons cannot be told apart afterwards.
    await this.db.write((c) =>
      c.run(
        `INSERT INTO event_daily_rollups
           SELECT project_id, timestamp::DATE, event, count(*), count(DISTINCT person_id) FROM events
           WHERE project_id = $1 AND timestamp < $2 GROUP BY ALL
         ON CONFLICT (project_id, day, event) DO UPDATE
           SET count = count + excluded.count, persons = greatest(persons, excluded.persons)`,
        [environmentId, timestampValue(before)],
      ),
    );
  }

  async volume(environmentIds: readonly number[], since: Date) {
    if (environmentIds.length === 0) return { days: [], total: { events: 0, bytes: 0 } };
    const ids = (first: number) => environmentIds.map((_, i) => `$${i + first}`).join(', ');
    const [daily, total] = await Promise.all([
      this.db.query(
        `SELECT strftime(timestamp::DATE, '%Y-%m-%d') AS day, count(*) AS events, sum(${ROW_BYTES}) AS bytes
         FROM events WHERE project_id IN (${ids(2)}) AND timestamp >= $1 GROUP BY ALL ORDER BY day`,
        [timestampValue(since), ...environmentIds],
      ),
      this.db.query(
        `SELECT count(*) AS events, coalesce(sum(${ROW_BYTES}), 0) AS bytes FROM events
         WHERE project_id IN (${ids(1)})`,
        [...environmentIds],
      ),
    ]);
    const days: DailyVolume[] = daily.map((r) => ({
      day: str(r, 'day'),
      events: num(r, 'events'),
      bytes: num(r, 'bytes'),
    }));
    const row = total[0];
    return { days, total: { events: row ? num(row, 'events') : 0, bytes: row ? num(row, 'bytes') : 0 } };
  }
}
