import type { ResolvedRange } from '../date-range.ts';
import { type QueryEngine, toNumber } from '../query-engine.ts';
import type { TrendsQuery } from '../query-schemas.ts';
import type { SeriesMode } from './series-sql.ts';

const DAY_MS = 86_400_000;

/**
 * Whether a series may add the daily rollups the retention job kept for expired events: only a plain count of
 * one named event, unfiltered and not broken down, bucketed by day or longer, in a UTC project (rollup days are
 * UTC days), on DuckDB (the engine that keeps rollups). Anything else reads raw events only, as before.
 */
export function readsRollups(engine: QueryEngine, q: TrendsQuery, index: number, mode: SeriesMode): boolean {
  const s = q.series[index];
  const noProperties = (p: unknown) => p === null || p === undefined || (Array.isArray(p) && p.length === 0);
  return (
    engine.runner.dialect === 'duckdb' &&
    engine.env.timeZone === 'UTC' &&
    mode !== 'firstSeen' &&
    (q.interval ?? 'day') !== 'hour' &&
    typeof s?.event === 'string' &&
    (s.math ?? 'total') === 'total' &&
    noProperties(s.properties) &&
    noProperties(q.properties) &&
    !q.filterTestAccounts &&
    !q.breakdownFilter?.breakdown &&
    (q.aggregation_group_type_index ?? null) === null
  );
}

/** Rolled-up counts of `event` per bucket of `range` (a rolled-up day's raw events were deleted, so they add). */
export async function rollupCounts(
  engine: QueryEngine,
  event: string,
  range: ResolvedRange,
): Promise<number[]> {
  const ids = engine.env.environmentIds ?? [engine.env.projectId];
  const placeholders = ids.map((_, i) => `$${i + 4}`).join(', ');
  const rows = await engine.runner.run(
    `SELECT epoch_ms(day::TIMESTAMP) AS day, sum(count) AS n FROM event_daily_rollups
     WHERE event = $1 AND day >= $2::DATE AND day < $3::DATE AND project_id IN (${placeholders}) GROUP BY day`,
    [event, dayOf(range.fromWall), dayOf(range.toWall + DAY_MS - 1), ...ids],
    { timeoutMs: engine.budget.remainingMs, maxRows: 100_000 },
  );
  const counts = range.buckets.map(() => 0);
  for (const row of rows) {
    const day = toNumber(row.day);
    if (day < range.fromWall - (range.fromWall % DAY_MS) || day >= range.toWall) continue;
    // The last bucket starting at or before the day (a week or month bucket holds several days).
    let i = range.buckets.length - 1;
    while (i > 0 && (range.buckets[i] ?? 0) > day) i--;
    counts[i] = (counts[i] ?? 0) + toNumber(row.n);
  }
  return counts;
}

const dayOf = (wallMs: number) => new Date(wallMs).toISOString().slice(0, 10);
