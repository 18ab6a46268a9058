import type { QueryTarget } from '../api/api-auth.ts';
import type { Insight } from '../insights/insight.ts';
import { insightSource } from '../insights/insight-query.ts';
import type { Alert, GuardrailSpec, InsightAlertSpec } from './alert.ts';
import { judgeGuardrail, judgeSeries, type Verdict } from './alert-verdict.ts';
import { probeSrm, type SrmProbeDeps } from './srm-probe.ts';

export interface AlertProbeDeps extends SrmProbeDeps {
  /** The query engine's entry (QueryService.run): alerts read data the way insights do. */
  runQuery: (target: QueryTarget, body: unknown) => Promise<Record<string, unknown>>;
  target: (environmentId: number) => QueryTarget | undefined;
  insight: (projectId: number, id: number) => Insight | undefined;
  flagKey: (environmentId: number, flagId: number) => string | undefined;
}

interface SeriesResult {
  data?: unknown;
  aggregated_value?: unknown;
}

const seriesOf = (response: Record<string, unknown>): SeriesResult[] =>
  Array.isArray(response.results) ? (response.results as SeriesResult[]) : [];

/** Reads what an alert watches now and judges it; a string says why it could not be read. */
export async function probe(deps: AlertProbeDeps, alert: Alert, now: Date): Promise<Verdict | string> {
  const target = deps.target(alert.environmentId);
  if (!target) return `environment ${alert.environmentId} no longer exists`;
  if (alert.spec.kind === 'insight') return probeInsight(deps, target, alert.projectId, alert.spec);
  if (alert.spec.kind === 'srm') return probeSrm(deps, target, alert.environmentId, alert.spec, now);
  return probeGuardrail(deps, target, alert.environmentId, alert.spec, now);
}

async function probeInsight(
  deps: AlertProbeDeps,
  target: QueryTarget,
  projectId: number,
  spec: InsightAlertSpec,
): Promise<Verdict | string> {
  const insight = deps.insight(projectId, spec.insightId);
  if (!insight) return `insight ${spec.insightId} no longer exists`;
  const source = insightSource(insight.query);
  if (source.kind !== 'TrendsQuery') return `insight ${spec.insightId} is no longer a trends insight`;
  // Per-interval points whatever the insight displays (a bold number has one total), and no comparison series.
  const query = {
    ...source,
    compareFilter: null,
    trendsFilter: { ...source.trendsFilter, display: 'ActionsLineGraph' },
  };
  const series = seriesOf(await deps.runQuery(target, { query, refresh: true }))[spec.seriesIndex];
  if (!series || !Array.isArray(series.data)) return `the insight has no series ${spec.seriesIndex}`;
  return judgeSeries(spec, series.data.map(Number));
}

async function probeGuardrail(
  deps: AlertProbeDeps,
  target: QueryTarget,
  environmentId: number,
  spec: GuardrailSpec,
  now: Date,
): Promise<Verdict | string> {
  const key = deps.flagKey(environmentId, spec.flagId);
  if (key === undefined) return `flag ${spec.flagId} no longer exists`;
  // posthog-js and posthog-node put `$feature/<key>` on every event they capture: set and not false means on.
  const flagOn = [
    { key: `$feature/${key}`, operator: 'is_set', type: 'event' },
    { key: `$feature/${key}`, operator: 'is_not', value: ['false'], type: 'event' },
  ];
  const node = (event: string) => ({ kind: 'EventsNode', event, math: 'total', properties: flagOn });
  const series = [node(spec.event), ...(spec.denominatorEvent ? [node(spec.denominatorEvent)] : [])];
  const query = {
    kind: 'TrendsQuery',
    series,
    interval: 'hour',
    dateRange: {
      date_from: new Date(now.getTime() - spec.windowMinutes * 60_000).toISOString(),
      date_to: now.toISOString(),
      explicitDate: true,
    },
    trendsFilter: { display: 'BoldNumber' },
  };
  const [numerator, denominator] = seriesOf(await deps.runQuery(target, { query, refresh: true })).map((s) =>
    Number(s.aggregated_value ?? 0),
  );
  return judgeGuardrail(spec, numerator ?? 0, spec.denominatorEvent ? (denominator ?? 0) : null);
}
