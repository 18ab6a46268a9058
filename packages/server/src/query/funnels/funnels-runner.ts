import { AppError } from '../../errors/app-error.ts';
import { queryRange } from '../actor-events.ts';
import { execute, newContext, type QueryEngine, toNumber } from '../query-engine.ts';
import type { SqlRow } from '../query-runner.ts';
import type { EventsNode, FunnelsQuery } from '../query-schemas.ts';
import { BREAKDOWN_OTHER } from '../trends/breakdown-sql.ts';
import { funnelActorsSql, funnelConversionTimesSql, funnelStepsSql } from './funnel-sql.ts';
import { type TimeToConvert, timeToConvertBins } from './time-to-convert.ts';

/** One step of a funnel result, in PostHog's shape plus the conversion rates its UI derives. */
export interface FunnelStep {
  action_id: string | null;
  name: string;
  custom_name: string | null;
  order: number;
  type: 'events';
  count: number;
  people: string[];
  average_conversion_time: number | null;
  median_conversion_time: number | null;
  conversionRates: { fromPrevious: number; total: number };
  breakdown?: string[];
  breakdown_value?: string[];
}

interface StepStats {
  count: number;
  avg: number | null;
  median: number | null;
}

const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const numberOrNull = (v: unknown) => (v === null || v === undefined ? null : toNumber(v));

/** A row of `funnelStepsSql`: `c<k>` per step, `a<k>`/`m<k>` from the step before. */
function statsOfRow(r: SqlRow, n: number): StepStats[] {
  return Array.from({ length: n }, (_, k) => {
    const count = toNumber(r[`c${k}`]);
    // Nobody reached the step: no time (ClickHouse answers NaN for the average of nothing).
    if (k === 0 || count === 0) return { count, avg: null, median: null };
    return { count, avg: numberOrNull(r[`a${k}`]), median: numberOrNull(r[`m${k}`]) };
  });
}

function stepsOf(series: EventsNode[], stats: StepStats[], breakdown: string | null): FunnelStep[] {
  const first = stats[0]?.count ?? 0;
  return series.map((s, i) => {
    const st = stats[i] ?? { count: 0, avg: null, median: null };
    const previous = i === 0 ? st.count : (stats[i - 1]?.count ?? 0);
    return {
      action_id: s.event ?? null,
      name: s.event ?? 'All events',
      custom_name: s.custom_name ?? null,
      order: i,
      type: 'events',
      count: st.count,
      people: [],
      average_conversion_time: i === 0 ? null : st.avg,
      median_conversion_time: i === 0 ? null : st.median,
      conversionRates: { fromPrevious: rate(st.count, previous), total: rate(st.count, first) },
      ...(breakdown === null ? {} : { breakdown: [breakdown], breakdown_value: [breakdown] }),
    };
  });
}

/**
 * FunnelsQuery: per actor the furthest step reached within the conversion window, then counts and
 * conversion times per step. `steps` returns the steps (a list of them per breakdown value);
 * `time_to_convert` the histogram of times between funnelFromStep and funnelToStep.
 */
export async function runFunnelsQuery(
  engine: QueryEngine,
  q: FunnelsQuery,
): Promise<FunnelStep[] | FunnelStep[][] | TimeToConvert> {
  const range = await queryRange(engine, q.dateRange, 'day');
  const ctx = newContext(engine);
  const actors = funnelActorsSql(ctx, q, range);
  const n = q.series.length;
  if (q.funnelsFilter?.funnelVizType === 'time_to_convert') {
    const from = q.funnelsFilter.funnelFromStep ?? 0;
    const to = q.funnelsFilter.funnelToStep ?? n - 1;
    if (to >= n || from >= to)
      throw new AppError(
        'INVALID_QUERY',
        `funnelFromStep must come before funnelToStep, within the ${n} steps.`,
        'funnelsFilter.funnelToStep',
      );
    // One row per converting actor: the histogram is built here, so the rows are what the budget bounds.
    const rows = await execute(engine, ctx, funnelConversionTimesSql(ctx, actors, from, to), {
      advice: 'narrow the date range or add filters: time to convert reads one time per converting actor',
    });
    const seconds = rows.map((r, i) => {
      engine.budget.tick(i);
      return toNumber(r.secs);
    });
    return timeToConvertBins(seconds, q.funnelsFilter.binCount);
  }
  const advice = 'narrow the date range, add filters or lower breakdownFilter.breakdown_limit';
  const rows = await execute(engine, ctx, funnelStepsSql(ctx, actors, n), { advice });
  const byValue = new Map<string, StepStats[]>();
  for (const [i, r] of rows.entries()) {
    engine.budget.tick(i);
    byValue.set(String(r.bd ?? ''), statsOfRow(r, n));
  }
  engine.budget.reserve(Math.max(1, byValue.size) * n, advice);
  if (!q.breakdownFilter?.breakdown) return stepsOf(q.series, byValue.get('') ?? [], null);
  // Biggest first-step count first, "other" last, as PostHog lists breakdown funnels.
  const values = [...byValue.keys()].sort((a, b) => {
    if (a === BREAKDOWN_OTHER || b === BREAKDOWN_OTHER) return a === BREAKDOWN_OTHER ? 1 : -1;
    const diff = (byValue.get(b)?.[0]?.count ?? 0) - (byValue.get(a)?.[0]?.count ?? 0);
    return diff || (a < b ? -1 : a > b ? 1 : 0);
  });
  return values.map((v) => stepsOf(q.series, byValue.get(v) ?? [], v));
}
