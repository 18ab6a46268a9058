import { AppError } from '../../errors/app-error.ts';
import { previousPeriod, type ResolvedRange, resolveDateRange } from '../date-range.ts';
import { earliestEvent, execute, newContext, type QueryEngine, toNumber } from '../query-engine.ts';
import type { SqlRow } from '../query-runner.ts';
import type { TrendsQuery } from '../query-schemas.ts';
import { wallKey } from '../zoned-time.ts';
import { BREAKDOWN_OTHER } from './breakdown-sql.ts';
import { type Formula, parseFormula } from './formula.ts';
import { readsRollups, rollupCounts } from './rollup-counts.ts';
import { isDistinctMath, type SeriesMode, seriesSql } from './series-sql.ts';
import {
  actionOf,
  breakdownLabel,
  filterOf,
  seriesName,
  shapeResult,
  type TrendsSeriesResult,
} from './trends-format.ts';

const TOTAL_DISPLAYS = new Set(['BoldNumber', 'ActionsPie', 'ActionsBarValue', 'ActionsTable', 'WorldMap']);
const NO_BREAKDOWN = '';

/** Per breakdown value: one number per bucket, or the single aggregated number. */
type SeriesValues = Map<string, { values: number[]; aggregated: number | undefined }>;

interface Period {
  range: ResolvedRange;
  label: 'current' | 'previous';
  series: SeriesValues[];
}

/** What to change when a trends result is too large, naming only the knobs this query turned. */
function trendsAdvice(q: TrendsQuery, interval: string): string {
  const knobs = ['narrow the date range'];
  if (interval === 'hour' || interval === 'day') knobs.push(`use a longer interval than "${interval}"`);
  if (q.breakdownFilter?.breakdown) knobs.push('lower breakdownFilter.breakdown_limit or drop the breakdown');
  if (q.series.length > 1) knobs.push('use fewer series');
  if (q.compareFilter?.compare) knobs.push('turn off compare');
  return knobs.join(', ');
}

async function runSeries(
  engine: QueryEngine,
  q: TrendsQuery,
  index: number,
  range: ResolvedRange,
  mode: SeriesMode,
  bound: { maxRows: number; advice: string },
): Promise<SeriesValues> {
  const ctx = newContext(engine);
  const sql = seriesSql(ctx, q, index, range, mode);
  const rows = await execute(engine, ctx, sql, bound);
  const budget = engine.budget;
  const position = new Map(range.buckets.map((b, i) => [wallKey(b), i]));
  const out: SeriesValues = new Map();
  const entry = (bd: string) => {
    let e = out.get(bd);
    if (!e) {
      // Each breakdown value costs a value per interval however few rows it has, so it is paid on sight.
      budget.reserve(range.buckets.length, bound.advice);
      e = { values: range.buckets.map(() => 0), aggregated: mode === 'total' ? 0 : undefined };
      out.set(bd, e);
    }
    return e;
  };
  for (let r = 0; r < rows.length; r++) {
    budget.tick(r);
    const row = rows[r] as SqlRow;
    const bd = row.bd === null || row.bd === undefined ? NO_BREAKDOWN : String(row.bd);
    const e = entry(bd);
    if (mode === 'total') e.aggregated = toNumber(row.value);
    else {
      const i = position.get(String(row.bucket));
      if (i !== undefined) e.values[i] = toNumber(row.value);
    }
  }
  if (!q.breakdownFilter?.breakdown) entry(NO_BREAKDOWN);
  const event = q.series[index]?.event;
  if (event && readsRollups(engine, q, index, mode)) {
    const rolled = await rollupCounts(engine, event, range);
    const e = entry(NO_BREAKDOWN);
    rolled.forEach((n, i) => {
      e.values[i] = (e.values[i] ?? 0) + n;
    });
    if (e.aggregated !== undefined) e.aggregated += rolled.reduce((a, b) => a + b, 0);
  }
  return out;
}

const weight = (e: { values: number[]; aggregated: number | undefined }) =>
  e.aggregated ?? e.values.reduce((a, b) => a + b, 0);

/** Breakdown values, biggest first, "other" last, as PostHog lists them. */
function orderedKeys(maps: SeriesValues[]): string[] {
  const totals = new Map<string, number>();
  for (const m of maps) for (const [k, e] of m) totals.set(k, (totals.get(k) ?? 0) + weight(e));
  return [...totals.keys()].sort((a, b) => {
    if (a === BREAKDOWN_OTHER || b === BREAKDOWN_OTHER) return a === BREAKDOWN_OTHER ? 1 : -1;
    return (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  });
}

function formulasOf(q: TrendsQuery): { text: string; name: string | null }[] {
  const f = q.trendsFilter;
  if (f?.formulaNodes?.length)
    return f.formulaNodes.map((n) => ({ text: n.formula, name: n.custom_name ?? null }));
  if (f?.formulas?.length) return f.formulas.map((text) => ({ text, name: null }));
  if (f?.formula) return [{ text: f.formula, name: null }];
  return [];
}

/** TrendsQuery: one SQL statement per series and period, then zero-fill, breakdown order, formulas, shape. */
export async function runTrendsQuery(engine: QueryEngine, q: TrendsQuery): Promise<TrendsSeriesResult[]> {
  const display = q.trendsFilter?.display ?? 'ActionsLineGraph';
  const total = TOTAL_DISPLAYS.has(display);
  const cumulative = display === 'ActionsLineGraphCumulative';
  const interval = total ? 'day' : (q.interval ?? 'day');
  const formulas = formulasOf(q).map((f, i) => ({
    ...f,
    run: parseFormula(f.text, q.series.length, `trendsFilter.formula${i ? `s.${i}` : ''}`),
  }));
  if (formulas.length > 0 && q.breakdownFilter?.breakdown_type === 'cohort')
    throw new AppError('INVALID_QUERY', 'Formulas over cohort breakdowns are not supported.', 'trendsFilter');
  const earliest = q.dateRange?.date_from === 'all' ? await earliestEvent(engine) : null;
  const current = resolveDateRange(q.dateRange ?? {}, interval, {
    now: engine.env.now,
    timeZone: engine.env.timeZone,
    earliest,
  });
  const ranges: { range: ResolvedRange; label: 'current' | 'previous' }[] = [
    { range: current, label: 'current' },
  ];
  if (q.compareFilter?.compare) ranges.push({ range: previousPeriod(current), label: 'previous' });
  // Every series of every period yields at least one row of values per interval.
  const advice = trendsAdvice(q, interval);
  const statements = ranges.length * q.series.length;
  engine.budget.predict(statements * current.buckets.length, advice);
  // Statements run side by side, so each may read only its share of the rows left.
  const bound = { maxRows: Math.floor(engine.budget.remainingCells / statements), advice };

  const periods: Period[] = await Promise.all(
    ranges.map(async ({ range, label }) => ({
      range,
      label,
      series: await Promise.all(
        q.series.map((s, i) => {
          const math = s.math ?? 'total';
          const mode: SeriesMode = total
            ? 'total'
            : cumulative && isDistinctMath(math)
              ? 'firstSeen'
              : 'line';
          return runSeries(engine, q, i, range, mode, bound);
        }),
      ),
    })),
  );

  const results: TrendsSeriesResult[] = [];
  const cohortBreakdown = q.breakdownFilter?.breakdown_type === 'cohort';
  const breakdownValue = (k: string) => (cohortBreakdown ? (k === '0' ? 'all' : Number(k)) : k);
  const bdLabel = (k: string) =>
    cohortBreakdown ? (k === '0' ? 'all users' : engine.env.cohort(Number(k)).name) : breakdownLabel(k);
  const budget = engine.budget;
  for (const p of periods) {
    const compare = q.compareFilter?.compare ? { compare: true, compare_label: p.label } : {};
    const filter = filterOf(q, p.range);
    if (formulas.length === 0) {
      q.series.forEach((s, i) => {
        const values = p.series[i] as SeriesValues;
        for (const k of orderedKeys([values])) {
          budget.tick(results.length);
          const e = values.get(k);
          if (!e) continue;
          const name = seriesName(s);
          const label =
            k === NO_BREAKDOWN ? name : q.series.length > 1 ? `${name} - ${bdLabel(k)}` : bdLabel(k);
          results.push(
            shapeResult({
              base: {
                action: actionOf(s, i, p.range),
                label,
                filter,
                ...(k === NO_BREAKDOWN ? {} : { breakdown_value: breakdownValue(k) }),
                ...compare,
              },
              range: p.range,
              values: e.values,
              aggregated: e.aggregated,
              cumulative,
            }),
          );
        }
      });
      continue;
    }
    const keys = orderedKeys(p.series);
    budget.reserve(formulas.length * keys.length * p.range.buckets.length, advice);
    for (const f of formulas) {
      for (const k of keys) {
        budget.tick(results.length);
        const pick = (i: number) => p.series[i]?.get(k);
        const at = (bucket: number) => q.series.map((_, i) => pick(i)?.values[bucket] ?? 0);
        const aggregated = total
          ? apply(
              f.run,
              q.series.map((_, i) => pick(i)?.aggregated ?? 0),
            )
          : undefined;
        const label = f.name ?? `Formula (${f.text})`;
        results.push(
          shapeResult({
            base: {
              action: {
                ...actionOf(q.series[0] ?? { kind: 'EventsNode' }, 0, p.range),
                name: label,
                math: 'formula',
              },
              label: k === NO_BREAKDOWN ? label : bdLabel(k),
              filter,
              ...(k === NO_BREAKDOWN ? {} : { breakdown_value: breakdownValue(k) }),
              ...compare,
            },
            range: p.range,
            values: p.range.buckets.map((_, b) => apply(f.run, at(b))),
            aggregated,
            cumulative,
          }),
        );
      }
    }
  }
  return results;
}

function apply(formula: Formula, values: number[]): number {
  const v = formula(values);
  return Number.isFinite(v) ? v : 0;
}
